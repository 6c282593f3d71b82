public import Foundation

#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// Writes an upload's bytes to a new file on disk as they arrive, so that a large upload is never
/// held in memory (`rftsim serve` streams `POST /v1/files` bodies through one).
///
/// ```swift
/// let writer = try UploadWriter(directory: uploads)
/// for try await chunk in body { try chunk.withUnsafeReadableBytes { try writer.write($0) } }
/// let object = try await provider.uploadFile(filename: "train.jsonl", purpose: "fine-tune", spooled: try writer.finish(), as: caller)
/// ```
///
/// The file is removed if the upload is never stored (the writer or its ``SpooledUpload`` is
/// dropped), and later with the stored file (deleted, or the provider reset).
public final class UploadWriter: @unchecked Sendable {
    /// The file being written.
    public let url: URL
    /// Bytes written so far.
    public private(set) var byteCount = 0
    private var lines = NonBlankLineCounter()
    private var descriptor: Int32
    private var content: FileContent?

    /// Creates an empty file in `directory` (created if needed).
    ///
    /// - Parameter directory: Where uploads are kept.
    /// - Throws: ``UploadWriterError`` naming the path when the file cannot be created.
    public init(directory: URL) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw UploadWriterError(message: "cannot create the upload directory \(directory.path): \(error.localizedDescription)")
        }
        url = directory.appendingPathComponent("upload-\(UUID().uuidString.lowercased())")
        descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw UploadWriterError(message: "cannot create \(url.path): \(String(cString: strerror(errno)))")
        }
        content = FileContent(.disk(url))
    }

    /// Appends `bytes` to the file.
    ///
    /// - Parameter bytes: The next piece of the upload.
    /// - Throws: ``UploadWriterError`` when the write fails (a full disk, say).
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard descriptor >= 0 else { return }
        if let reason = DescriptorWriter.writeAll(bytes, to: descriptor) {
            throw UploadWriterError(message: "cannot write \(url.path): \(reason)")
        }
        byteCount += bytes.count
        lines.feed(bytes)
    }

    /// Closes the file: the upload, ready for ``Provider/uploadFile(filename:purpose:spooled:expiresAfterSeconds:as:)``.
    ///
    /// - Returns: The upload; its file goes with it unless the provider stores it.
    /// - Throws: ``UploadWriterError`` when the file was already finished or cannot be closed.
    public func finish() throws -> SpooledUpload {
        guard descriptor >= 0, let content else { throw UploadWriterError(message: "\(url.path) was already finished") }
        let closed = close(descriptor)
        descriptor = -1
        self.content = nil
        guard closed == 0 else { throw UploadWriterError(message: "cannot close \(url.path): \(String(cString: strerror(errno)))") }
        return SpooledUpload(content: content, byteCount: byteCount, nonBlankLines: lines.total)
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }
}

/// An upload written to disk by an ``UploadWriter``, not yet stored.
public struct SpooledUpload: Sendable {
    let content: FileContent
    /// The upload's size in bytes.
    public let byteCount: Int
    let nonBlankLines: Int

    /// The file holding the bytes.
    public var url: URL { content.location ?? URL(fileURLWithPath: "/dev/null") }
}

/// An upload could not be written to disk; the message names the path and the cause.
public struct UploadWriterError: Error, CustomStringConvertible, Sendable {
    /// What failed, with the path.
    public var message: String
    public var description: String { message }
}
