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

    @Test("A sweep run costs what rftsim run bills for its seed, to the cent: training hours plus the judge's tokens")
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

        // The sweep: two seeds of the one cell. Each run is `rftsim run`'s job with that seed (the
        // same answer space and trainer), timed at the tokens it sampled: the provider's bill to the cent.
        var specification = SweepSpecification(scenarioPath: folder.path, seeds: 2)
        specification.inferenceVolume = .init(requests: 100_000, inputTokensPerRequest: 800, outputTokensPerRequest: 200)
        let plan = try SweepPlan(specification)
        let directory = SweepDirectory(ScenarioFixture.temporaryFolder("judged-sweep"))
        _ = try await SweepRunner(plan: plan, jobs: 1).run(into: directory)
        let cell = try #require(directory.readCell(plan.cells[0].id))
        #expect(cell.steps == 10 && cell.runs.count == 2)
        var hours: [Double] = []
        for sweepRun in cell.runs {
            let seeded = try await ScenarioRunner(scenario: try JobScenario.load(path: folder.path, overrides: ["seed=\(sweepRun.seed)"])).run()
            let seconds = seeded.billing.events.reduce(0) { $0 + $1.trainingSeconds }
            let runHours = try #require(sweepRun.hours)
            #expect(abs(runHours * 3600 - seconds) < 1e-6, "seed \(sweepRun.seed): the sweep's hours are the billed seconds")
            #expect(Self.cents(sweepRun.cost) == seeded.billing.total, "seed \(sweepRun.seed): \(sweepRun.cost) vs the run's bill \(seeded.billing.total)")
            #expect(abs(seeded.graderCost - graderCharge) < 1e-9, "seed \(sweepRun.seed): the judge's tokens do not depend on the answers")
            hours.append(runHours)
        }
        // The runs sampled other answers, of other lengths: their hours differ.
        #expect(hours[0] != hours[1])
        #expect(abs(cell.hours - (hours[0] + hours[1]) / 2) < 1e-12)

        // With an inference volume the mean run is priced under every sheet, sharing off and on, as rftsim cost prices it.
        let lines = try #require(cell.costWithInference)
        #expect(lines.map { "\($0.sheet) \($0.dataSharing)" } == ["launch-2025 false", "launch-2025 true", "current-2026 false", "current-2026 true"])
        let meanCost = cell.runs.reduce(0) { $0 + $1.cost } / 2
        #expect(abs(lines[0].job - meanCost) < 0.011, "the scenario's pricing: the runs' mean cost")
        #expect(lines[1].job < lines[0].job && lines[1].inference == lines[0].inference, "launch-2025: sharing discounts training")
        #expect(lines[2].job == lines[3].job && abs(lines[3].inference - lines[2].inference / 2) < 0.011, "current-2026: sharing halves inference")
        #expect(lines.allSatisfy { abs($0.total - $0.job - $0.inference) < 0.005 })
        let summary = SweepSummary(manifest: plan.manifest, cells: [cell])
        #expect(SweepSummary.inferenceText(summary.rows[0])?.contains("launch-2025 $") == true)
        #expect(summary.reportHTML().contains("sharing saves"))
    }

    /// USD rounded to cents, as invoice lines are.
    static func cents(_ amount: Double) -> Double {
        (amount * 100).rounded() / 100
    }
}
