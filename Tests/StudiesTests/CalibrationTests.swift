import Foundation
import Graders
import Provider
import Simulator
import Studies
import TestSupport
import Testing

/// `rftsim calibrate`'s library: pilots read from events and results CSVs, the timing and
/// reward-curve fits, the calibrated scenario, and sweeps that draw from the fit.
@Suite("Calibration")
struct CalibrationTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let legal = repository.appendingPathComponent("scenarios/legal-clause-classification").path
    static let guide = repository.appendingPathComponent("examples/pilot/guide-events.json").path

    /// The pilot's job shape: 50 steps, a validation every 2 steps over 20 items × 4 samples,
    /// item difficulties concentrated (κ = 50) so that 100 items pin the prior's mean.
    static let shape = ["hyperparameters.n_epochs=10", "hyperparameters.eval_interval=2", "hyperparameters.eval_samples=4",
                        "prior.difficulty_concentration=50"]
    /// The parameters the pilot is simulated with.
    static let known = ["trainer.base_learning_rate=0.15", "prior.success_rate=0.22",
                        "timing.sampling_tokens_per_second=12000", "timing.training_tokens_per_second=5200",
                        "timing.eval_overhead_seconds=42", "timing.iteration_overhead_seconds=1.5"]

    /// A copy of legal-clause-classification in a temporary folder, with `extra` YAML appended.
    static func legalCopy(_ extra: String = "") throws -> URL {
        let source = URL(fileURLWithPath: legal)
        var files: [String: String] = [:]
        for name in ["train.jsonl", "valid.jsonl", "grader.json"] {
            files[name] = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
        }
        let yaml = try String(contentsOf: source.appendingPathComponent("scenario.yaml"), encoding: .utf8)
        return try ScenarioFixture.folder(yaml: yaml + "\n" + extra, files: files, prefix: "calibration")
    }

    /// A pilot run through the in-process provider with known parameters: its folder (events.jsonl, results.csv).
    static func pilot() async throws -> URL {
        let scenario = try JobScenario.load(path: legal, overrides: shape + known)
        let result = try await ScenarioRunner(scenario: scenario).run()
        let folder = try ScenarioFixture.emptyFolder("pilot").appendingPathComponent("run")
        try RunOutput.write(result, report: result.report, to: folder)
        return folder
    }

    @Test("calibrate recovers the timing (2 %), learning rate and prior (10 %) a pilot was simulated with")
    func recoversKnownParameters() async throws {
        let folder = try await Self.pilot()
        let pilot = try PilotReader.read(path: folder.appendingPathComponent("events.jsonl").path)
        #expect(pilot.steps.count == 50)
        #expect(pilot.validationSteps.count == 25)
        let scenario = try JobScenario.load(path: Self.legal, overrides: Self.shape)
        let calibration = try await Calibration.fit(pilot: pilot, scenario: scenario)
        let fitted = Dictionary(uniqueKeysWithValues: calibration.parameterLines.map { ($0.key, $0.fitted) })
        func near(_ key: String, _ expected: Double, _ tolerance: Double) {
            let value = fitted[key] ?? .nan
            #expect(abs(value / expected - 1) <= tolerance, "\(key): fitted \(value), simulated with \(expected)")
        }
        near("timing.sampling_tokens_per_second", 12000, 0.02)
        near("timing.training_tokens_per_second", 5200, 0.02)
        near("timing.eval_overhead_seconds", 42, 0.02)
        near("timing.iteration_overhead_seconds", 1.5, 0.02)
        near("trainer.base_learning_rate", 0.15, 0.10)
        near("prior.success_rate", 0.22, 0.10)
        // Standard errors exist and are smaller than the tolerance they are checked against.
        for line in calibration.parameterLines where line.key.hasPrefix("trainer") || line.key.hasPrefix("prior") {
            #expect(line.standardError > 0 && line.standardError < 0.2 * line.fitted, "\(line.key) ± \(line.standardError)")
        }
        #expect(calibration.text.contains("prior.success_rate"))
        #expect(calibration.curve.count == 50)

        // The calibrated scenario loads, carries the values and the covariance, and runs.
        let out = folder.deletingLastPathComponent().appendingPathComponent("calibrated/scenario.yaml")
        try calibration.writeScenario(to: out.path)
        let calibrated = try JobScenario.load(path: out.path)
        #expect(abs(calibrated.simulation.baseLearningRate - fitted["trainer.base_learning_rate"]!) < 1e-12)
        #expect(abs(calibrated.simulation.prior.successRate - fitted["prior.success_rate"]!) < 1e-12)
        #expect(abs(calibrated.simulation.timing.aggregateDecodeTokensPerSecond - fitted["timing.sampling_tokens_per_second"]!) < 1e-9)
        let record = try #require(calibrated.calibration)
        #expect(record.parameters.count == 6)
        #expect(record.covariance.count == 36)
        #expect(calibrated.trainingFile.standardizedFileURL.path == scenario.trainingFile.standardizedFileURL.path)

        // The results CSV has rewards but no timing: the reward curve alone is fitted, the same way.
        let csv = try PilotReader.read(path: folder.appendingPathComponent("results.csv").path)
        #expect(csv.source == .resultsCSV)
        // The CSV has six decimals.
        #expect(zip(csv.steps, pilot.steps).allSatisfy { abs($0.trainReward - $1.trainReward) < 1e-6 })
        let fromCSV = try await Calibration.fit(pilot: csv, scenario: scenario, seeds: 4)
        #expect(fromCSV.timing == nil)
        #expect(fromCSV.warnings.contains { $0.contains("no timing") })
        #expect(fromCSV.parameterLines.map(\.key) == ["trainer.base_learning_rate", "prior.success_rate"])
    }

    @Test("The guide's event calibrates the timing model: its step seconds exactly, constants near data/timing-model.json")
    func guideFixture() async throws {
        let pilot = try PilotReader.read(path: Self.guide)
        #expect(pilot.steps.count == 1)
        #expect(pilot.steps[0].trainSamples == 501)
        #expect(pilot.steps[0].validSamples == 20)
        let scenario = try JobScenario.load(path: Self.repository.appendingPathComponent("scenarios/judged-compliance").path)
        let calibration = try await Calibration.fit(pilot: pilot, scenario: scenario, target: .timing)
        let timing = try #require(calibration.timing)
        let step = try #require(timing.steps.first)
        for (model, guide) in [(step.model.sampling, 226.82), (step.model.training, 402.43), (step.model.eval, 101.69),
                               (step.model.fullIteration, 731.50)] {
            #expect(abs(model / guide - 1) < 0.001, "model \(model) s vs the guide's \(guide) s")
        }
        let defaults = TimingModel.Parameters.default
        #expect(abs(timing.parameters.aggregateDecodeTokensPerSecond / defaults.aggregateDecodeTokensPerSecond - 1) < 0.025)
        #expect(abs(timing.parameters.trainingTokensPerSecond / defaults.trainingTokensPerSecond - 1) < 0.025)
        #expect(abs(timing.parameters.evalOverheadSeconds / defaults.evalOverheadSeconds - 1) < 0.02)
        #expect(abs(timing.parameters.iterationOverheadSeconds - defaults.iterationOverheadSeconds) < 0.01)
        #expect(timing.graderLatencies[.scoreModel] == 2.69)
        // Four observations, four constants: no standard errors, recorded as no covariance.
        #expect(timing.estimates.allSatisfy { $0.standardError.isNaN })
        #expect(calibration.record.covariance.allSatisfy { $0 == 0 })

        // One step is too few for a reward curve.
        await #expect {
            _ = try await Calibration.fit(pilot: pilot, scenario: scenario)
        } throws: { error in
            guard let error = error as? CalibrationError else { return false }
            return error.code == .tooFewSteps && error.message.contains("1 step with rewards") && error.message.contains("--fit timing")
        }
    }

    @Test("Pilots that are not events or a results CSV are refused with the file and line")
    func badPilots() throws {
        func failure(_ text: String) -> CalibrationError? {
            do {
                _ = try PilotReader.parse(text, path: "pilot.txt")
                return nil
            } catch {
                return error
            }
        }
        let notPilot = failure("name: x\nseed: 3\n")
        #expect(notPilot?.code == .notPilot)
        #expect(notPilot?.message.contains("neither metrics events") == true)
        let broken = failure("{\"object\": \"fine_tuning.job.event\", \"type\": \"message\"}\n{\"object\": \"fine_tuning.job.event\",\n")
        #expect(broken?.message.contains("pilot.txt line 2 is not valid JSON") == true)
        let noMetrics = failure("{\"object\": \"fine_tuning.job.event\", \"type\": \"message\", \"message\": \"Job started\"}\n")
        #expect(noMetrics?.message.contains("has no metrics events") == true)
        let noReward = failure("{\"object\": \"fine_tuning.job.event\", \"type\": \"metrics\", \"data\": {\"step\": 1}}\n")
        #expect(noReward?.message.contains("line 1: a metrics event needs data.scores.train_reward_mean") == true)
        let csv = failure("step,train_mean_reward,full_valid_mean_reward\n1,0.5,\n2,x,\n")
        #expect(csv?.message.contains("pilot.txt line 3, train_mean_reward") == true)
        let empty = failure("\n")
        #expect(empty?.message.contains("is empty") == true)
        let page = try PilotReader.parse("{\"object\": \"list\", \"data\": [{\"object\": \"fine_tuning.job.event\", \"type\": \"metrics\", "
            + "\"data\": {\"step\": 2, \"train_mean_reward\": 0.4}}, {\"object\": \"fine_tuning.job.event\", \"type\": \"metrics\", "
            + "\"data\": {\"step\": 1, \"train_mean_reward\": 0.3, \"full_valid_mean_reward\": 0.35}}], \"has_more\": false}", path: "page.json")
        #expect(page.steps.map(\.step) == [1, 2])
        #expect(page.steps[0].validReward == 0.35)
    }

    @Test("A pilot with too few steps for the reward curve is refused, and nothing is written")
    func tooFewSteps() async throws {
        let folder = try ScenarioFixture.emptyFolder("few")
        let pilot = try PilotReader.parse("step,train_mean_reward,full_valid_mean_reward\n1,0.3,0.31\n2,0.32,\n3,0.35,0.36\n",
                                          path: folder.appendingPathComponent("results.csv").path)
        let scenario = try JobScenario.load(path: Self.legal)
        await #expect {
            _ = try await Calibration.fit(pilot: pilot, scenario: scenario)
        } throws: { error in
            (error as? CalibrationError)?.code == .tooFewSteps && "\(error)".contains("3 steps with rewards")
        }
        // A results CSV has no timing to fit.
        await #expect {
            _ = try await Calibration.fit(pilot: pilot, scenario: scenario, target: .timing)
        } throws: { error in
            (error as? CalibrationError)?.code == .tooFewSteps && "\(error)".contains("a results CSV has no timing")
        }
    }

    @Test("A fit whose curve the scenario cannot follow does not converge to a value: it is refused")
    func unfittableCurve() async throws {
        // Rewards that alternate 0 and 1 step by step: no learning rate or prior gives that curve.
        var csv = "step,train_mean_reward,full_valid_mean_reward\n"
        for step in 1...12 { csv += "\(step),\(step % 2 == 0 ? "1.0" : "0.0"),\(step % 4 == 0 ? (step % 8 == 0 ? "0.0" : "1.0") : "")\n" }
        let pilot = try PilotReader.parse(csv, path: "zigzag.csv")
        let scenario = try JobScenario.load(path: Self.legal)
        do {
            let calibration = try await Calibration.fit(pilot: pilot, scenario: scenario, seeds: 2)
            // If the solver stops, its residuals are large: the report says how far the curve is.
            #expect((calibration.rewardRootMeanSquare ?? 0) > 0.3)
        } catch {
            #expect(error.code == .didNotConverge)
        }
    }

    @Test("The new scenario keys are checked with file, line and key")
    func scenarioKeys() throws {
        let yaml = try String(contentsOfFile: Self.legal + "/scenario.yaml", encoding: .utf8)
        func error(_ extra: String) -> String {
            do {
                _ = try JobScenario.load(path: try Self.legalCopy(extra).path)
                return ""
            } catch {
                return "\(error)"
            }
        }
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(error("timing:\n  sampling_tokens_per_second: -3\n").contains("line \(lines + 2), timing.sampling_tokens_per_second: must be a number of tokens per second > 0"))
        #expect(error("timing:\n  sampling_tokens: 3\n").contains("timing.sampling_tokens: is not a known key here"))
        #expect(error("timing:\n  grader_latency_seconds: {score_modle: 2}\n").contains("timing.grader_latency_seconds.score_modle: is not a known key"))
        #expect(error("calibration:\n  parameters:\n    - {key: trainer.base_learning_rate, estimate: 0.1, scale: log}\n  covariance: [[1, 2]]\n")
            .contains("calibration.covariance[0]: must be a list of 1 finite numbers"))
        #expect(error("calibration:\n  parameters:\n    - {key: trainer.base_learning_rate, estimate: 0.1, scale: log}\n  covariance: 3\n")
            .contains("calibration.covariance: must be a list of 1 rows of 1 numbers"))
        #expect(error("calibration:\n  parameters:\n    - {key: prior.success_rate, estimate: 1.5, scale: logit}\n  covariance: [[0.1]]\n")
            .contains("calibration.parameters[0].estimate: must be a value the logit scale admits"))
        #expect(error("calibration:\n  parameters:\n    - {key: seed, estimate: 1, scale: log}\n  covariance: [[0.1]]\n")
            .contains("calibration.parameters[0].key: must be one of trainer.base_learning_rate"))
        #expect(error("timing:\n  training_tokens_per_second: 1000\n  eval_overhead_seconds: 20\n") == "")
    }

    @Test("Repricing a graded answer space gives the answer space built with that prior")
    func repricingEqualsBuilding() async throws {
        let dataset = CostFixtures.reinforcementLines(30)
        func build(_ success: Double) async throws -> ResponseModel {
            var builder = ResponseModelBuilder(dataset: dataset, grader: CostFixtures.stringCheck, seed: 11)
            builder.prior = BasePrior(successRate: success, difficultyConcentration: 3, formatErrorRate: 0.05)
            return try await builder.build()
        }
        let low = try await build(0.2), high = try await build(0.6)
        #expect(low.table.priorLogits != high.table.priorLogits)
        let repriced = try low.withPrior(BasePrior(successRate: 0.6, difficultyConcentration: 3, formatErrorRate: 0.05), seed: 11)
        #expect(repriced.table == high.table)
        #expect(repriced.itemSuccessProbabilities == high.itemSuccessProbabilities)
    }

    @Test("--parameter-uncertainty draws each run's parameters from the calibration, deterministically")
    func sweepDrawsParameters() async throws {
        let file = try Self.legalCopy("""
            calibration:
              pilot: pilot/events.jsonl
              parameters:
                - {key: trainer.base_learning_rate, estimate: 0.1, scale: log}
                - {key: prior.success_rate, estimate: 0.3, scale: logit}
                - {key: timing.training_tokens_per_second, estimate: 4650, scale: log}
              covariance: [[0.04, 0, 0], [0, 0.09, 0], [0, 0, 0.01]]

            """)
        func records(_ uncertainty: Bool) async throws -> [SweepCellRunner.Record] {
            var specification = SweepSpecification(scenarioPath: file.path, seeds: 6, steps: 10)
            specification.parameterUncertainty = uncertainty
            let plan = try SweepPlan(specification)
            let runner = try #require(try await SweepPreparation(plan: plan).runners(for: plan.shardCells).first)
            return (0..<6).map { runner.run($0) }
        }
        let plain = try await records(false), drawn = try await records(true), again = try await records(true)
        #expect(drawn == again)
        // Each run times its steps at its drawn throughput, so its hours differ from the same seed's
        // plain run; each has its own base-model reward, where the plain runs share the cell's.
        #expect(zip(plain, drawn).allSatisfy { $0.hours.last != $1.hours.last })
        #expect(Set(drawn.map { $0.rewards[0] }).count == 6)
        #expect(Set(plain.map { $0.rewards[0] }).count == 1)

        // Without a calibration: refused.
        var specification = SweepSpecification(scenarioPath: Self.legal, seeds: 2, steps: 2)
        specification.parameterUncertainty = true
        #expect(throws: SweepError.self) { _ = try SweepPlan(specification) }
    }
}
