import Foundation
import Graders
import Provider
import Simulator
import Studies
import Testing

/// Datasets whose token counts and grader prompts are known by hand.
enum CostFixtures {
    /// `count` SFT lines of exactly 1,000 tokens each: 3 (reply priming) + user (4 + 1 + 3,600 B / 4)
    /// + assistant (4 + 3 + 340 B / 4) = 3 + 905 + 92 = 1,000.
    static func supervisedLines(_ count: Int) -> [JSONValue] {
        let user = String(repeating: "a", count: 3_600), assistant = String(repeating: "b", count: 340)
        return (0..<count).map { _ in
            ["messages": [["role": "user", "content": .string(user)], ["role": "assistant", "content": .string(assistant)]]]
        }
    }

    /// `count` RFT lines whose item field `answer` is always "42".
    static func reinforcementLines(_ count: Int) -> [JSONValue] {
        (0..<count).map { i in
            ["messages": [["role": "user", "content": .string("What is \(i) + \(42 - i)?")]], "answer": "42"]
        }
    }

    static func jsonl(_ lines: [JSONValue]) -> String {
        lines.map(\.jsonText).joined(separator: "\n") + "\n"
    }

    static let stringCheck = try! Grader(json: [
        "type": "string_check", "name": "exact", "operation": "eq", "input": "{{sample.output_text}}", "reference": "{{item.answer}}",
    ])

    /// One user message "Reference: 42. Answer: <sample>": 23 bytes + the typical 46-token (184-byte)
    /// sample = 207 bytes = 52 tokens, + 3 + 4 + 1 ("user") = 60 prompt tokens per call.
    static let scoreModel = try! Grader(json: [
        "type": "score_model", "name": "judge", "model": "gpt-4o-2024-08-06",
        "input": [["role": "user", "content": "Reference: {{item.answer}}. Answer: {{sample.output_text}}"]],
    ])

    /// The reference job of docs/HYPERPARAMETERS.md: 640 training and 20 validation examples.
    static let referenceHyperparameters = PlatformHyperparameters(nEpochs: 2, evalSamples: 1)
}

struct CostEstimateTests {
    @Test func supervisedMatchesTheReferenceWorkedExample() throws {
        // openai-finetuning-api.md §6.3: 100,000 tokens × 3 epochs on gpt-4o-mini ≈ $0.90.
        let estimate = try CostEstimate.estimate(model: "gpt-4o-mini", method: .supervised, trainingExamples: CostFixtures.supervisedLines(100))
        #expect(estimate.model == "gpt-4o-mini-2024-07-18")
        #expect(estimate.workload.trainingFileTokens == 100_000)
        #expect(estimate.workload.hyperparameters.nEpochs == 3)  // auto for 100 examples
        #expect(estimate.workload.trainedTokens == 300_000)
        #expect(estimate.lines.map(\.sheet) == ["launch-2025", "launch-2025", "current-2026", "current-2026"])
        #expect(estimate.lines.map(\.dataSharing) == [false, true, false, true])
        #expect(estimate.lines.map(\.total) == [0.9, 0.9, 0.9, 0.9])  // no sheet discounts SFT
        #expect(estimate.lines.allSatisfy { $0.graderTokens.isEmpty && $0.inferenceDiscount == 0 })
        #expect(estimate.lines[0].training.description == "SFT training, gpt-4o-mini-2024-07-18: 300,000 tokens × $3.00/1M")
    }

    @Test func explicitEpochsAndDPOCountPromptAndPreferredOutput() throws {
        let line: JSONValue = [
            "input": ["messages": [["role": "user", "content": "Hi"]]],
            "preferred_output": [["role": "assistant", "content": "Hello!"]],
            "non_preferred_output": [["role": "assistant", "content": "Go away, this is a much longer answer."]],
        ]
        let estimate = try CostEstimate.estimate(
            model: "gpt-4.1-nano", method: .dpo, trainingExamples: Array(repeating: line, count: 10),
            hyperparameters: PlatformHyperparameters(nEpochs: 2))
        // 3 + (4 + 1 + 1) + (4 + 3 + 2) = 18 tokens a line (the non-preferred output is not trained on).
        #expect(estimate.workload.trainingFileTokens == 180)
        #expect(estimate.workload.trainedTokens == 360)
    }

