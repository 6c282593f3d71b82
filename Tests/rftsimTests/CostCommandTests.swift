import ArgumentParser
import Foundation
import Studies
import Testing
import TestSupport

@testable import rftsim

struct CostCommandTests {
    private let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rftsim-cost-\(UUID().uuidString)")

    private func write(_ name: String, _ text: String) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// `count` SFT lines of 1,000 tokens each (see CostEstimateTests' fixtures for the arithmetic).
    private func supervised(_ count: Int) -> String {
        let user = String(repeating: "a", count: 3_600), assistant = String(repeating: "b", count: 340)
        return String(repeating: #"{"messages":[{"role":"user","content":"\#(user)"},{"role":"assistant","content":"\#(assistant)"}]}"# + "\n", count: count)
    }

    private func reinforcement(_ count: Int) -> String {
        ScenarioFixture.sums(0..<count) { 42 - $0 }
    }

    private let scoreModel = #"""
        {"type":"score_model","name":"judge","model":"gpt-4o-2024-08-06",
         "input":[{"role":"user","content":"Reference: {{item.answer}}. Answer: {{sample.output_text}}"}]}
        """#

    /// `text` with this test's temporary folder written as `DIR`.
    private func masked(_ text: String) -> String {
        text.replacingOccurrences(of: folder.path, with: "DIR")
    }

    private func command(_ arguments: [String]) throws -> RFTSim.Cost {
        try #require(try RFTSim.parseAsRoot(["cost"] + arguments) as? RFTSim.Cost)
    }

    @Test func supervisedPrintsTheTableAndTheAssumptions() async throws {
        let training = try write("train.jsonl", supervised(100))
        let text = try await command(["--model", "gpt-4o-mini", "--method", "supervised", "--training-file", training]).output()
        // The reference's worked example: 100,000 tokens × 3 epochs on gpt-4o-mini ≈ $0.90, whatever the sheet.
        #expect(masked(text) == """
            Estimated cost: supervised fine-tuning of gpt-4o-mini-2024-07-18 on DIR/train.jsonl (100 examples)

            sheet         data sharing  training  grader tokens  total
            launch-2025   no               $0.90          $0.00  $0.90
            launch-2025   yes              $0.90          $0.00  $0.90
            current-2026  no               $0.90          $0.00  $0.90
            current-2026  yes              $0.90          $0.00  $0.90

            assumptions:
              hyperparameters: n_epochs 3, batch_size 1, learning_rate_multiplier 1 ("auto" resolved as docs/HYPERPARAMETERS.md says)
              training file: 100,000 tokens (estimated: ~4 bytes a token plus chat formatting) × 3 epochs = 300,000 trained tokens; validation tokens are free
            """)
    }

    @Test func reinforcementWithAScoreModelGraderShowsHoursAndGraderTokens() async throws {
        let training = try write("train.jsonl", reinforcement(640))
        let validation = try write("valid.jsonl", reinforcement(20))
        let grader = try write("grader.json", scoreModel)
        let text = try await command([
            "--model", "o4-mini", "--method", "reinforcement", "--training-file", training, "--validation-file", validation,
            "--grader", grader, "--hyperparameters", #"{"n_epochs": 2, "eval_samples": 1}"#,
        ]).output()
        // The reference job of docs/HYPERPARAMETERS.md (≈ 4.06 h at the base model's lengths; the
        // simulated job's answers are shorter); launch-2025 halves training with sharing,
        // current-2026 does not. gpt-4o grading of the sampled answers: 10,640 calls.
        #expect(masked(text) == """
            Estimated cost: reinforcement fine-tuning of o4-mini-2025-04-16 on DIR/train.jsonl (640 examples), validation DIR/valid.jsonl (20 examples)

            sheet         data sharing  training  grader tokens    total
            launch-2025   no             $400.34          $4.53  $404.87
            launch-2025   yes            $200.17          $4.53  $204.70
            current-2026  no             $400.34          $4.53  $404.87
            current-2026  yes            $400.34          $4.53  $404.87

            assumptions:
              hyperparameters: n_epochs 2, batch_size 64, learning_rate_multiplier 1, compute_multiplier 1, eval_interval 1, eval_samples 1, reasoning_effort medium ("auto" resolved as docs/HYPERPARAMETERS.md says)
              steps: 20 = ⌈2 epochs × 640 examples / batch 64⌉, 8 samples per prompt, 20 validations of 20 items × 1 sample
              training time: 4.00 h (14,412 s), the sum of the simulated steps (the provider's plan of this job); at the base model's lengths a step takes 629.7 s + 101.7 s a validation
              grader judge (gpt-4o-2024-08-06): 10,240 training + 400 validation calls = 214,924 prompt + 398,947 completion tokens (~20.2 + 37.5 a call, as the simulated job's sampled answers are graded)
            notes:
              current-2026 with data sharing: the tuned model's inference is 50% off instead (not part of the job's cost)
            """)
    }

    @Test func theJSONFormAndOneNamedSheet() async throws {
        let training = try write("train.jsonl", supervised(100))
        let hyperparameters = try write("hp.json", #"{"n_epochs": 2}"#)
        let text = try await command([
            "--model", "gpt-4.1-nano", "--method", "supervised", "--training-file", training,
            "--hyperparameters", "@" + hyperparameters, "--price-sheet", "current-2026", "--json",
        ]).output()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(json["model"] as? String == "gpt-4.1-nano-2025-04-14")
        let workload = try #require(json["workload"] as? [String: Any])
        #expect(workload["trained_tokens"] as? Int == 200_000)
        let lines = try #require(json["lines"] as? [[String: Any]])
        #expect(lines.map { $0["price_sheet"] as? String } == ["current-2026", "current-2026"])
        #expect(lines.map { $0["data_sharing"] as? Bool } == [false, true])
        #expect(lines.map { $0["total"] as? Double } == [0.3, 0.3])  // 200,000 × $1.50/1M
    }

    @Test func aScenarioIsPricedWithItsOwnPricingMarked() async throws {
        let scenarioFolder = folder.appendingPathComponent("sums")
        try FileManager.default.createDirectory(at: scenarioFolder, withIntermediateDirectories: true)
        try reinforcement(12).write(to: scenarioFolder.appendingPathComponent("train.jsonl"), atomically: true, encoding: .utf8)
        try reinforcement(4).write(to: scenarioFolder.appendingPathComponent("valid.jsonl"), atomically: true, encoding: .utf8)
        try """
            name: sums
            model: o4-mini
            method: reinforcement
            data: {training: train.jsonl, validation: valid.jsonl}
            grader: {type: string_check, name: exact, input: "{{sample.output_text}}", reference: "{{item.answer}}", operation: eq}
            hyperparameters: {n_epochs: 2, batch_size: 4}
            pricing: {sheet: current-2026, data_sharing: true}
            """.write(to: scenarioFolder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        let text = try await command([scenarioFolder.path, "--set", "hyperparameters.n_epochs=3"]).output()
        #expect(masked(text) == """
            Estimated cost: scenario sums: reinforcement fine-tuning of o4-mini-2025-04-16 on DIR/sums/train.jsonl (12 examples), validation DIR/sums/valid.jsonl (4 examples)

            sheet         data sharing  training  grader tokens   total
            launch-2025   no              $62.17          $0.00  $62.17
            launch-2025   yes             $31.08          $0.00  $31.08
            current-2026  no              $62.17          $0.00  $62.17
            current-2026  yes             $62.17          $0.00  $62.17  *

            assumptions:
              hyperparameters: n_epochs 3, batch_size 4, learning_rate_multiplier 1, compute_multiplier 1, eval_interval 1, eval_samples 5, reasoning_effort medium ("auto" resolved as docs/HYPERPARAMETERS.md says)
              steps: 9 = ⌈3 epochs × 12 examples / batch 4⌉, 8 samples per prompt, 9 validations of 4 items × 5 samples
              training time: 0.62 h (2,238 s), the sum of the simulated steps (the provider's plan of this job); at the base model's lengths a step takes 155.2 s + 97.5 s a validation
              grader tokens: none (no score_model or label_model grader)
            notes:
              current-2026 with data sharing: the tuned model's inference is 50% off instead (not part of the job's cost)
              * the scenario's pricing: sheet current-2026, data sharing on
            """)
    }

    @Test(arguments: [
        (["--model", "gpt-5", "--method", "supervised", "--training-file", "TRAIN"],
         #"--model: model "gpt-5" is not available for fine-tuning or does not exist; models that take supervised fine-tuning: gpt-4.1-2025-04-14, gpt-4.1-mini-2025-04-14, gpt-4.1-nano-2025-04-14, gpt-4o-mini-2024-07-18, gpt-4o-2024-08-06, gpt-3.5-turbo-0125, gpt-3.5-turbo-1106, gpt-3.5-turbo-0613, babbage-002, davinci-002."#),
        (["--model", "gpt-4o-mini", "--method", "supervised", "--training-file", "/no/such/train.jsonl"],
         "--training-file /no/such/train.jsonl does not exist; check the path."),
        (["--model", "o4-mini", "--method", "reinforcement", "--training-file", "TRAIN", "--validation-file", "TRAIN"],
         "--method reinforcement needs --grader: the grader's calls and latency are part of the cost."),
        (["--model", "gpt-4o-mini", "--method", "supervised", "--training-file", "TRAIN", "--hyperparameters", #"{"n_epochs": 0}"#],
         #"--hyperparameters: hyperparameters: n_epochs must be "auto" or an integer in 1...50, got 0."#),
        (["--model", "gpt-4o-mini", "--method", "supervised", "--training-file", "TRAIN", "--price-sheet", "cheap"],
         "--price-sheet cheap is not a bundled sheet; use one of launch-2025, current-2026 or a sheet file (.json)."),
        (["--model", "gpt-4o-mini"], "Missing --method, --training-file: give SCENARIO, or --model, --method and --training-file."),
        (["SCENARIO", "--model", "gpt-4o-mini"], "Give SCENARIO or --model, not both; change a scenario with --set key=value."),
        (["--set", "seed=1"], "--set changes a scenario; give SCENARIO too, or use the options directly."),
    ])
    func usageErrorsExit64WithAMessage(arguments: [String], message: String) throws {
        let training = try write("train.jsonl", supervised(10))
        let scenario = try write("scenario.yaml", "name: x\n")
        let arguments = arguments.map { $0 == "TRAIN" ? training : $0 == "SCENARIO" ? scenario : $0 }
        do {
            _ = try RFTSim.parseAsRoot(["cost"] + arguments)
            Issue.record("expected \(arguments) to be rejected")
        } catch {
            #expect(RFTSim.message(for: error) == message)
            #expect(RFTSim.exitCode(for: error) == .validationFailure)  // 64
        }
    }

    @Test func anInvalidTrainingFileFailsAtRunTimeWithItsLines() async throws {
        let training = try write("train.jsonl", supervised(10) + #"{"messages":[{"role":"bot","content":"x"}]}"# + "\n")
        let cost = try command(["--model", "gpt-4o-mini", "--method", "supervised", "--training-file", training])
        do {
            _ = try await cost.output()
            Issue.record("expected the invalid file to be refused")
        } catch {
            #expect(masked(RFTSim.message(for: error)) == """
                DIR/train.jsonl is not a valid supervised training file (2 problems; a job on it would fail at validating_files, \
                before anything is billed): DIR/train.jsonl:11: messages[0].role is "bot"; allowed: system, developer, user, \
                assistant, tool; DIR/train.jsonl:11: messages has no assistant message; a supervised example needs at least one \
                assistant message with content or tool_calls (the target the model learns)
                """)
            #expect(RFTSim.exitCode(for: error) == .failure)  // 1
        }
    }

    @Test func helpDocumentsTheExitCodes() {
        #expect(RFTSim.helpMessage(for: RFTSim.Cost.self, columns: 100) == """
            OVERVIEW: Estimate what a fine-tuning job will cost, with and without data sharing, under each
            price sheet.

            Give a job scenario (docs/SCENARIOS.md: a scenario.yaml, or its folder), or the job's files and
            settings with --model, --method and --training-file (plus --grader for reinforcement, and
            --validation-file when the job validates). The files are checked as the provider checks them first:
            a job that fails validation bills nothing. Every price sheet is priced unless --price-sheet names
            one; a scenario's own pricing is marked with *.

            Supervised and DPO: training-file tokens (estimated offline) × n_epochs × the price per 1M training
            tokens. Reinforcement: the job is simulated as the provider runs it (a scenario with its seed, as
            rftsim run does), and its hours of training loop × the hourly price plus the tokens of score_model
            and label_model graders at the grader model's rates are exactly what it bills. The assumptions
            (steps, hours, tokens) are printed under the table; docs/PRICING.md has the prices.

            With --inference-requests N --tokens-per-request IN/OUT the table adds the tuned model's inference
            for that volume at each sheet's fine-tuned rates, and the total with it: under launch-2025 sharing
            halves training, under current-2026 it halves the tuned model's inference, so the notes say what
            sharing saves on the job plus that use.

            Exit status: 0 the estimate was printed; 1 a file or the grader is invalid, or a price sheet cannot
            price the job; 64 usage error (a bad option, an unknown model, a file that does not exist).

            USAGE: rftsim cost [<SCENARIO>] [--set <key=value> ...] [--model <model>] [--method <method>] [--training-file <FILE.jsonl>] [--validation-file <FILE.jsonl>] [--grader <GRADER.json>] [--hyperparameters <JSON|@FILE>] [--price-sheet <NAME>] [--inference-requests <N>] [--tokens-per-request <IN/OUT>] [--json]

            ARGUMENTS:
              <SCENARIO>              A job scenario: its YAML file, or the folder holding scenario.yaml.

            OPTIONS:
              --set <key=value>       Override a scenario key, e.g. --set hyperparameters.n_epochs=2
                                      (repeatable).
              --model <model>         The base model, an id or alias (o4-mini, gpt-4o-mini-2024-07-18).
              --method <method>       The fine-tuning method. (values: supervised, dpo, reinforcement)
              --training-file <FILE.jsonl>
                                      The training file, one JSON object per line.
              --validation-file <FILE.jsonl>
                                      The validation file (without one a reinforcement job runs without
                                      validation, as on the platform).
              --grader <GRADER.json>  The reinforcement grader (JSON, as the API takes it).
              --hyperparameters <JSON|@FILE>
                                      The job's hyperparameters as a JSON object, or @FILE holding one; absent
                                      keys are "auto".
              --price-sheet <NAME>    Price with this sheet only: launch-2025, current-2026, or a sheet file
                                      (.json). Default: every bundled sheet.
              --inference-requests <N>
                                      Also price this many requests to the tuned model, under each sheet's
                                      data-sharing rule (with --tokens-per-request).
              --tokens-per-request <IN/OUT>
                                      Input and output tokens of one request to the tuned model, e.g. 800/200.
              --json                  Print the estimate as one JSON object instead of a table.
              --version               Show the version.
              -h, --help              Show help information.

            """)
    }
}
