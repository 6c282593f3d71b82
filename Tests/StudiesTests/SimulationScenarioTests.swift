import Foundation
import Simulator
import Testing
import TestSupport

@testable import Studies

@Suite("rftsim simulate's scenarios: the job form or the bandit form, and clear file errors")
struct SimulationScenarioTests {
    static func file(_ yaml: String) throws -> String {
        let path = try ScenarioFixture.emptyFolder("simulation-scenario").appendingPathComponent("x.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("A job scenario loads from its folder or its file; a bandit from its file")
    func bothForms() throws {
        let folder = try ScenarioFixture.sumsFolder(prefix: "simulation-scenario")
        for path in [folder.path, folder.appendingPathComponent("scenario.yaml").path] {
            guard case .job(let job) = try SimulationScenario.load(path: path, overrides: ["seed=9"]) else {
                Issue.record("\(path) should be a job")
                continue
            }
            #expect(job.name == "sums" && job.seed == 9 && job.path.hasSuffix("/scenario.yaml"))
        }
        let bandit = try Self.file("bandit:\n  rewards: [1, 0]\ntrainer:\n  steps: 20\nseed: 3\n")
        guard case .bandit(let scenario, _) = try SimulationScenario.load(path: bandit, overrides: ["trainer.steps=30"]) else {
            Issue.record("\(bandit) should be a bandit")
            return
        }
        #expect(scenario.configuration.steps == 30 && scenario.configuration.seed == 3)
    }

    static let forms = "A scenario is either a job (keys name, description, seed, model, method, data, grader, gold_grader, "
        + "response_format, answer_space, prior, dynamics, hyperparameters, trainer, timing, pricing, target, report, calibration; see docs/SCENARIOS.md) or a bandit "
        + "(keys bandit, trainer, seed; see scenarios/bandit-plateau.yaml)."

    @Test("A file of neither form, or of both, names the key and the two forms", arguments: [
        ("seed: 1\ntrainr: 3\n", "trainr", 2, "is not a key of either form. " + SimulationScenarioTests.forms),
        ("seed: 1\n", "", 1, "the file is neither form: a job needs model, method and data; a bandit needs bandit:. " + SimulationScenarioTests.forms),
        ("bandit:\n  rewards: [1]\nmodel: o4-mini\n", "model", 3,
         "is a key of the job form, but the file also has bandit: (the bandit form); a file is one form or the other. " + SimulationScenarioTests.forms),
    ])
    func neitherOrBoth(yaml: String, key: String, line: Int, message: String) throws {
        let path = try Self.file(yaml)
        #expect(throws: ScenarioError(location: ScenarioLocation(source: path, line: line), key: key, message: message)) {
            try SimulationScenario.load(path: path)
        }
    }

    @Test("A job-form typo is reported by the job form, a bandit-form typo by the bandit form")
    func typosGoToTheirForm() throws {
        let job = try Self.file("name: x\nmodel: o4-mini\nmethod: reinforcement\nhyperparamters: {}\n")
        do {
            _ = try SimulationScenario.load(path: job)
            Issue.record("expected the typo to be refused")
        } catch let error as ScenarioError {
            #expect(error.key == "hyperparamters" && error.location.line == 4 && error.message.hasPrefix("is not a known key here; allowed keys are name, "))
        }
        let bandit = try Self.file("bandit:\n  reward: [1]\n")
        do {
            _ = try SimulationScenario.load(path: bandit)
            Issue.record("expected the typo to be refused")
        } catch let error as ScenarioError {
            #expect(error.key == "bandit.reward" && error.location.line == 2)
        }
    }

    @Test("Paths that are not scenario files say what they are instead")
    func fileErrors() throws {
        let folder = try ScenarioFixture.emptyFolder("simulation-empty").path
        func failure(_ source: String, _ message: String) -> ScenarioError {
            ScenarioError(location: ScenarioLocation(source: source, line: nil), key: "", message: message)
        }
        let missing = "no such file; give a scenario folder (with scenario.yaml) or a scenario YAML file"
        #expect(throws: failure("/nonexistent-rftsim.yaml", missing)) { try SimulationScenario.load(path: "/nonexistent-rftsim.yaml") }
        #expect(throws: failure(folder + "/scenario.yaml", missing)) { try SimulationScenario.load(path: folder) }
        #expect(throws: failure(folder, "is a folder; give the scenario's YAML file, or a folder that holds scenario.yaml")) {
            try ScenarioDocument.load(path: folder)
        }
        let binary = folder + "/binary.yaml"
        try Data([0xff, 0xfe, 0x00]).write(to: URL(fileURLWithPath: binary))
        #expect(throws: failure(binary, "is not UTF-8 text; a scenario is a YAML file")) { try ScenarioDocument.load(path: binary) }
    }
}
