import Foundation
import Graders
import Provider
import Simulator
import Testing

@testable import Studies

/// The scenario library under scenarios/: every file loads, the JSON Schema lists exactly the
/// keys the parser reads, and the lessons the READMEs promise show in the runs.
@Suite("Scenario library")
struct ScenarioLibraryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios")

    static var files: [String] {
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return folders.sorted().flatMap { folder -> [String] in
            let path = root.appendingPathComponent(folder)
            let yamls = ((try? FileManager.default.contentsOfDirectory(atPath: path.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
            return yamls.map { path.appendingPathComponent($0).path }
        }
    }

    @Test("Every scenario of the library loads")
    func everyScenarioLoads() throws {
        #expect(Self.files.count >= 10)
        for file in Self.files {
            guard case .job(let scenario) = try SimulationScenario.load(path: file) else { continue }  // a bandit has no description
            #expect(!scenario.description.isEmpty, "\(file) has no description")
        }
    }

    @Test("The JSON Schema's keys are the parser's keys")
    func schemaMatchesParser() throws {
        let schema = try JSONValue(parsing: Data(contentsOf: Self.root.appendingPathComponent("scenario.schema.json")))
        guard case .object(let properties)? = schema["properties"] else { Issue.record("no properties"); return }
        #expect(Set(properties.keys) == Set(JobScenario.keys))
        func keys(_ name: String) -> Set<String> {
            guard case .object(let members)? = properties[name]?["properties"] else { return [] }
            return Set(members.keys)
        }
        #expect(keys("prior") == ["success_rate", "difficulty_concentration", "format_error_rate", "unsolvable_share", "memorization", "reasoning_tokens"])
        #expect(keys("dynamics") == ["transfer", "instability", "trust_region", "format_drift", "length_normalization"])
        #expect(keys("report") == ["pass_at_k"])
        #expect(keys("trainer") == ["algorithm", "base_learning_rate"])
        #expect(keys("pricing") == ["sheet", "data_sharing"])
        #expect(keys("answer_space") == ["inferred", "facets", "template"])
        #expect(keys("timing") == ["sampling_tokens_per_second", "training_tokens_per_second", "eval_overhead_seconds",
                                   "iteration_overhead_seconds", "grader_latency_seconds"])
        #expect(keys("calibration") == ["pilot", "parameters", "covariance"])
    }

    static func run(_ name: String) async throws -> ScenarioRunResult {
        try await ScenarioRunner(scenario: try JobScenario.load(path: root.appendingPathComponent(name).path)).run()
    }

    @Test("reward-hacking: the training reward rises while the gold reward ends below its peak")
    func rewardHacking() async throws {
        let result = try await Self.run("reward-hacking")
        let valid = try #require(result.trace.finalValidReward), before = try #require(result.trace.initialValidReward)
        #expect(valid > before + 0.2)
        let gold = result.trace.steps.compactMap { $0.metrics?.validGoldRewardMean }
        let peak = try #require(gold.max()), last = try #require(gold.last)
        #expect(last < peak - 0.05)
    }

    @Test("no-signal: every group has zero variance, the policy never moves, and it still bills")
    func noSignal() async throws {
        let result = try await Self.run("no-signal")
        #expect(result.trace.steps.allSatisfy { $0.metrics?.fracRewardZeroStd == 1 })
        #expect(result.trace.finalValidReward == result.trace.initialValidReward)
        #expect(result.billing.total > 0)
    }

    @Test("overfit-small-data: the valid reward rises, then falls while the training reward keeps rising")
    func overfitting() async throws {
        let result = try await Self.run("overfit-small-data")
        let valid = result.trace.steps.compactMap { step in step.metrics?.validPolicyExpectedReward.map { (step.step, $0) } }
        let train = result.trace.steps.compactMap { $0.metrics?.policyExpectedReward }
        let start = try #require(result.trace.initialValidReward), end = try #require(valid.last?.1)
        let peak = try #require(valid.max { $0.1 < $1.1 })
        #expect(peak.1 > start + 0.05)                    // it rose …
        #expect(peak.0 < result.trace.steps.count / 2)    // … early …
        #expect(end < peak.1 - 0.03)                      // … and fell back
        #expect(try #require(train.last) > train[peak.0 - 1] + 0.03)  // while the training reward kept rising
    }

    @Test("Supervised jobs train the plain model: the policy-gradient dynamics do not touch them")
    func supervisedJobsIgnoreTheDynamics() async throws {
        let path = Self.root.appendingPathComponent("sft-vs-rft/sft.yaml").path
        let plain = try await ScenarioRunner(scenario: try JobScenario.load(path: path, overrides: ["dynamics.instability=0"])).run()
        let defaults = try await Self.run("sft-vs-rft/sft.yaml")
        #expect(defaults.trace.finalValidReward == plain.trace.finalValidReward)
        #expect(defaults.resultsCSV == plain.resultsCSV)
    }

    @Test("Each scenario's run warns about its lesson, and the healthy ones warn about nothing", arguments: [
        ("security-compliance", []), ("math-exact-answer", []), ("legal-clause-classification", []),
        ("finance-field-extraction", []), ("reward-hacking", [RunDiagnostic.Kind.rewardHacking]),
        ("no-signal", [.noLearningSignal]), ("lucky-guess", [.noImprovement]), ("overfit-small-data", [.overfitting]),
        ("sft-vs-rft/sft.yaml", []), ("sft-vs-rft/rft.yaml", []), ("sharpening", [.narrowedCoverage]),
        ("learning-rate-too-high", [.unstableTraining]), ("judged-compliance", []),
    ] as [(String, [RunDiagnostic.Kind])])
    func diagnostics(scenario: String, expected: [RunDiagnostic.Kind]) async throws {
        let result = try await Self.run(scenario)
        #expect(result.diagnostics.map(\.kind) == expected)
        #expect(result.report.warnings == result.diagnostics.map(\.message))
        if let warning = result.report.warnings.first {
            #expect(result.report.html().contains("<h2>Warnings</h2>"))
            #expect(warning.contains(" → "))  // the numbers that show it
        }
    }

    /// The job scenarios of the library whose grader calls a model (score_model or label_model).
    static var modelGraded: [String] {
        files.filter { file in
            guard case .job(let scenario)? = try? SimulationScenario.load(path: file), let grader = scenario.grader else { return false }
            return !CostWorkloadProbe.modelGraders(grader).isEmpty
        }
    }

    @Test("rftsim cost equals the provider's bill to the cent on every library scenario with a model grader")
    func costEqualsTheBill() async throws {
        let files = Self.modelGraded
        #expect(files.contains { $0.hasSuffix("judged-compliance/scenario.yaml") })
        for file in files {
            let scenario = try JobScenario.load(path: file)
            let estimate = try await CostEstimate.estimate(scenario: scenario)
            let run = try await ScenarioRunner(scenario: scenario).run()
            let line = try #require(estimate.lines.first { $0.sheet == scenario.priceSheet.name && $0.dataSharing == scenario.dataSharing })
            let billed = run.billing.total
            #expect(line.total == billed, "\(file): estimated \(line.total), billed \(billed)")
            #expect(!estimate.workload.graderCalls.isEmpty && estimate.workload.graderTokens == run.job.usageMetrics?.graderTokens, "\(file)")
            // Billed seconds are the sum of the steps, each timed from the tokens it sampled.
            let steps = run.trace.steps.compactMap(\.reinforcement)
            let timing = try TimingModel(workload: .init(resolved: run.trace.resolved, graders: TimingModel.Grader.components(of: scenario.grader!),
                                                         baseReasoningTokens: scenario.simulation.prior.reasoningTokens))
            var sum = 0.0
            for event in steps {
                let samples = event.usage.samples
                let trainingSamples = run.trace.resolved.batchSize * run.trace.resolved.samplesPerPrompt
                let validationSamples = event.isValidationStep ? run.trace.resolved.validationExamples * (run.trace.resolved.reinforcement?.evalSamples ?? 1) : 0
                let tokens = TimingModel.StepTokens(
                    trainingSamples: trainingSamples, trainingTokens: event.completionTokensMean * Double(trainingSamples),
                    validationSamples: validationSamples,
                    validationTokens: event.isValidationStep ? (samples.validReasoningTokensCount ?? 0) + Self.validOutput(event, run) : 0)
                let formula = timing.timing(of: tokens).fullIteration
                #expect(abs(event.timing.step.fullIteration - formula) / formula < 0.05, "\(file) step \(event.step)")
                sum += event.timing.step.fullIteration
            }
            #expect(abs(sum - (run.job.usageMetrics?.trainingSeconds ?? 0)) < 1e-6, "\(file): billed seconds = Σ steps")
        }
    }
}

extension ScenarioLibraryTests {
    /// The validation answers' output tokens are not in the event; the timing check above takes
    /// them at the timing model's 46 answer tokens a sample, within its 5 % tolerance.
    static func validOutput(_ event: RFTMetricsEventData, _ run: ScenarioRunResult) -> Double {
        Double(run.trace.resolved.validationExamples * (run.trace.resolved.reinforcement?.evalSamples ?? 1)) * TimingModel.Parameters.default.answerTokensPerSample
    }
}

/// Which graders of a grader call a model.
enum CostWorkloadProbe {
    static func modelGraders(_ grader: Grader) -> [String] {
        switch grader {
        case .scoreModel(let model): [model.model]
        case .labelModel(let model): [model.model]
        case .multi(let multi): multi.graders.values.flatMap(modelGraders)
        default: []
        }
    }
}
