import Foundation
import Hummingbird
import HummingbirdTesting
import MockServer
import Provider
import Synchronization
import Testing

/// The official `openai` Python client (pinned by scripts/install-deps) against the server over a
/// real socket: `Python/openai_flows.py` drives a whole RFT flow and a whole SFT flow with the
/// client's own methods and checks every answer.
@Suite("openai-python against the server", .serialized)
struct OpenAIClientTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python/openai_flows.py")

    /// Runs the script for `flow` against a live server; returns its output.
    static func run(_ flow: String) async throws -> (status: Int32, output: String) {
        let result = Mutex<(Int32, String)>((-1, ""))
        try await makeApp(provider: Provider()).test(.live) { client in
            let port = try #require(client.port)
            let outcome = try await runPython([script.path, "http://127.0.0.1:\(port)", flow])
            result.withLock { $0 = outcome }
        }
        return result.withLock { $0 }
    }

    static func runPython(_ arguments: [String]) async throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        // Read on another thread while the server keeps answering on this one.
        let output = await Task.detached { String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) }.value
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test("The openai package is installed (scripts/install-deps pins it)")
    func clientIsInstalled() async throws {
        let (status, output) = try await Self.runPython(["-c", "import openai; print(openai.__version__)"])
        #expect(status == 0, "python3 cannot import openai: run scripts/install-deps (\(output))")
    }

    @Test("A full RFT flow: upload, create, list pages, clock, poll, events, checkpoints, graders, pause/resume, cancel, errors, retries, the tuned model")
    func reinforcementFlow() async throws {
        let (status, output) = try await Self.run("rft")
        #expect(status == 0, "\(output.suffix(3000))")
        #expect(output.contains("ok: two 429s with Retry-After: 1 then success"))
    }

    @Test("A full SFT flow in instant mode: trained tokens, three epoch checkpoints, refusals, the tuned model, per-token billing")
    func supervisedFlow() async throws {
        let (status, output) = try await Self.run("sft")
        #expect(status == 0, "\(output.suffix(3000))")
        #expect(output.contains("ok: SFT billed per token"))
    }
}
