import Foundation
import Graders
import Provider
import Simulator
import Testing
import TestSupport

@testable import Studies

@Suite("Job scenarios: the job form of scenario files")
struct JobScenarioTests {
    /// The sums scenario (``ScenarioFixture/sumsYAML``) beside its data, with `yaml` as scenario.yaml.
    static func folder(_ yaml: String) throws -> URL {
        try ScenarioFixture.sumsFolder(yaml, prefix: "job-scenario")
    }

    /// The sums scenario with a description and prices of its own.
    static let arithmetic = ScenarioFixture.sumsYAML + """

        description: Add two numbers.
        pricing:
          sheet: current-2026
          data_sharing: true
        """

    @Test("A folder's scenario.yaml loads with its files, grader, prior and prices")
    func loadsTheJobForm() throws {
        let folder = try Self.folder(Self.arithmetic)
        let scenario = try JobScenario.load(path: folder.path)
        #expect(scenario.name == "sums" && scenario.seed == 5 && scenario.description == "Add two numbers.")
        #expect(scenario.model == "o4-mini-2025-04-16" && scenario.method == .reinforcement)
        #expect(scenario.trainingFile.lastPathComponent == "train.jsonl")
        #expect(scenario.grader?.name == "exact")
        #expect(scenario.simulation.prior.successRate == 0.3)
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
        ("prior.unsolvable_share=1", "prior.unsolvable_share"),
        ("prior.unsolvable_share=-0.1", "prior.unsolvable_share"),
        ("dynamics.transfer=1.5", "dynamics.transfer"),
        ("dynamics.transfer=-0.5", "dynamics.transfer"),
        ("dynamics.instability=-1", "dynamics.instability"),
        ("dynamics.trust_region=-0.1", "dynamics.trust_region"),
        ("dynamics.format_drift=x", "dynamics.format_drift"),
        ("dynamics.curvature=1", "dynamics.curvature"),
        ("report.pass_at_k=[0, 8]", "report.pass_at_k[0]"),
        ("report.pass_at_k=[1, 2.5]", "report.pass_at_k[1]"),
        ("report.pass_at_k=8", "report.pass_at_k"),
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

    @Test("A bad dynamics value names the file, the line, the key and what is allowed")
    func badDynamicsNameTheLine() throws {
        let text = Self.arithmetic + "\ndynamics:\n  transfer: 2\n"
        let folder = try Self.folder(text)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("transfer: 2") }! + 1
        do {
            _ = try JobScenario.load(path: folder.path)
            Issue.record("transfer 2 was accepted")
        } catch let error as ScenarioError {
            #expect(error.description.hasSuffix("scenario.yaml line \(line), dynamics.transfer: must be a number in [0, 1] (1: learning carries to every item; 0: to none), got \"2\""), "\(error)")
        }
    }

    @Test("A typo in the file names its line")
    func typoNamesTheLine() throws {
        let folder = try ScenarioFixture.brokenSumsFolder(.typoInKey)
        do {
            _ = try JobScenario.load(path: folder.path)
            Issue.record("accepted a typo")
        } catch let error as ScenarioError {
            #expect(error.key == "hyperparameters.eval_intervall")
            #expect(error.location.line == 19)
            #expect("\(error)" == ScenarioDefect.typoInKey.message(folder: folder))
        }
    }

    @Test("A run through the provider reports, bills and is reproducible")
    func runIsDeterministic() async throws {
        let folder = try Self.folder(Self.arithmetic)
        let scenario = try JobScenario.load(path: folder.path)
        let first = try await ScenarioRunner(scenario: scenario).run()
        let second = try await ScenarioRunner(scenario: scenario).run()
        #expect(first.job.status == .succeeded)
        #expect(first.trace.steps.count == 10)
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
        #expect(lines.count == 10)
        let figures = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("figures").path).sorted()
        #expect(figures == ["cost.svg", "learning-signal.svg", "pass-k-on-validation.svg", "policy-entropy-and-kl.svg", "reward.svg", "step-timing.svg"])
        let reward = try String(contentsOf: out.appendingPathComponent("figures/reward.svg"), encoding: .utf8)
        #expect(reward.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(reward.contains(">Reward</text>"))
        #expect(!reward.contains("<script") && !reward.contains("href"))
    }
}
