import Foundation
import Studies
import Testing
import TestSupport

@Suite("rftsim run: the output folder, reproducibility, --set, and bad input")
struct RunCommandTests {
    @Test("A run writes its files and figures, a self-contained report, and the same bytes twice")
    func writesTheOutputFolder() async throws {
        let scenario = try ScenarioFixture.sumsFolder(prefix: "run-scenario")
        let parent = try Self.emptyFolder()
        let first = parent.appendingPathComponent("first"), second = parent.appendingPathComponent("second")
        try await Self.run([scenario.path, "--out", first.path])
        try await Self.run([scenario.path, "--out", second.path])
        // Nothing else is left beside them (the staging folders are gone).
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).sorted() == ["first", "second"])
        let files = try FolderContents.files(in: first)
        #expect(Set(files.keys.map { $0.split(separator: "/").first.map(String.init) ?? $0 }) == Set(RunOutput.fileNames))
        #expect(files.keys.filter { $0.hasPrefix("figures/") }.count == 6)
        #expect(files.values.allSatisfy { !$0.isEmpty })
        #expect(files == (try FolderContents.files(in: second)), "two runs of the same scenario differ")

        let html = String(decoding: try #require(files["report.html"]), as: UTF8.self)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<svg"))
        for reference in ["<script", "src=", "href=", "<link", "url(", "@import", "http://", "https://"] {
            #expect(!html.contains(reference), "report.html refers to another resource: \(reference)")
        }
        let summary = try Self.summary(first)
        #expect(summary["scenario"] as? String == "sums")
        #expect(summary["steps"] as? Int == 10)  // one epoch of 40 examples in batches of 4
        #expect(try Self.lineCount(first, "metrics.jsonl") == 10)
    }

    @Test("--inference-requests prices the job as billed plus the tuned model's use under each sheet, in summary.json and report.html")
    func inferenceVolume() async throws {
        let scenario = try ScenarioFixture.sumsFolder(prefix: "run-scenario")
        let out = try Self.emptyFolder().appendingPathComponent("out")
        try await Self.run([scenario.path, "--inference-requests", "1000000", "--tokens-per-request", "800/200", "--out", out.path])
        let summary = try Self.summary(out)
        let cost = try #require(summary["cost_with_inference"] as? [String: Any])
        let volume = try #require(cost["inference_volume"] as? [String: Any])
        #expect(volume["requests"] as? Int == 1_000_000 && volume["input_tokens_per_request"] as? Int == 800)
        let lines = try #require(cost["lines"] as? [[String: Any]])
        #expect(lines.count == 4)  // launch-2025 and current-2026, sharing off and on
        // The scenario's own pricing (launch-2025, no sharing) is the bill.
        let own = try #require(lines.first { $0["price_sheet"] as? String == "launch-2025" && $0["data_sharing"] as? Bool == false })
        #expect(own["total"] as? Double == summary["cost"] as? Double)
        // current-2026 halves the tuned model's inference with sharing; launch-2025 its training.
        let current = lines.filter { $0["price_sheet"] as? String == "current-2026" }
        let inference = current.compactMap { ($0["inference"] as? [String: Any])?["amount"] as? Double }
        #expect(inference.count == 2 && inference[0] > 0 && abs(inference[1] - inference[0] / 2) < 0.011)
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("Cost with the tuned model&#39;s inference") || html.contains("Cost with the tuned model's inference"))
        #expect(html.contains("1,000,000 requests × 800 input + 200 output tokens of the tuned model"))
        // Without the options there is no such section or key.
        let plain = try Self.emptyFolder().appendingPathComponent("plain")
        try await Self.run([scenario.path, "--out", plain.path])
        #expect(try Self.summary(plain)["cost_with_inference"] == nil)
    }

    @Test("--inference-requests without --tokens-per-request is a usage error")
    func inferenceVolumeNeedsTokens() async {
        let failure = await Self.failure(["scenario", "--inference-requests", "10"])
        #expect(failure.message == "--inference-requests needs --tokens-per-request IN/OUT, e.g. 800/200.")
        #expect(failure.exitCode == 64)
    }

    @Test("--set overrides a scenario key for the run")
    func setOverridesAKey() async throws {
        let scenario = try ScenarioFixture.sumsFolder(prefix: "run-scenario")
        let out = try Self.emptyFolder().appendingPathComponent("out")
        try await Self.run([scenario.path, "--set", "hyperparameters.n_epochs=2", "--out", out.path])
        #expect(try Self.summary(out)["steps"] as? Int == 20)
        #expect(try Self.lineCount(out, "metrics.jsonl") == 20)
    }

    @Test("Bad input fails with exit status 1, names the file, line or key, and writes nothing", arguments: ScenarioDefect.allCases)
    func badInput(defect: ScenarioDefect) async throws {
        let folder = try ScenarioFixture.brokenSumsFolder(defect)
        let parent = try Self.emptyFolder()
        let failure = await Self.failure([folder.path, "--out", parent.appendingPathComponent("out").path])
        let scenario = folder.appendingPathComponent("scenario.yaml").path
        let expected = switch defect {
        case .trainingLineNotJSON: "\(scenario): the job failed: invalid_training_file: \(defect.message(folder: folder))"
        case .validationLineNotJSON: "\(scenario): the job failed: invalid_validation_file: \(defect.message(folder: folder))"
        case .typoInKey, .missingScenario: defect.message(folder: folder)
        }
        #expect(failure.message == expected)
        #expect(failure.exitCode == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).isEmpty)
    }

    @Test("A --set key that does not exist is named as the override")
    func badOverride() async throws {
        let scenario = try ScenarioFixture.sumsFolder(prefix: "run-scenario")
        let parent = try Self.emptyFolder()
        let failure = await Self.failure([scenario.path, "--set", "hyperparameters.n_epoch=2", "--out", parent.appendingPathComponent("out").path])
        #expect(failure.message == "--set hyperparameters.n_epoch=2, hyperparameters.n_epoch: n_epoch is not a reinforcement hyperparameter; "
            + "allowed: batch_size, learning_rate_multiplier, n_epochs, reasoning_effort, compute_multiplier, eval_interval, eval_samples")
        #expect(failure.exitCode == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).isEmpty)
    }

    @Test("A bad --clock is a usage error (exit status 64)")
    func badClock() async {
        let failure = await Self.failure(["scenario", "--clock", "fast"])
        #expect(failure.message == "--clock must be instant or scaled:FACTOR (e.g. scaled:3600), got 'fast'.")
        #expect(failure.exitCode == 64)
    }

    @Test("An output folder that cannot be created fails with exit status 1 and names it")
    func unwritableOutput() async throws {
        let scenario = try ScenarioFixture.sumsFolder(prefix: "run-scenario")
        let parent = try Self.emptyFolder()
        let file = parent.appendingPathComponent("file")
        try Data("not a folder".utf8).write(to: file)
        let out = file.appendingPathComponent("out")
        let failure = await Self.failure([scenario.path, "--out", out.path])
        #expect(failure.message.hasPrefix("cannot write the run's output to \(out.path): "), "\(failure.message)")
        #expect(failure.exitCode == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["file"])
    }

    // MARK: - Helpers

    /// Runs `rftsim run ARGUMENTS --quiet` in process.
    static func run(_ arguments: [String]) async throws {
        try await CommandInvocation.run(["run"] + arguments + ["--quiet"])
    }

    /// The message and exit status of `rftsim run ARGUMENTS --quiet`, which must fail.
    static func failure(_ arguments: [String]) async -> (message: String, exitCode: Int32) {
        await CommandInvocation.failure(["run"] + arguments + ["--quiet"])
    }

    /// A new empty folder, the parent of a test's --out.
    static func emptyFolder() throws -> URL {
        try ScenarioFixture.emptyFolder("run-out")
    }

    static func summary(_ out: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: out.appendingPathComponent("summary.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func lineCount(_ out: URL, _ name: String) throws -> Int {
        try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8).split(separator: "\n").count
    }
}
