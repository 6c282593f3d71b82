import Foundation
import Graders
import Provider
import Simulator
import Testing

@testable import Studies

@Suite("Job scenarios: the job form of scenario files")
struct JobScenarioTests {
    /// A scenario folder with 12 training and 4 validation arithmetic lines and `yaml` as scenario.yaml.
    static func folder(_ yaml: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rftsim-scenario-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func lines(_ range: Range<Int>) -> String {
            range.map { #"{"messages":[{"role":"user","content":"What is \#($0) + \#($0)?"}],"answer":"\#(2 * $0)"}"# }.joined(separator: "\n") + "\n"
        }
        try lines(0..<12).write(to: folder.appendingPathComponent("train.jsonl"), atomically: true, encoding: .utf8)
        try lines(12..<16).write(to: folder.appendingPathComponent("valid.jsonl"), atomically: true, encoding: .utf8)
        try yaml.write(to: folder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    static let arithmetic = """
        name: sums
        description: Add two numbers.
        seed: 3
        model: o4-mini
        method: reinforcement
        data:
          training: train.jsonl
          validation: valid.jsonl
        grader:
          type: string_check
          name: exact
          input: "{{sample.output_text}}"
          reference: "{{item.answer}}"
          operation: eq
        prior:
          success_rate: 0.4
        hyperparameters:
          n_epochs: 2
          batch_size: 4
          eval_interval: 2
        pricing:
          sheet: current-2026
          data_sharing: true
        """

    @Test("A folder's scenario.yaml loads with its files, grader, prior and prices")
    func loadsTheJobForm() throws {
        let folder = try Self.folder(Self.arithmetic)
        let scenario = try JobScenario.load(path: folder.path)
        #expect(scenario.name == "sums" && scenario.seed == 3)
        #expect(scenario.model == "o4-mini-2025-04-16" && scenario.method == .reinforcement)
        #expect(scenario.trainingFile.lastPathComponent == "train.jsonl")
        #expect(scenario.grader?.name == "exact")
        #expect(scenario.simulation.prior.successRate == 0.4)
        #expect(scenario.priceSheet.name == "current-2026" && scenario.dataSharing)
        let overridden = try JobScenario.load(path: folder.path, overrides: ["hyperparameters.batch_size=2", "seed=9"])
        #expect(overridden.seed == 9)
        #expect(overridden.hyperparameters.batchSize == .value(2))
    }

    @Test(arguments: [
        ("hyperparameters.batch_sise=3", "hyperparameters.batch_sise"),
        ("hyperparameters.batch_size=0", "hyperparameters.batch_size"),
        ("method=supervised", "method"),
        ("data.validation=missing.jsonl", "data.validation"),
        ("prior.success_rate=1.5", "prior.success_rate"),
        ("pricing.sheet=2019", "pricing.sheet"),
        ("trainer.algorithm=exact", "trainer.algorithm"),
        ("colour=blue", "colour"),
    ])
    func badKeysAreNamed(override: String, key: String) throws {
        let folder = try Self.folder(Self.arithmetic)
        do {
            _ = try JobScenario.load(path: folder.path, overrides: [override])
            Issue.record("\(override) was accepted")
        } catch let error as ScenarioError {
            #expect(error.key == key, "\(error)")
        }
    }

    @Test("A typo in the file names its line")
    func typoNamesTheLine() throws {
        let folder = try Self.folder(Self.arithmetic.replacingOccurrences(of: "  eval_interval: 2", with: "  eval_intervall: 2"))
        do {
            _ = try JobScenario.load(path: folder.path)
            Issue.record("accepted a typo")
        } catch let error as ScenarioError {
            #expect(error.key == "hyperparameters.eval_intervall")
            #expect(error.location.line == 20)
            #expect("\(error)".contains("scenario.yaml line 20, hyperparameters.eval_intervall"))
        }
    }

    @Test("A run through the provider reports, bills and is reproducible")
    func runIsDeterministic() async throws {
        let folder = try Self.folder(Self.arithmetic)
        let scenario = try JobScenario.load(path: folder.path)
        let first = try await ScenarioRunner(scenario: scenario).run()
        let second = try await ScenarioRunner(scenario: scenario).run()
        #expect(first.job.status == .succeeded)
        #expect(first.trace.steps.count == 6)
        #expect(RunOutput.metricsLines(first) == RunOutput.metricsLines(second))
        #expect(first.report.html() == second.report.html())
        // current-2026: data sharing does not discount training.
        #expect(abs(first.costWithDataSharing - first.costWithoutDataSharing) < 1e-9)
        #expect(first.billing.total > 0)
        let out = folder.appendingPathComponent("out")
        try RunOutput.write(first, report: first.report, to: out)
        for name in RunOutput.fileNames {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)")
        }
        let lines = try String(contentsOf: out.appendingPathComponent("metrics.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 6)
        let figures = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("figures").path).sorted()
        #expect(figures == ["cost.svg", "learning-signal.svg", "policy-entropy-and-kl.svg", "reward.svg", "step-timing.svg"])
        let reward = try String(contentsOf: out.appendingPathComponent("figures/reward.svg"), encoding: .utf8)
        #expect(reward.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(reward.contains(">Reward</text>"))
        #expect(!reward.contains("<script") && !reward.contains("href"))
    }
}