    @Test func reinforcementBillsTimingModelHoursAtTheHourlyPrice() throws {
        let estimate = try CostEstimate.estimate(
            model: "o4-mini", method: .reinforcement, trainingExamples: CostFixtures.reinforcementLines(640),
            validationExamples: CostFixtures.reinforcementLines(20), grader: CostFixtures.scoreModel,
            hyperparameters: CostFixtures.referenceHyperparameters)
        let workload = estimate.workload
        #expect(workload.steps == 20 && workload.validations == 20)
        // docs/HYPERPARAMETERS.md: the reference job takes ≈ 4.07 training hours.
        #expect(abs(workload.trainingHours - 4.07) < 0.005)
        let resolved = try CostFixtures.referenceHyperparameters.resolve(method: .reinforcement, trainingExamples: 640, validationExamples: 20)
        let timing = try TimingModel(workload: .init(resolved: resolved, graders: [.init(name: "judge", type: .scoreModel)]))
        #expect(workload.trainingSeconds == timing.wallClockSeconds(forSteps: 20))
        let full = (workload.trainingSeconds / 36 * 100).rounded() / 100  // hours × $100/h = seconds / 36, to the cent
        #expect(full == 407.01)
        let training = estimate.lines.map(\.training.amount)
        // launch-2025 halves training with sharing; current-2026 does not (it halves inference instead).
        #expect(training[0] == full && training[2] == full && training[3] == full)
        #expect(abs(training[1] - full / 2) <= 0.005)
        #expect(estimate.lines.map(\.inferenceDiscount) == [0, 0, 0, 0.5])
        #expect(estimate.lines[1].training.discount == 0.5)
    }

    @Test func aScoreModelGraderAddsGraderTokenCharges() throws {
        func estimate(_ grader: Grader) throws -> CostEstimate {
            try CostEstimate.estimate(
                model: "o4-mini-2025-04-16", method: .reinforcement, trainingExamples: CostFixtures.reinforcementLines(640),
                validationExamples: CostFixtures.reinforcementLines(20), grader: grader,
                hyperparameters: CostFixtures.referenceHyperparameters, priceSheets: [.launch2025], dataSharing: [false])
        }
        let local = try estimate(CostFixtures.stringCheck)
        #expect(local.workload.graderCalls.isEmpty && local.lines[0].graderTokens.isEmpty)
        #expect(local.lines[0].total == local.lines[0].training.amount)

        let judged = try estimate(CostFixtures.scoreModel)
        let calls = try #require(judged.workload.graderCalls.first)
        #expect(calls.model == "gpt-4o-2024-08-06" && calls.grader == "judge")
        #expect(calls.trainingCalls == 20 * 64 * 8)  // steps × batch × samples per prompt
        #expect(calls.validationCalls == 20 * 20 * 1)  // validations × items × eval_samples
        #expect(calls.promptTokensPerTrainingCall == 60 && calls.promptTokensPerValidationCall == 60)
        #expect(calls.usage == TokenUsage(promptTokens: 10_640 * 60, completionTokens: 10_640 * 139))
        // gpt-4o: 638,400 × $2.50/1M + 1,478,960 × $10/1M = $1.596 + $14.7896 = $16.3856.
        let line = judged.lines[0]
        #expect(line.graderTokens.map(\.amount) == [16.39])
        #expect(line.total == ((line.training.amount + 16.39) * 100).rounded() / 100)
        #expect(line.training.amount > local.lines[0].training.amount)  // a model grader is slower, too
    }

