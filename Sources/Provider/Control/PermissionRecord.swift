/// A checkpoint permission the provider holds.
struct PermissionRecord: Sendable {
    var object: PermissionObject
    var ownerKey: String
}
