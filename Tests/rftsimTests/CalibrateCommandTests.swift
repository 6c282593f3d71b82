import ArgumentParser
import Foundation
import Provider
import Studies
import TestSupport
import Testing

@testable import rftsim

struct CalibrateCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let guide = repository.appendingPathComponent("examples/pilot/guide-events.json").path
    static let scenario = repository.appendingPathComponent("scenarios/judged-compliance").path

    @Test("rftsim calibrate --fit timing on the guide's event writes the calibrated scenario and the report")
    func guideTiming() async throws {
        let folder = try ScenarioFixture.emptyFolder("calibrate")
        let out = folder.appendingPathComponent("calibrated.yaml"), report = folder.appendingPathComponent("report.txt")
        try await CommandInvocation.run(["calibrate", Self.guide, "--scenario", Self.scenario, "--fit", "timing",
                                         "--out", out.path, "--report", report.path])
        let calibrated = try JobScenario.load(path: out.path)
        let eval = calibrated.calibration?.parameters.first { $0.key == "timing.eval_overhead_seconds" }?.estimate ?? 0
        #expect(abs(eval - 35.06) < 0.05)
        #expect(try String(contentsOf: out, encoding: .utf8).contains("score_model: 2.69"))
        #expect(calibrated.calibration?.parameters.map(\.key) == ["timing.sampling_tokens_per_second", "timing.training_tokens_per_second",
                                                                 "timing.eval_overhead_seconds", "timing.iteration_overhead_seconds"])
        let text = try String(contentsOf: report, encoding: .utf8)
        #expect(text.contains("timing.eval_overhead_seconds"))
        #expect(text.contains("226.82 / "))
        let jsonReport = folder.appendingPathComponent("report.json")
        try await CommandInvocation.run(["calibrate", Self.guide, "--scenario", Self.scenario, "--fit", "timing",
                                         "--out", folder.appendingPathComponent("again").path, "--json", "--report", jsonReport.path])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: jsonReport)) as? [String: Any])
        #expect((object["timing_steps"] as? [Any])?.count == 1)
        #expect((object["parameters"] as? [Any])?.count == 4)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("again/scenario.yaml").path))
    }

    @Test("rftsim calibrate refuses a file that is not a pilot, and one with too few steps: exit 1, nothing written")
    func badInput() async throws {
        let folder = try ScenarioFixture.emptyFolder("calibrate-bad")
        let out = folder.appendingPathComponent("out")
        let yaml = Self.scenario + "/scenario.yaml"
        let notPilot = await CommandInvocation.failure(["calibrate", yaml, "--scenario", Self.scenario, "--out", out.path])
        #expect(notPilot.exitCode == 1)
        #expect(notPilot.message.contains("is neither metrics events"))
        let tooFew = await CommandInvocation.failure(["calibrate", Self.guide, "--scenario", Self.scenario, "--out", out.path])
        #expect(tooFew.exitCode == 1)
        #expect(tooFew.message.contains("1 step with rewards"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
