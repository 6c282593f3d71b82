internal import Foundation

/// A file the provider holds: its metadata, its bytes and who uploaded it.
struct StoredFile: Sendable {
    var object: FileObject
    var content: Data
    /// The API key that uploaded it (visibility under key isolation).
    var ownerKey: String
}
