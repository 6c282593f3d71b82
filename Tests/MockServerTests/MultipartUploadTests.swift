import Foundation
import Hummingbird
import NIOCore
import Provider
import Testing

@testable import MockServer

/// `MultipartUpload` over a body that arrives in pieces: the file part on disk byte for byte,
/// wherever the pieces split (through a boundary, a CR, a header), with and without CRs in the file.
struct MultipartUploadTests {
    /// A body delivered as `pieces`.
    struct Pieces: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let pieces: [ByteBuffer]
        struct Iterator: AsyncIteratorProtocol {
            var rest: ArraySlice<ByteBuffer>
            mutating func next() async -> ByteBuffer? { rest.popFirst() }
        }
        func makeAsyncIterator() -> Iterator { Iterator(rest: pieces[...]) }
    }

    static func split(_ buffer: ByteBuffer, every size: Int) -> [ByteBuffer] {
        stride(from: 0, to: buffer.readableBytes, by: size).map { start in
            buffer.getSlice(at: buffer.readerIndex + start, length: min(size, buffer.readableBytes - start))!
        }
    }

    @Test(arguments: [1, 3, 7, 64, 1000, 100_000])
    func theFileArrivesWholeWhereverTheBodySplits(pieceSize: Int) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rftsim-multipart-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Lines without CR (the fast path), then CRLF lines and a near-boundary, then more plain lines.
        let plain = String(repeating: #"{"messages":[{"role":"user","content":"2+2?"}],"answer":"4"}"# + "\n", count: 300)
        let content = plain + "a\r\nb\r\n--\(MultipartBody.boundary.dropLast())x\r\n\r\n" + plain
        let body = MultipartBody(fields: [("purpose", "fine-tune")], file: ("file", "train.jsonl", content))
        let upload = try await MultipartUpload.receive(
            RequestBody(asyncSequence: Pieces(pieces: Self.split(body.buffer, every: pieceSize))),
            boundary: MultipartBody.boundary, limit: 1 << 20, directory: folder)
        #expect(upload["purpose"] == "fine-tune")
        #expect(upload.filename == "train.jsonl")
        let file = try #require(upload.file)
        #expect(try Data(contentsOf: file.url) == Data(content.utf8))
        #expect(file.byteCount == content.utf8.count)
    }

    @Test func aBodyCutShortIsA400AndLeavesNoFile() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rftsim-multipart-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let body = MultipartBody(fields: [("purpose", "fine-tune")], file: ("file", "train.jsonl", String(repeating: "x\n", count: 5000))).buffer
        let cut = body.getSlice(at: body.readerIndex, length: body.readableBytes - 30)!
        await #expect(throws: ProviderError.self) {
            _ = try await MultipartUpload.receive(RequestBody(asyncSequence: Pieces(pieces: Self.split(cut, every: 512))),
                                                  boundary: MultipartBody.boundary, limit: 1 << 20, directory: folder)
        }
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).isEmpty)
    }
}
