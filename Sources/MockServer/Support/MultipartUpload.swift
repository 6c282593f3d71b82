import Foundation
import Hummingbird
import MultipartKit
import NIOCore
import Provider

extension UInt8 {
    /// `\r`.
    fileprivate static let cr = UInt8(ascii: "\r")
}

/// A `multipart/form-data` upload read as it arrives: the `file` part is written to disk chunk by
/// chunk (an ``UploadWriter``), the other parts, small by nature, are kept in memory.
///
/// So a 512 MB upload costs the server a few chunks of memory, not the file. The body is parsed
/// with MultipartKit's streaming `MultipartParser`; `Content-Disposition`
/// (`form-data; name="file"; filename="train.jsonl"`) is read by ``MultipartForm/dispositionParameters(_:)``.
struct MultipartUpload {
    /// A part other than the file: its name and text.
    struct Field {
        var name: String
        var value: String
    }

    /// The parts other than the first `file` part, in body order.
    private(set) var fields: [Field] = []
    /// The first `file` part's filename, if it has one.
    private(set) var filename: String?
    /// The first `file` part's bytes on disk, or `nil` without a `file` part.
    private(set) var file: SpooledUpload?

    /// The first field named `name`.
    subscript(name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// The largest part other than the file, in bytes.
    static let fieldLimit = 64 << 10

    /// Reads `body` to its end.
    ///
    /// - Parameters:
    ///   - body: The request body, streamed.
    ///   - boundary: The boundary of the content type (``MultipartForm/boundary(contentType:method:path:)``).
    ///   - limit: The largest body accepted, in bytes (the file limit plus framing).
    ///   - directory: Where the file part is written.
    /// - Returns: The fields and the file on disk.
    /// - Throws: 413 over `limit`; 400 when the body is not well-formed multipart (including one
    ///   cut short) or a field is over ``fieldLimit``; 500 when the disk refuses the write.
    static func receive(_ body: RequestBody, boundary: String, limit: Int, directory: URL) async throws -> MultipartUpload {
        let reader = Reader(boundary: boundary, directory: directory)
        var received = 0
        for try await chunk in body {
            received += chunk.readableBytes
            guard received <= limit else {
                throw JSONBody.tooLarge(limit: limit, what: "uploads (the file limit plus multipart framing)")
            }
            try reader.execute(chunk)
        }
        return try reader.finish()
    }

    /// The parser and the part being read.
    private final class Reader {
        let boundary: String
        let directory: URL
        let parser: MultipartParser
        var upload = MultipartUpload()
        var headers: [(String, String)] = []
        var parameters: [String: String]?
        var fieldBytes = ByteBuffer()
        var writer: UploadWriter?
        var isFilePart = false
        var isOpen = false
        var parts = 0
        var failure: (any Error)?

        init(boundary: String, directory: URL) {
            self.boundary = boundary
            self.directory = directory
            parser = MultipartParser(boundary: boundary)
            parser.onHeader = { [unowned self] name, value in
                self.isOpen = true
                self.headers.append((name.lowercased(), value))
            }
            parser.onBody = { [unowned self] chunk in
                self.isOpen = true
                guard self.failure == nil else { return }
                do {
                    try self.body(&chunk)
                } catch {
                    self.failure = error
                }
            }
            parser.onPartComplete = { [unowned self] in
                defer {
                    self.headers = []
                    self.parameters = nil
                    self.fieldBytes = ByteBuffer()
                    self.isFilePart = false
                    self.isOpen = false
                }
                guard self.failure == nil else { return }
                do {
                    try self.completePart()
                } catch {
                    self.failure = error
                }
            }
        }

        /// The part's `Content-Disposition` parameters, read once its headers are in.
        func dispositionParameters() throws(ProviderError) -> [String: String] {
            if let parameters { return parameters }
            guard let disposition = headers.last(where: { $0.0 == "content-disposition" })?.1 else {
                throw .invalid("The multipart/form-data body is malformed: a part has no Content-Disposition header.")
            }
            let read = MultipartForm.dispositionParameters(disposition)
            guard read["name"] != nil else {
                throw .invalid("The multipart/form-data body is malformed: a part's Content-Disposition has no name.")
            }
            parameters = read
            // The first `file` part goes to disk; any later one is refused when complete.
            isFilePart = read["name"] == "file" && upload.file == nil && writer == nil
            return read
        }

        func body(_ chunk: inout ByteBuffer) throws {
            _ = try dispositionParameters()
            if isFilePart {
                if writer == nil { writer = try makeWriter() }
                try chunk.withUnsafeReadableBytes { try writer!.write($0) }
                return
            }
            guard fieldBytes.readableBytes + chunk.readableBytes <= MultipartUpload.fieldLimit else {
                throw ProviderError.invalid("The multipart part '\(parameters?["name"] ?? "")' is over \(MultipartUpload.fieldLimit) bytes; only the 'file' part may be large.",
                                            param: parameters?["name"])
            }
            fieldBytes.writeBuffer(&chunk)
        }

        func completePart() throws {
            let parameters = try dispositionParameters()
            let name = parameters["name"] ?? ""
            parts += 1
            if isFilePart {
                let finished = try (writer ?? makeWriter()).finish()
                writer = nil
                upload.file = finished
                upload.filename = parameters["filename"]
            } else if name == "file" {
                throw ProviderError.invalid("The upload has more than one 'file' part; send one file per request.", param: "file")
            } else {
                upload.fields.append(Field(name: name, value: String(buffer: fieldBytes)))
            }
        }

        func makeWriter() throws -> UploadWriter {
            do {
                return try UploadWriter(directory: directory)
            } catch {
                throw APIError(status: .internalServerError, message: "The upload could not be stored: \(error)")
            }
        }

        /// Bytes the parser has been given since the last CR (the first byte of a boundary).
        var bytesSinceCR = 0

        func execute(_ chunk: ByteBuffer) throws {
            var chunk = chunk
            let lastCR = Self.lastIndex(of: .cr, in: chunk)
            // The parser scans the body byte by byte for the boundary's first byte (CR), slowly
            // without optimisation. In the file part's body, far enough past the last CR that no
            // boundary can be half matched, a chunk without any CR cannot hold a boundary: it
            // goes straight to disk, as the parser would send it.
            if lastCR == nil, isOpen, isFilePart, writer != nil, bytesSinceCR > boundary.utf8.count + 8 {
                bytesSinceCR += chunk.readableBytes
                try body(&chunk)
                return
            }
            bytesSinceCR = lastCR.map { chunk.readableBytes - 1 - $0 } ?? (bytesSinceCR + chunk.readableBytes)
            do {
                try parser.execute(chunk)
            } catch {
                throw ProviderError.invalid("The multipart/form-data body is malformed (boundary \"\(boundary)\"): it could not be parsed.")
            }
            if let failure { throw failure }
        }

        /// The offset of the last `byte` in `buffer`'s readable bytes.
        static func lastIndex(of byte: UInt8, in buffer: ByteBuffer) -> Int? {
            buffer.withUnsafeReadableBytes { bytes -> Int? in
                guard let base = bytes.baseAddress, !bytes.isEmpty, memchr(base, Int32(byte), bytes.count) != nil else { return nil }
                var index = bytes.count - 1
                while bytes[index] != byte { index -= 1 }
                return index
            }
        }

        func finish() throws -> MultipartUpload {
            if let failure { throw failure }
            if isOpen || parts == 0 {
                throw ProviderError.invalid("The multipart/form-data body is incomplete: it does not end with the closing boundary \"--\(boundary)--\".")
            }
            return upload
        }
    }
}
