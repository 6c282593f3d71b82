internal import Foundation

/// A file the provider holds: its metadata, its bytes and who uploaded it.
struct StoredFile: Sendable {
    var object: FileObject
    /// Where the bytes are (memory, or a disk file streamed there by the server).
    let body: FileContent
    /// The API key that uploaded it (visibility under key isolation).
    var ownerKey: String
    /// How many lines have something other than white space: an upper bound on the examples a
    /// dataset validation finds, counted once at upload so a job's work bound is cheap to check.
    let nonBlankLines: Int

    init(object: FileObject, content: Data, ownerKey: String) {
        self.object = object
        body = FileContent(.memory(content))
        self.ownerKey = ownerKey
        nonBlankLines = Self.countNonBlankLines(content)
    }

    init(object: FileObject, spooled: SpooledUpload, ownerKey: String) {
        self.object = object
        body = spooled.content
        self.ownerKey = ownerKey
        nonBlankLines = spooled.nonBlankLines
    }

    /// The bytes (a disk file's are mapped, read as they are used).
    ///
    /// - Throws: ``ProviderError`` (not found, `file_content_unavailable`) when the file's bytes
    ///   on disk can no longer be read.
    func content() throws(ProviderError) -> Data {
        guard let data = body.data else { throw Self.contentUnavailable(object.id, param: "id") }
        return data
    }

    /// The error for a file whose bytes on disk can no longer be read, blaming `param`.
    static func contentUnavailable(_ id: String, param: String) -> ProviderError {
        ProviderError(.notFound, message: "The bytes of file \(id) can no longer be read from rftsim's storage (its file on disk was removed or is unreadable); upload it again.",
                      param: param, platformCode: "file_content_unavailable")
    }

    /// Lines (separated by `\n`) holding a byte other than space, tab or `\r`.
    static func countNonBlankLines(_ data: Data) -> Int {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Int in
            var counter = NonBlankLineCounter()
            counter.feed(bytes)
            return counter.total
        }
    }
}
