import Foundation
import Graders
import Provider
import Testing
import TestSupport

@testable import Studies

@Suite("Sweeps bill a model grader's tokens as rftsim run does")
struct SweepGraderBillingTests {
    static let judge = "gpt-4o-2024-08-06"

    /// Sums (answers 13…60, all two digits) graded half by exact match and half by a score_model
    /// judge (the built-in rule judge answers offline). Every candidate answer is two characters
    /// and the judge's F1 is 0 or 1, so every judge call costs the same tokens whichever answers
    /// a run samples: the bill does not depend on the trajectory, and `rftsim run` (one seed
    /// through the provider) and a sweep (its own run seeds) must bill alike.
    static let yaml = """
        name: judged-sums
        seed: 7
        model: o4-mini
        method: reinforcement
        data: {training: train.jsonl, validation: valid.jsonl}
        grader:
          type: multi
          name: judged
          graders:
            exact: {type: string_check, name: exact, input: "{{sample.output_text}}", reference: "{{item.answer}}", operation: eq}
            judge:
              type: score_model
              name: judge
              model: \(judge)
              input:
                - {role: system, content: "Score 1 when the answer equals the reference, else 0."}
                - {role: user, content: "Reference: {{item.answer}}. Answer: {{sample.output_text}}"}
          calculate_output: "0.5 * exact + 0.5 * judge"
        answer_space:
          facets:
            - name: answer
              values:
                - {label: right, text: "{{item.answer}}"}
                - {label: letters, text: "zz"}
                - {label: other, text: "qq"}
          template: "{{facet.answer}}"
        prior: {success_rate: 0.3, format_error_rate: 0}
        hyperparameters: {n_epochs: 1, batch_size: 4, eval_interval: 2, eval_samples: 1}
        target: {reward: 0.6}
        """

    @Test("A sweep run costs what rftsim run bills: training hours plus the judge's tokens")
    func sweepCostIsTheRunsBill() async throws {
        let folder = try ScenarioFixture.folder(yaml: Self.yaml, training: 10..<50, validation: 50..<58, prefix: "judged") { _ in 3 }
        let scenario = try JobScenario.load(path: folder.path)

        // One judge call's tokens, from the grader itself.
        let engine = GraderEngine()
        let item = try JSONValue(parsing: Data(ScenarioFixture.sums(10..<11) { _ in 3 }.utf8))
        let right = await engine.grade(try #require(scenario.grader), item: item, sample: Sample(outputText: "13"))
        let wrong = await engine.grade(try #require(scenario.grader), item: item, sample: Sample(outputText: "zz"))
        await engine.shutdown()
        let call = try #require(right.modelGraderTokenUsagePerModel[Self.judge])
        #expect(right.reward == 1 && wrong.reward == 0)
        #expect(wrong.modelGraderTokenUsagePerModel[Self.judge] == call, "the fixture's answers must cost the judge the same tokens")

        // rftsim run: 10 steps × 4 prompts × 8 samples, and 5 validations × 8 items × 1 sample.
        let run = try await ScenarioRunner(scenario: scenario).run()
        let calls = 10 * 4 * 8 + 5 * 8
        let billed = run.billing.events.reduce(TokenUsage()) { $0 + ($1.graderTokens[Self.judge] ?? TokenUsage()) }
        #expect(billed.promptTokens == calls * call.promptTokens && billed.completionTokens == calls * call.completionTokens)
        // launch-2025: gpt-4o at $2.50 (input) and $10 (output) per 1M tokens; o4-mini training $100/h. Cents.
        let graderCharge = Self.cents((Double(billed.promptTokens) * 2.5 + Double(billed.completionTokens) * 10) / 1e6)
        #expect(graderCharge > 0)
        #expect(abs(run.graderCost - graderCharge) < 1e-9)
        let trainingSeconds = run.billing.events.reduce(0) { $0 + $1.trainingSeconds }
        #expect(abs(run.billing.total - (Self.cents(trainingSeconds / 3600 * 100) + graderCharge)) < 1e-9)

        // The sweep: two seeds of the one cell, each billed the same as the run.
        let plan = try SweepPlan(SweepSpecification(scenarioPath: folder.path, seeds: 2))
        let directory = SweepDirectory(ScenarioFixture.temporaryFolder("judged-sweep"))
        _ = try await SweepRunner(plan: plan, jobs: 1).run(into: directory)
        let cell = try #require(directory.readCell(plan.cells[0].id))
        #expect(cell.steps == 10 && cell.runs.count == 2)
        // A sweep prices its runs' hours at the base model's mean lengths (the timing model's
        // expectation); the run bills the lengths its answers actually had, so the two agree to a
        // few percent, and the judge's tokens exactly.
        #expect(abs(cell.hours * 3600 - trainingSeconds) / trainingSeconds < 0.05)
        for sweepRun in cell.runs {
            #expect(abs(sweepRun.cost - run.billing.total) / run.billing.total < 0.05, "seed \(sweepRun.seed): \(sweepRun.cost) vs the run's \(run.billing.total)")
            #expect(abs(sweepRun.cost - cell.hours * 100 - graderCharge) < 0.011, "seed \(sweepRun.seed): training at the cell's hours plus the same tokens")
        }
    }

    /// USD rounded to cents, as invoice lines are.
    static func cents(_ amount: Double) -> Double {
        (amount * 100).rounded() / 100
    }
}