    @Test func aMultiGraderCallsEachModelComponentPerSample() throws {
        let multi = try Grader(json: [
            "type": "multi", "name": "both", "calculate_output": "0.5 * exact + 0.5 * judge",
            "graders": ["exact": CostFixtures.stringCheck.json, "judge": CostFixtures.scoreModel.json],
        ])
        let estimate = try CostEstimate.estimate(
            model: "o4-mini", method: .reinforcement, trainingExamples: CostFixtures.reinforcementLines(20),
            validationExamples: CostFixtures.reinforcementLines(5), grader: multi)
        // auto for 20 examples: 5 epochs, batch 2, 50 steps, G = 8, eval every step with 5 samples.
        let calls = try #require(estimate.workload.graderCalls.first)
        #expect(estimate.workload.graderCalls.count == 1)
        #expect(calls.trainingCalls == 50 * 2 * 8 && calls.validationCalls == 50 * 5 * 5)
        // `rftsim cost --json` writes each model grader's calls with snake_case keys.
        let json = try JSONSerialization.jsonObject(with: estimate.json) as? [String: Any]
        let workload = try #require(json?["workload"] as? [String: Any])
        let written = try #require((workload["grader_calls"] as? [[String: Any]])?.first)
        #expect(Set(written.keys) == ["grader", "model", "usage", "training_calls", "validation_calls",
                                      "prompt_tokens_per_training_call", "prompt_tokens_per_validation_call",
                                      "completion_tokens_per_call"])
        #expect(written["training_calls"] as? Int == 800 && written["grader"] as? String == "judge")
    }

    @Test func matchesWhatTheMockProviderBills() async throws {
        // The provider plans jobs with the same timing model and token estimate, so its bill for a
        // finished job is the estimate's training line.
        let provider = Provider(configuration: ProviderConfiguration(clockMode: .instant))
        let upload = { (name: String, lines: [JSONValue]) in
            try await provider.uploadFile(filename: name, purpose: "fine-tune", content: Data(CostFixtures.jsonl(lines).utf8), as: .test).id
        }
        let rftTraining = CostFixtures.reinforcementLines(12), rftValidation = CostFixtures.reinforcementLines(4)
        let hyperparameters: JSONValue = ["n_epochs": 2, "batch_size": 4, "eval_interval": 2, "eval_samples": 2]
        _ = try await provider.createJob([
            "model": "o4-mini-2025-04-16", "training_file": .string(try await upload("t.jsonl", rftTraining)),
            "validation_file": .string(try await upload("v.jsonl", rftValidation)),
            "method": ["type": "reinforcement", "reinforcement": ["grader": CostFixtures.stringCheck.json, "hyperparameters": hyperparameters]],
        ], as: .test)
        let sftTraining = CostFixtures.supervisedLines(10)
        _ = try await provider.createJob([
            "model": "gpt-4o-mini", "training_file": .string(try await upload("s.jsonl", sftTraining)),
            "method": ["type": "supervised", "supervised": ["hyperparameters": ["n_epochs": 2]]],
        ], as: .test)
        let bill = await provider.billing()
        try #require(bill.events.count == 2)

        let rft = try CostEstimate.estimate(
            model: "o4-mini", method: .reinforcement, trainingExamples: rftTraining, validationExamples: rftValidation,
            grader: CostFixtures.stringCheck,
            hyperparameters: PlatformHyperparameters(nEpochs: 2, batchSize: 4, evalInterval: 2, evalSamples: 2),
            priceSheets: [.default], dataSharing: [false])
        #expect(abs(bill.events[0].trainingSeconds - rft.workload.trainingSeconds) < 1e-6)
        #expect(bill.events[0].amount == rft.lines[0].total)

        let sft = try CostEstimate.estimate(
            model: "gpt-4o-mini", method: .supervised, trainingExamples: sftTraining,
            hyperparameters: PlatformHyperparameters(nEpochs: 2), priceSheets: [.default], dataSharing: [false])
        #expect(bill.events[1].trainedTokens == sft.workload.trainedTokens)
        #expect(bill.events[1].amount == sft.lines[0].total)
    }

    @Test func anUnknownModelIsNamedWithTheModelsThatTakeTheMethod() {
        #expect(throws: CostEstimateError(.unknownModel, #"model "gpt-5" is not available for fine-tuning or does not exist; models that take supervised fine-tuning: gpt-4.1-2025-04-14, gpt-4.1-mini-2025-04-14, gpt-4.1-nano-2025-04-14, gpt-4o-mini-2024-07-18, gpt-4o-2024-08-06, gpt-3.5-turbo-0125, gpt-3.5-turbo-1106, gpt-3.5-turbo-0613"#)) {
            try CostEstimate.estimate(model: "gpt-5", method: .supervised, trainingExamples: CostFixtures.supervisedLines(10))
        }
        #expect(throws: CostEstimateError(.unsupportedMethod, #"model "o4-mini" does not take supervised fine-tuning (it takes reinforcement); models that take supervised fine-tuning: gpt-4.1-2025-04-14, gpt-4.1-mini-2025-04-14, gpt-4.1-nano-2025-04-14, gpt-4o-mini-2024-07-18, gpt-4o-2024-08-06, gpt-3.5-turbo-0125, gpt-3.5-turbo-1106, gpt-3.5-turbo-0613"#)) {
            try CostEstimate.estimate(model: "o4-mini", method: .supervised, trainingExamples: CostFixtures.supervisedLines(10))
        }
        #expect(throws: CostEstimateError(.unknownModel, #"model "o3" can serve as a grader model only, not be fine-tuned; models that take reinforcement fine-tuning: o4-mini-2025-04-16"#)) {
            try CostEstimate.estimate(model: "o3", method: .reinforcement, trainingExamples: CostFixtures.reinforcementLines(10))
        }
    }

    @Test func aMissingFileIsNamedByItsPath() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID().uuidString).jsonl").path
        do {
            _ = try CostEstimate.estimate(model: "gpt-4o-mini", method: .supervised, trainingFile: path)
            Issue.record("expected an unreadable-file error")
        } catch {
            #expect(error.code == .unreadableFile)
            #expect(error.message.hasPrefix("cannot read \(path): "))
            #expect(error.message.hasSuffix("; check the path"))
        }
    }

    @Test func anInvalidFileIsRefusedWithItsFirstProblems() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rftsim-cost-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("train.jsonl").path
        var lines = CostFixtures.jsonl(CostFixtures.supervisedLines(10))
        lines += #"{"messages": [{"role": "bot", "content": "x"}]}"# + "\n"
        try lines.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try CostEstimate.estimate(model: "gpt-4o-mini", method: .supervised, trainingFile: path)
            Issue.record("expected an invalid-dataset error")
        } catch {
            #expect(error.code == .invalidDataset)
            #expect(error.message.hasPrefix("\(path) is not a valid supervised training file ("))
            #expect(error.message.contains("\(path):11: messages[0].role is \"bot\""))
        }
    }

    @Test(arguments: [
        (#"{"n_epoch": 3}"#, FineTuningMethod.supervised, "hyperparameters: n_epoch is not a supervised hyperparameter; allowed: batch_size, learning_rate_multiplier, n_epochs"),
        (#"{"batch_size": 300}"#, .reinforcement, #"hyperparameters: batch_size must be "auto" or an integer in 1...256, got 300"#),
        (#"{"n_epochs": "three"}"#, .supervised, #"hyperparameters.n_epochs must be "auto" or a number of the right kind, got "three""#),
        (#"{"beta": 3}"#, .dpo, #"hyperparameters: beta must be "auto" or a number in (0, 2], got 3"#),
        ("[3]", .supervised, #"hyperparameters must be a JSON object such as {"n_epochs": 3, "batch_size": "auto"}"#),
    ])
    func badHyperparametersAreNamed(text: String, method: FineTuningMethod, message: String) {
        #expect(throws: CostEstimateError(.invalidHyperparameters, message)) {
            try HyperparameterInput.parse(text, method: method)
        }
    }

    @Test func aBatchLargerThanTheDataIsRefused() {
        #expect(throws: CostEstimateError(.invalidHyperparameters, #"hyperparameters: batch_size 32 is larger than the 10 training example(s); use at most 10 or "auto""#)) {
            try CostEstimate.estimate(model: "gpt-4o-mini", method: .supervised, trainingExamples: CostFixtures.supervisedLines(10),
                                      hyperparameters: PlatformHyperparameters(batchSize: 32))
        }
    }

    @Test func reinforcementNeedsAGraderAndValidationExamples() {
        #expect(throws: CostEstimateError(.missingInput, "a reinforcement job needs a grader: its calls and latency are part of the cost")) {
            try CostEstimate.estimate(model: "o4-mini", method: .reinforcement, trainingExamples: CostFixtures.reinforcementLines(10),
                                      validationExamples: CostFixtures.reinforcementLines(2))
        }
        #expect(throws: CostEstimateError(.missingInput, "a reinforcement job needs a validation file as well as a training file (the provider refuses one without)")) {
            try CostEstimate.estimate(model: "o4-mini", method: .reinforcement, trainingExamples: CostFixtures.reinforcementLines(10),
                                      grader: CostFixtures.stringCheck)
        }
    }
}
