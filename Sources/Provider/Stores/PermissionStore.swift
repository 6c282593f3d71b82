/// Which projects may use which checkpoint (`/v1/fine_tuning/checkpoints/{name}/permissions`).
struct PermissionStore: Sendable {
    private var byCheckpoint: [String: [PermissionRecord]] = [:]

    /// The permissions of `checkpoint`, oldest first.
    func permissions(of checkpoint: String) -> [PermissionRecord] { byCheckpoint[checkpoint] ?? [] }

    /// Adds a permission to `checkpoint`.
    mutating func add(_ record: PermissionRecord, to checkpoint: String) {
        byCheckpoint[checkpoint, default: []].append(record)
    }

    /// Removes permission `id` of `checkpoint`.
    ///
    /// - Returns: Whether it existed.
    mutating func remove(id: String, of checkpoint: String) -> Bool {
        guard let index = byCheckpoint[checkpoint]?.firstIndex(where: { $0.object.id == id }) else { return false }
        byCheckpoint[checkpoint]?.remove(at: index)
        return true
    }
}
