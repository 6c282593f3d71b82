import Foundation
import Provider
import Simulator
import TestSupport
import Testing

@testable import Studies

/// Issue 14's cost numbers measured through `rftsim cost` (the provider's dry run of the job) and
/// `rftsim run` (the bill), not through the timing formula alone.
@Suite("Token-driven cost: rftsim cost's numbers")
struct TokenCostNumbersTests {
    /// The cookbook's RFT job shape: 100 training examples, 5 epochs, eval_interval 5; the base
    /// model's reasoning length is the scenario's `prior.reasoning_tokens`.
    static func cookbook(reasoning: Int) -> String {
        """
        name: cookbook-shape
        seed: 3
        model: o4-mini
        method: reinforcement
        data: {training: train.jsonl, validation: valid.jsonl}
        grader: {type: string_check, name: exact, input: "{{sample.output_text}}", reference: "{{item.answer}}", operation: eq}
        prior: {success_rate: 0.3, reasoning_tokens: \(reasoning)}
        hyperparameters: {n_epochs: 5, eval_interval: 5, eval_samples: 1}
        """
    }

    @Test("The cookbook-shaped job at 424 reasoning tokens costs ≤ 0.40× what it costs at 3,330 (rftsim cost, equal to the bill)")
    func shortReasoningCostsAFractionOfTheGuides() async throws {
        var totals: [Int: Double] = [:]
        for reasoning in [424, 3330] {
            let folder = try ScenarioFixture.folder(yaml: Self.cookbook(reasoning: reasoning), training: 10..<110, validation: 110..<130,
                                                    prefix: "cookbook-\(reasoning)") { _ in 7 }
            let scenario = try JobScenario.load(path: folder.path)
            let estimate = try await CostEstimate.estimate(scenario: scenario)
            #expect(estimate.workload.hyperparameters.trainingExamples == 100 && estimate.workload.hyperparameters.nEpochs == 5)
            let line = try #require(estimate.lines.first { $0.sheet == scenario.priceSheet.name && $0.dataSharing == scenario.dataSharing })
            let run = try await ScenarioRunner(scenario: scenario).run()
            #expect(line.total == run.billing.total, "\(reasoning) tokens: estimated \(line.total), billed \(run.billing.total)")
            totals[reasoning] = line.total
        }
        let short = try #require(totals[424]), long = try #require(totals[3330])
        print("cookbook shape: $\(short) at 424 reasoning tokens, $\(long) at 3,330: ratio \(short / long)")
        #expect(short <= 0.40 * long, "$\(short) at 424 tokens vs $\(long) at 3,330")
    }

    /// The job scenarios of the library (all methods).
    static var jobScenarios: [String] {
        ScenarioLibraryTests.files.filter { file in
            guard case .job? = try? SimulationScenario.load(path: file) else { return false }
            return true
        }
    }

    @Test("rftsim cost equals the provider's bill to the cent on every job scenario of the library")
    func costEqualsTheBillEverywhere() async throws {
        let files = Self.jobScenarios
        #expect(files.count >= 10)
        for file in files {
            let scenario = try JobScenario.load(path: file)
            let estimate = try await CostEstimate.estimate(scenario: scenario)
            let run = try await ScenarioRunner(scenario: scenario).run()
            let line = try #require(estimate.lines.first { $0.sheet == scenario.priceSheet.name && $0.dataSharing == scenario.dataSharing })
            #expect(line.total == run.billing.total, "\(file): estimated \(line.total), billed \(run.billing.total)")
            print("\(URL(fileURLWithPath: file).deletingLastPathComponent().lastPathComponent)/\(URL(fileURLWithPath: file).lastPathComponent): "
                  + "estimate $\(line.total), bill $\(run.billing.total)")
        }
    }
}
