internal import Foundation

/// The uploaded files (`/v1/files`) in upload order, and the rules an upload must meet.
///
/// Results files are not here: they exist while their job has succeeded and are derived from it.
struct FileStore: Sendable {
    private var byID: [String: StoredFile] = [:]
    private var order: [String] = []

    /// The purposes `POST /v1/files` accepts.
    static let purposes = ["assistants", "batch", "fine-tune", "vision", "user_data", "evals"]

    /// The stored file `id`, if it was uploaded and not deleted.
    subscript(id: String) -> StoredFile? { byID[id] }

    /// Every stored file, oldest first.
    var all: [StoredFile] { order.compactMap { byID[$0] } }

    /// Checks an upload against the platform's rules.
    ///
    /// - Throws: 400 naming `purpose`, `file` or `expires_after`; 413 over `maximumBytes`.
    static func checkUpload(filename: String, purpose: String, byteCount: Int, expiresAfterSeconds: Int?,
                            maximumBytes: Int) throws(ProviderError) {
        guard purposes.contains(purpose) else {
            throw .invalid("'\(purpose)' is not one of \(purposes.map { "'\($0)'" }.joined(separator: ", ")) - 'purpose'", param: "purpose")
        }
        guard byteCount <= maximumBytes else {
            throw ProviderError(.contentTooLarge, message: "The file is \(byteCount) bytes; this provider accepts files up to \(maximumBytes) bytes.", param: "file", platformCode: "file_too_large")
        }
        guard byteCount > 0 else { throw .invalid("The file is empty.", param: "file") }
        if purpose == "fine-tune", !filename.lowercased().hasSuffix(".jsonl") {
            throw .invalid("Invalid file format for Fine-Tuning API. Must be .jsonl (got \"\(filename)\").", param: "file", platformCode: "invalid_file_format")
        }
        if let seconds = expiresAfterSeconds, !(3600...2_592_000).contains(seconds) {
            throw .invalid("expires_after[seconds] must be between 3600 and 2592000, got \(seconds)", param: "expires_after")
        }
    }

    /// Keeps `file` after the others.
    mutating func add(_ file: StoredFile) {
        byID[file.object.id] = file
        order.append(file.object.id)
    }

    /// Forgets file `id`.
    mutating func remove(id: String) {
        byID[id] = nil
        order.removeAll { $0 == id }
    }
}
