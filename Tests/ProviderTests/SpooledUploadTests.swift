import Foundation
import Graders
import Testing

@testable import Provider

@Suite("Uploads kept on disk: written in pieces, read lazily, removed with their file")
struct SpooledUploadTests {
    static func folder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("rftsim-spool-test-\(UUID().uuidString)")
    }

    static func spool(_ content: Data, into folder: URL, pieces: Int = 7) throws -> SpooledUpload {
        let writer = try UploadWriter(directory: folder)
        let size = max(1, content.count / pieces)
        var offset = 0
        while offset < content.count {
            let piece = content[offset..<min(content.count, offset + size)]
            try piece.withUnsafeBytes { try writer.write($0) }
            offset += size
        }
        return try writer.finish()
    }

    @Test("A spooled upload is stored as the same bytes and line count, used by a job, and its disk file goes with a delete")
    func lifecycle() async throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let provider = Provider()
        let lines = ProviderFixtures.arithmeticLines(0..<12)
        // (The upload is not kept in a variable here: it would keep its file alive.)
        let file = try await provider.uploadFile(filename: "train.jsonl", purpose: "fine-tune", spooled: try Self.spool(lines, into: folder),
                                                 as: .test)
        #expect(file.bytes == lines.count)
        #expect(try await provider.fileContent(id: file.id, as: .test) == lines)
        let location = try #require(try await provider.fileContentLocation(id: file.id, as: .test))
        #expect(FileManager.default.fileExists(atPath: location.path))
        #expect(await provider.stores.files[file.id]?.nonBlankLines == StoredFile.countNonBlankLines(lines))

        // A job reads the file from disk (its planning validates the lines)…
        let job = try await provider.createJob(["model": "o4-mini-2025-04-16", "training_file": .string(file.id),
                                                "method": ["type": "reinforcement", "reinforcement": ["grader": JobPlanningTests.stringGrader]]], as: .test)
        try await provider.advanceClock(seconds: 10_000_000)
        #expect(try await provider.job(id: job.id, as: .test).status == .succeeded)
        // …and once planned no longer needs it: the delete removes the bytes.
        _ = try await provider.deleteFile(id: file.id, as: .test)
        // The finished planning task lets go of its copy of the file when it is torn down, just
        // after its result is read: wait for that (a bound, not a timing).
        for _ in 0..<500 where FileManager.default.fileExists(atPath: location.path) { try await Task.sleep(for: .milliseconds(10)) }
        #expect(!FileManager.default.fileExists(atPath: location.path), "a deleted upload's bytes stay on disk")
        #expect(try await provider.job(id: job.id, as: .test).status == .succeeded)
    }

    @Test("An upload whose disk file was removed from under the server is an error that names it, not an empty file")
    func bytesRemovedFromUnderTheServer() async throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let provider = Provider()
        let file = try await provider.uploadFile(filename: "train.jsonl", purpose: "fine-tune",
                                                 spooled: try Self.spool(ProviderFixtures.arithmeticLines(0..<12), into: folder), as: .test)
        let location = try #require(try await provider.fileContentLocation(id: file.id, as: .test))
        try FileManager.default.removeItem(at: location)  // a temp-file cleaner, say

        let download = await #expect(throws: ProviderError.self) { try await provider.fileContent(id: file.id, as: .test) }
        #expect(download?.code == .notFound)
        #expect(download?.platformCode == "file_content_unavailable")
        #expect(download?.message.contains(file.id) == true)

        let job = try await provider.createJob(["model": "o4-mini-2025-04-16", "training_file": .string(file.id),
                                                "method": ["type": "reinforcement", "reinforcement": ["grader": JobPlanningTests.stringGrader]]], as: .test)
        try await provider.advanceClock(seconds: 10_000_000)
        let failed = try await provider.job(id: job.id, as: .test)
        #expect(failed.status == .failed)
        #expect(failed.error?.code == "file_content_unavailable")
        #expect(failed.error?.param == "training_file")
        #expect(failed.error?.message.contains(file.id) == true)
    }

    @Test("A refused upload and a reset leave nothing on disk")
    func refusedAndReset() async throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let provider = Provider(configuration: ProviderConfiguration(maximumFileBytes: 100))
        await #expect(throws: ProviderError.self) {
            _ = try await provider.uploadFile(filename: "big.jsonl", purpose: "fine-tune",
                                              spooled: try Self.spool(Data(repeating: 0x61, count: 500), into: folder), as: .test)
        }
        await #expect(throws: ProviderError.self) {
            _ = try await provider.uploadFile(filename: "a.txt", purpose: "fine-tune",
                                              spooled: try Self.spool(Data("{}\n".utf8), into: folder), as: .test)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        _ = try await provider.uploadFile(filename: "a.jsonl", purpose: "fine-tune", spooled: try Self.spool(Data("{}\n".utf8), into: folder), as: .test)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == 1)
        await provider.reset()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("A spooled upload's size is what was written")
    func byteCount() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let spooled = try Self.spool(Data(repeating: 0x7b, count: 1000), into: folder)
        #expect(spooled.byteCount == 1000)
        #expect((try? FileManager.default.attributesOfItem(atPath: spooled.url.path)[.size] as? Int) == 1000)
    }

    @Test("Lines counted in pieces are the lines counted whole, wherever the pieces split")
    func linesInPieces() {
        let text = Data("a\n\n  \nb\r\n\t\nc".utf8)
        for size in 1...text.count {
            var counter = NonBlankLineCounter()
            var offset = 0
            while offset < text.count {
                text[offset..<min(text.count, offset + size)].withUnsafeBytes { counter.feed($0) }
                offset += size
            }
            #expect(counter.total == 3)
        }
    }
}
