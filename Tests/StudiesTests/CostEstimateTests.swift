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

    /// One user message "Reference: 42. Answer: <sample>", the sample being the answer graded.
    static let scoreModel = try! Grader(json: [
        "type": "score_model", "name": "judge", "model": "gpt-4o-2024-08-06",
        "input": [["role": "user", "content": "Reference: {{item.answer}}. Answer: {{sample.output_text}}"]],
    ])

    /// The reference job of docs/HYPERPARAMETERS.md: 640 training and 20 validation examples.
    static let referenceHyperparameters = PlatformHyperparameters(nEpochs: 2, evalSamples: 1)
}

struct CostEstimateTests {
    @Test func supervisedMatchesTheReferenceWorkedExample() async throws {
        // openai-finetuning-api.md §6.3: 100,000 tokens × 3 epochs on gpt-4o-mini ≈ $0.90.
        let estimate = try await CostEstimate.estimate(model: "gpt-4o-mini", method: .supervised, trainingExamples: CostFixtures.supervisedLines(100))
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

    @Test func explicitEpochsAndDPOCountPromptAndPreferredOutput() async throws {
        let line: JSONValue = [
            "input": ["messages": [["role": "user", "content": "Hi"]]],
            "preferred_output": [["role": "assistant", "content": "Hello!"]],
            "non_preferred_output": [["role": "assistant", "content": "Go away, this is a much longer answer."]],
        ]
        let estimate = try await CostEstimate.estimate(
            model: "gpt-4.1-nano", method: .dpo, trainingExamples: Array(repeating: line, count: 10),
            hyperparameters: PlatformHyperparameters(nEpochs: 2))
        // 3 + (4 + 1 + 1) + (4 + 3 + 2) = 18 tokens a line (the non-preferred output is not trained on).
        #expect(estimate.workload.trainingFileTokens == 180)
        #expect(estimate.workload.trainedTokens == 360)
    }

    @Test func reinforcementBillsThePlannedHoursAtTheHourlyPrice() async throws {
        let estimate = try await CostEstimate.estimate(
            model: "o4-mini", method: .reinforcement, trainingExamples: CostFixtures.reinforcementLines(640),
            validationExamples: CostFixtures.reinforcementLines(20), grader: CostFixtures.stringCheck,
            hyperparameters: CostFixtures.referenceHyperparameters)
        let workload = estimate.workload
        #expect(workload.steps == 20 && workload.validations == 20)
        // The steps follow the sampled lengths, which the policy moves; near the reference job's
        // ≈ 4.07 h at the base model's lengths (docs/HYPERPARAMETERS.md), not equal to it.
        let resolved = try CostFixtures.referenceHyperparameters.resolve(method: .reinforcement, trainingExamples: 640, validationExamples: 20)
        let timing = try TimingModel(workload: .init(resolved: resolved, graders: [.init(name: "exact", type: .stringCheck)]))
        let expected = timing.wallClockSeconds(forSteps: 20)
        #expect(abs(workload.trainingSeconds - expected) / expected < 0.1)
        #expect(workload.trainingSeconds != expected)
        let full = (workload.trainingSeconds / 36 * 100).rounded() / 100  // hours × $100/h = seconds / 36, to the cent
        let training = estimate.lines.map(\.training.amount)
        // launch-2025 halves training with sharing; current-2026 does not (it halves inference instead).
        #expect(training[0] == full && training[2] == full && training[3] == full)
        #expect(abs(training[1] - full / 2) <= 0.0051)
        #expect(estimate.lines.map(\.inferenceDiscount) == [0, 0, 0, 0.5])
        #expect(estimate.lines[1].training.discount == 0.5)
    }

    @Test func aScoreModelGraderAddsGraderTokenCharges() async throws {
        func estimate(_ grader: Grader) async throws -> CostEstimate {
            try await CostEstimate.estimate(
                model: "o4-mini-2025-04-16", method: .reinforcement, trainingExamples: CostFixtures.reinforcementLines(64),
                validationExamples: CostFixtures.reinforcementLines(10), grader: grader,
                hyperparameters: PlatformHyperparameters(nEpochs: 2, batchSize: 16, evalInterval: 2, evalSamples: 1),
                priceSheets: [.launch2025], dataSharing: [false])
        }
        let local = try await estimate(CostFixtures.stringCheck)
        #expect(local.workload.graderCalls.isEmpty && local.lines[0].graderTokens.isEmpty)
        #expect(local.lines[0].total == local.lines[0].training.amount)

        let judged = try await estimate(CostFixtures.scoreModel)
        let calls = try #require(judged.workload.graderCalls.first)
        #expect(calls.model == "gpt-4o-2024-08-06" && calls.grader == "judge")
        #expect(calls.trainingCalls == 8 * 16 * 8)  // steps × batch × samples per prompt
        #expect(calls.validationCalls == 4 * 10 * 1)  // validations × items × eval_samples
        // The judge's prompt quotes the sampled answer: "Reference: 42. Answer: …" is at least 3 + 4 + 1 + 6 tokens.
        #expect(calls.promptTokensPerCall > 14 && calls.promptTokensPerCall < 100)
        #expect(calls.completionTokensPerCall > 0)
        let sheet = PriceSheet.launch2025
        #expect(judged.lines[0].graderTokens.map(\.amount) == [try sheet.graderTokenCharge(model: "gpt-4o-2024-08-06", usage: calls.usage).amount])
        #expect(judged.lines[0].training.amount > local.lines[0].training.amount)  // a model grader is slower, too
    }

    @Test func aMultiGraderCallsEachModelComponentPerSample() async throws {
        let multi = try Grader(json: [
            "type": "multi", "name": "both", "calculate_output": "0.5 * exact + 0.5 * judge",
            "graders": ["exact": CostFixtures.stringCheck.json, "judge": CostFixtures.scoreModel.json],
        ])
        let estimate = try await CostEstimate.estimate(
            model: "o4-mini", method: .reinforcement, trainingExamples: CostFixtures.reinforcementLines(20),
            validationExamples: CostFixtures.reinforcementLines(5), grader: multi)
        // auto for 20 examples: 5 epochs, batch 2, 50 steps, G = 8, eval every step with 5 samples.
        let calls = try #require(estimate.workload.graderCalls.first)
        #expect(estimate.workload.graderCalls.count == 1)
        #expect(calls.trainingCalls == 50 * 2 * 8 && calls.validationCalls == 50 * 5 * 5)
        // `rftsim cost --json` writes each grader model's calls with snake_case keys.
        let json = try JSONSerialization.jsonObject(with: estimate.json) as? [String: Any]
        let workload = try #require(json?["workload"] as? [String: Any])
        let written = try #require((workload["grader_calls"] as? [[String: Any]])?.first)
        #expect(Set(written.keys) == ["grader", "model", "usage", "training_calls", "validation_calls",
                                      "prompt_tokens_per_call", "completion_tokens_per_call"])
        #expect(written["training_calls"] as? Int == 800 && written["grader"] as? String == "judge")
    }

    /// One grader of each type, and a multi grader whose two model graders share a model.
    static let gradersOfEveryType: [(String, Grader)] = {
        let similarity = try! Grader(json: [
            "type": "text_similarity", "name": "close", "input": "{{sample.output_text}}", "reference": "{{item.answer}}",
            "evaluation_metric": "fuzzy_match",
        ])
        let python = try! Grader(json: [
            "type": "python", "name": "py", "source": "def grade(sample, item):\n    return 1.0 if sample['output_text'] == item['answer'] else 0.0\n",
        ])
        let label = try! Grader(json: [
            "type": "label_model", "name": "labeller", "model": "gpt-4.1-mini-2025-04-14",
            "input": [["role": "user", "content": "Is {{sample.output_text}} equal to {{item.answer}}? Say right or wrong."]],
            "labels": ["right", "wrong"], "passing_labels": ["right"],
        ])
        let score = try! Grader(json: [
            "type": "score_model", "name": "scorer", "model": "gpt-4.1-mini-2025-04-14",
            "input": [["role": "system", "content": "Grade the answer."],
                      ["role": "user", "content": "Reference {{item.answer}}; answer {{sample.output_text}}"]],
        ])
        let multi = try! Grader(json: [
            "type": "multi", "name": "all", "calculate_output": "0.25 * exact + 0.25 * close + 0.25 * labeller + 0.25 * scorer",
            "graders": ["exact": CostFixtures.stringCheck.json, "close": similarity.json, "labeller": label.json, "scorer": score.json],
        ])
        // A label_model grader runs only inside a multi grader (the platform refuses one alone).
        let labelOnly = try! Grader(json: [
            "type": "multi", "name": "labelled", "calculate_output": "labeller", "graders": ["labeller": label.json],
        ])
        return [("string_check", CostFixtures.stringCheck), ("text_similarity", similarity), ("python", python),
                ("score_model", CostFixtures.scoreModel), ("label_model", labelOnly), ("multi", multi)]
    }()

    @Test(arguments: 0..<6)
    func theEstimateIsTheProvidersBillForEveryGraderTypeAndSheet(grader index: Int) async throws {
        let (type, grader) = Self.gradersOfEveryType[index]
        let training = CostFixtures.reinforcementLines(12), validation = CostFixtures.reinforcementLines(4)
        let hyperparameters: JSONValue = ["n_epochs": 2, "batch_size": 4, "eval_interval": 2, "eval_samples": 2]
        for sheet in CostEstimate.builtinPriceSheets {
            for sharing in [false, true] {
                let provider = Provider(configuration: ProviderConfiguration(
                    clockMode: .instant, priceSheet: sheet, organization: OrganizationSettings(verified: true, dataSharing: sharing)))
                let upload = { (name: String, lines: [JSONValue]) in
                    try await provider.uploadFile(filename: name, purpose: "fine-tune", content: Data(CostFixtures.jsonl(lines).utf8), as: .test).id
                }
                let trainingID = try await upload("train.jsonl", training), validationID = try await upload("valid.jsonl", validation)
                var job = try await provider.createJob([
                    "model": "o4-mini-2025-04-16", "training_file": .string(trainingID), "validation_file": .string(validationID),
                    "method": ["type": "reinforcement", "reinforcement": ["grader": grader.json, "hyperparameters": hyperparameters]],
                ], as: .test)
                while !job.status.isTerminal { job = try await provider.job(id: job.id, as: .test) }
                #expect(job.status == .succeeded, "\(type): \(String(describing: job.error))")
                let bill = await provider.billing()
                let event = try #require(bill.events.first)

                let estimate = try await CostEstimate.estimate(
                    model: "o4-mini", method: .reinforcement, trainingExamples: training, validationExamples: validation, grader: grader,
                    hyperparameters: PlatformHyperparameters(nEpochs: 2, batchSize: 4, evalInterval: 2, evalSamples: 2),
                    priceSheets: [sheet], dataSharing: [sharing])
                let line = try #require(estimate.lines.first)
                #expect(event.trainingSeconds == estimate.workload.trainingSeconds, "\(type) \(sheet.name) sharing \(sharing)")
                #expect(event.graderTokens == estimate.workload.graderTokens, "\(type) \(sheet.name) sharing \(sharing)")
                #expect(event.amount == line.total, "\(type) \(sheet.name) sharing \(sharing): billed \(event.amount), estimated \(line.total)")
                let modelGraders = ["score_model": 1, "label_model": 1, "multi": 1][type] ?? 0
                #expect(estimate.workload.graderCalls.count == modelGraders, "\(type)")
            }
        }
    }

    @Test func inferenceOfTheTunedModelIsPricedUnderEachSharingRule() async throws {
        var estimate = try await CostEstimate.estimate(
            model: "o4-mini", method: .reinforcement, trainingExamples: CostFixtures.reinforcementLines(12),
            validationExamples: CostFixtures.reinforcementLines(4), grader: CostFixtures.stringCheck,
            hyperparameters: PlatformHyperparameters(nEpochs: 1, batchSize: 4))
        let volume = CostEstimate.InferenceVolume(requests: 1_000_000, inputTokensPerRequest: 800, outputTokensPerRequest: 200)
        try estimate.priceInference(volume)
        // o4-mini fine-tuned: $4 input / $16 output per 1M tokens; 800M input + 200M output = $3,200 + $3,200.
        let amounts = estimate.lines.map { $0.inference?.amount }
        #expect(amounts == [6_400, 6_400, 6_400, 3_200])  // only current-2026 with sharing halves inference
        for line in estimate.lines {
            #expect(line.totalWithInference == ((line.total + line.inference!.amount) * 100).rounded() / 100)
        }
        // launch-2025: sharing saves half the training; current-2026: half the inference.
        let launchSaving = estimate.lines[0].totalWithInference - estimate.lines[1].totalWithInference
        let currentSaving = estimate.lines[2].totalWithInference - estimate.lines[3].totalWithInference
        #expect(abs(launchSaving - estimate.lines[0].training.amount / 2) <= 0.01)
        #expect(currentSaving == 3_200)
        #expect(estimate.text.contains("current-2026: sharing saves $3,200.00 on the job plus this inference"))
        #expect(estimate.text.contains("inference: 1,000,000 requests × 800 input + 200 output tokens of the tuned model"))
        let json = try JSONSerialization.jsonObject(with: estimate.json) as? [String: Any]
        let line = try #require((json?["lines"] as? [[String: Any]])?.last)
        #expect(line["total_with_inference"] as? Double == estimate.lines[3].totalWithInference)
    }

    @Test func matchesWhatTheMockProviderBillsForSupervisedJobs() async throws {
        let provider = Provider(configuration: ProviderConfiguration(clockMode: .instant))
        let sftTraining = CostFixtures.supervisedLines(10)
        _ = try await provider.createJob([
            "model": "gpt-4o-mini",
            "training_file": .string(try await provider.uploadFile(
                filename: "s.jsonl", purpose: "fine-tune", content: Data(CostFixtures.jsonl(sftTraining).utf8), as: .test).id),
            "method": ["type": "supervised", "supervised": ["hyperparameters": ["n_epochs": 2]]],
        ], as: .test)
        let bill = await provider.billing()
        try #require(bill.events.count == 1)
        let sft = try await CostEstimate.estimate(
            model: "gpt-4o-mini", method: .supervised, trainingExamples: sftTraining,
            hyperparameters: PlatformHyperparameters(nEpochs: 2), priceSheets: [.default], dataSharing: [false])
        #expect(bill.events[0].trainedTokens == sft.workload.trainedTokens)
        #expect(bill.events[0].amount == sft.lines[0].total)
    }

    @Test func anUnknownModelIsNamedWithTheModelsThatTakeTheMethod() async {
        await #expect(throws: CostEstimateError(.unknownModel, #"model "gpt-5" is not available for fine-tuning or does not exist; models that take supervised fine-tuning: gpt-4.1-2025-04-14, gpt-4.1-mini-2025-04-14, gpt-4.1-nano-2025-04-14, gpt-4o-mini-2024-07-18, gpt-4o-2024-08-06, gpt-3.5-turbo-0125, gpt-3.5-turbo-1106, gpt-3.5-turbo-0613, babbage-002, davinci-002"#)) {
            try await CostEstimate.estimate(model: "gpt-5", method: .supervised, trainingExamples: CostFixtures.supervisedLines(10))
        }
        await #expect(throws: CostEstimateError(.unsupportedMethod, #"model "o4-mini" does not take supervised fine-tuning (it takes reinforcement); models that take supervised fine-tuning: gpt-4.1-2025-04-14, gpt-4.1-mini-2025-04-14, gpt-4.1-nano-2025-04-14, gpt-4o-mini-2024-07-18, gpt-4o-2024-08-06, gpt-3.5-turbo-0125, gpt-3.5-turbo-1106, gpt-3.5-turbo-0613, babbage-002, davinci-002"#)) {
            try await CostEstimate.estimate(model: "o4-mini", method: .supervised, trainingExamples: CostFixtures.supervisedLines(10))
        }
        await #expect(throws: CostEstimateError(.unknownModel, #"model "o3" can serve as a grader model only, not be fine-tuned; models that take reinforcement fine-tuning: o4-mini-2025-04-16"#)) {
            try await CostEstimate.estimate(model: "o3", method: .reinforcement, trainingExamples: CostFixtures.reinforcementLines(10))
        }
    }

    @Test func aMissingFileIsNamedByItsPath() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-\(UUID().uuidString).jsonl").path
        do {
            _ = try await CostEstimate.estimate(model: "gpt-4o-mini", method: .supervised, trainingFile: path)
            Issue.record("expected an unreadable-file error")
        } catch {
            #expect(error.code == .unreadableFile)
            #expect(error.message.hasPrefix("cannot read \(path): "))
            #expect(error.message.hasSuffix("; check the path"))
        }
    }

    @Test("babbage-002 prices a prompt/completion file as the chat examples it trains as, at its own price")
    func aCompletionsModelPricesPromptCompletionLines() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rftsim-cost-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let completions = folder.appendingPathComponent("pc.jsonl").path, chat = folder.appendingPathComponent("chat.jsonl").path
        let pairs = (0..<10).map { ("Capital of country \($0) ->", " City \($0)") }
        try pairs.map { #"{"prompt": "\#($0.0)", "completion": "\#($0.1)"}"# }.joined(separator: "\n").write(toFile: completions, atomically: true, encoding: .utf8)
        try pairs.map { #"{"messages": [{"role": "user", "content": "\#($0.0)"}, {"role": "assistant", "content": "\#($0.1)"}]}"# }
            .joined(separator: "\n").write(toFile: chat, atomically: true, encoding: .utf8)
        let babbage = try await CostEstimate.estimate(model: "babbage-002", method: .supervised, trainingFile: completions)
        let reference = try await CostEstimate.estimate(model: "gpt-4o-mini", method: .supervised, trainingFile: chat)
        #expect(babbage.workload.trainedTokens == reference.workload.trainedTokens && babbage.workload.trainedTokens > 0)
        #expect(babbage.lines[0].training.description.hasSuffix("× $0.40/1M"))
        await #expect(throws: CostEstimateError.self) {
            _ = try await CostEstimate.estimate(model: "babbage-002", method: .supervised, trainingFile: chat)
        }
    }

    @Test func anInvalidFileIsRefusedWithItsFirstProblems() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rftsim-cost-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("train.jsonl").path
        var lines = CostFixtures.jsonl(CostFixtures.supervisedLines(10))
        lines += #"{"messages": [{"role": "bot", "content": "x"}]}"# + "\n"
        try lines.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try await CostEstimate.estimate(model: "gpt-4o-mini", method: .supervised, trainingFile: path)
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

    @Test func aBatchLargerThanTheDataIsRefused() async {
        await #expect(throws: CostEstimateError(.invalidHyperparameters, #"hyperparameters: batch_size 32 is larger than the 10 training example(s); use at most 10 or "auto""#)) {
            try await CostEstimate.estimate(model: "gpt-4o-mini", method: .supervised, trainingExamples: CostFixtures.supervisedLines(10),
                                      hyperparameters: PlatformHyperparameters(batchSize: 32))
        }
    }

    @Test func reinforcementNeedsAGrader() async {
        await #expect(throws: CostEstimateError(.missingInput, "a reinforcement job needs a grader: its calls and latency are part of the cost")) {
            try await CostEstimate.estimate(model: "o4-mini", method: .reinforcement, trainingExamples: CostFixtures.reinforcementLines(10),
                                      validationExamples: CostFixtures.reinforcementLines(2))
        }
    }

    @Test("Reinforcement without validation examples is priced as the platform runs it: no validation, a smaller bill")
    func reinforcementWithoutValidationIsPriced() async throws {
        let hyperparameters = PlatformHyperparameters(nEpochs: 2, batchSize: 4, evalInterval: 2, evalSamples: 2)
        let without = try await CostEstimate.estimate(
            model: "o4-mini", method: .reinforcement, trainingExamples: CostFixtures.reinforcementLines(10),
            grader: CostFixtures.stringCheck, hyperparameters: hyperparameters, priceSheets: [.default], dataSharing: [false])
        let with = try await CostEstimate.estimate(
            model: "o4-mini", method: .reinforcement, trainingExamples: CostFixtures.reinforcementLines(10),
            validationExamples: CostFixtures.reinforcementLines(4), grader: CostFixtures.stringCheck,
            hyperparameters: hyperparameters, priceSheets: [.default], dataSharing: [false])
        #expect(without.workload.trainingSeconds > 0)
        #expect(without.workload.trainingSeconds < with.workload.trainingSeconds)
        #expect(without.lines[0].total < with.lines[0].total)
    }
}
