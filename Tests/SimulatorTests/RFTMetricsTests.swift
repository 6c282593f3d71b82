import Foundation
import Graders
import Testing

@testable import Simulator

struct RFTMetricsTests {
    // MARK: - Fixtures

    /// The RFT metrics event of the RFT guide's real job (openai-finetuning-api.md §5.1), `data` only.
    static let platformExample = #"""
        {"step":10,
         "usage":{"graders":[{"name":"basic_model_grader","type":"score_model","model":"gpt-4o-2024-08-06",
             "train_prompt_tokens_mean":241.0,"valid_prompt_tokens_mean":241.0,"train_prompt_tokens_count":120741.0,
             "valid_prompt_tokens_count":4820.0,"train_completion_tokens_mean":138.53,"valid_completion_tokens_mean":140.5,
             "train_completion_tokens_count":69402.0,"valid_completion_tokens_count":2810.0}],
           "samples":{"train_reasoning_tokens_mean":3330.02,"valid_reasoning_tokens_mean":1948.9,
             "train_reasoning_tokens_count":1668339.0,"valid_reasoning_tokens_count":38978.0}},
         "errors":{"graders":[{"name":"basic_model_grader","type":"score_model",
             "train_other_error_mean":0.0,"valid_other_error_mean":0.0,"train_other_error_count":0.0,"valid_other_error_count":0.0,
             "train_sample_parse_error_mean":0.0,"valid_sample_parse_error_mean":0.0,"train_sample_parse_error_count":0.0,"valid_sample_parse_error_count":0.0,
             "train_invalid_variable_error_mean":0.0,"valid_invalid_variable_error_mean":0.0,"train_invalid_variable_error_count":0.0,"valid_invalid_variable_error_count":0.0}]},
         "scores":{"graders":[{"name":"basic_model_grader","type":"score_model","train_reward_mean":0.4471,"valid_reward_mean":0.675}],
                   "train_reward_mean":0.4216,"valid_reward_mean":0.675},
         "timing":{"step":{"eval":101.69,"sampling":226.82,"training":402.43,"full_iteration":731.50},
                   "graders":[{"name":"basic_model_grader","type":"score_model","train_execution_latency_mean":2.69,"valid_execution_latency_mean":4.14}]},
         "total_steps":20,"train_mean_reward":0.4216,"reasoning_tokens_mean":3330.02,"completion_tokens_mean":3376.0,
         "full_valid_mean_reward":0.675,"mean_unresponsive_rewards":0.0,
         "model_graders_token_usage":{"gpt-4o-2024-08-06":{"eval_cached_tokens":0,"eval_prompt_tokens":4820,"train_cached_tokens":0,
             "train_prompt_tokens":120741,"eval_completion_tokens":2810,"train_completion_tokens":69402}},
         "full_valid_mean_parse_error":0.0,"valid_reasoning_tokens_mean":1948.9}
        """#

    /// 12 training + 4 validation items; B = 4, G = 4, 2 epochs → 6 steps, validation every 2 steps, 2 samples.
    static func resolved(training: Int = 12, validation: Int = 4) -> ResolvedHyperparameters {
        ResolvedHyperparameters(
            method: .reinforcement, nEpochs: 2, batchSize: 4, learningRateMultiplier: 3,
            reinforcement: .init(computeMultiplier: 0.5, evalInterval: 2, evalSamples: 2, reasoningEffort: .medium),
            trainingExamples: training, validationExamples: validation)
    }

    /// The compliance multi grader (string_check + text_similarity) with a response_format and a
    /// 20 % format-error prior, so malformed JSON gets sampled.
    static func multiRecorder(seed: UInt64 = 5) async throws -> RFTMetricsRecorder {
        var builder = try ResponseModelTests.inferredBuilder(items: 16)
        builder.prior = BasePrior(successRate: 0.3, difficultyConcentration: 4, formatErrorRate: 0.2)
        let model = try await builder.build()
        let resolved = resolved()
        let timing = try TimingModel(workload: .init(resolved: resolved, graders: [
            .init(name: "compliant", type: .stringCheck), .init(name: "explanation", type: .textSimilarity)]))
        return try RFTMetricsRecorder(
            train: model.selecting(items: Array(0..<12)), validation: model.selecting(items: Array(12..<16)),
            grader: builder.grader, hyperparameters: resolved, timing: timing, seed: seed)
    }

    static func json(_ data: RFTMetricsEventData) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(data)
    }

    /// Every key path of a JSON value; arrays contribute their elements' paths under `[]`.
    static func keyPaths(_ value: Any, _ prefix: String = "") -> Set<String> {
        if let object = value as? [String: Any] {
            return object.reduce(into: Set<String>()) { paths, entry in
                let path = prefix + "/" + entry.key
                paths.insert(path)
                paths.formUnion(keyPaths(entry.value, path))
            }
        }
        if let array = value as? [Any] { return array.reduce(into: Set<String>()) { $0.formUnion(keyPaths($1, prefix + "[]")) } }
        return []
    }

    // MARK: - Shape

    @Test func anEvalStepEncodesExactlyThePlatformExampleKeys() async throws {
        let grader = try ResponseModelTests.grader(#"""
            {"type":"score_model","name":"basic_model_grader","model":"gpt-4o-2024-08-06","input":[
              {"role":"user","content":"Question: {{item.question}} Reference: {{item.reference_answer}} Answer: {{sample.output_text}}"}]}
            """#)
        let items: [JSONValue] = (0..<8).map { ["question": .string("Q\($0)?"), "reference_answer": .string("answer number \($0) is \($0 * 3) apples")] }
        let model = try await ResponseModelBuilder(dataset: items, grader: grader).build()
        let resolved = Self.resolved(training: 6, validation: 2)
        let timing = try TimingModel(workload: .init(resolved: resolved, graders: [.init(name: "basic_model_grader", type: .scoreModel)]))
        let recorder = try RFTMetricsRecorder(
            train: model.selecting(items: Array(0..<6)), validation: model.selecting(items: [6, 7]),
            grader: grader, hyperparameters: resolved, timing: timing, seed: 1)
        let recording = recorder.run()
        let example = Self.keyPaths(try JSONSerialization.jsonObject(with: Data(Self.platformExample.utf8)))
        let eval = try #require(recording.events.first { $0.isValidationStep })
        #expect(Self.keyPaths(try JSONSerialization.jsonObject(with: Self.json(eval))) == example)
        let plain = try #require(recording.events.first { !$0.isValidationStep })
        let plainPaths = Self.keyPaths(try JSONSerialization.jsonObject(with: Self.json(plain)))
        // Off validation steps only the validation values go (grader latencies are the model's, always there).
        let validOnly = example.filter {
            let key = $0.split(separator: "/").last ?? ""
            return (key.hasPrefix("valid_") || key.hasPrefix("full_valid_")) && key != "valid_execution_latency_mean"
        }
        #expect(plainPaths == example.subtracting(validOnly))
        #expect(eval.usage.graders.first?.trainPromptTokensCount ?? 0 > 0)
        #expect(eval.modelGradersTokenUsage["gpt-4o-2024-08-06"]?.evalPromptTokens ?? 0 > 0)
        #expect(plain.modelGradersTokenUsage["gpt-4o-2024-08-06"]?.evalPromptTokens == 0)
        let decoded = try JSONDecoder().decode(RFTMetricsEventData.self, from: Self.json(eval))
        #expect(decoded == eval)
    }

    @Test func messageFollowsThePlatformFormat() async throws {
        let recording = try await Self.multiRecorder().run()
        for event in recording.events {
            let reward = String(format: "%.2f", event.trainMeanReward)
            if let valid = event.fullValidMeanReward, let parse = event.fullValidMeanParseError {
                #expect(event.message == "Step \(event.step)/6 , train mean reward=\(reward), full validation mean reward=\(String(format: "%.2f", valid)), full validation mean parse error=\(String(format: "%.2f", parse))")
            } else {
                #expect(event.message == "Step \(event.step)/6 , train mean reward=\(reward)")
            }
        }
    }

    // MARK: - Numbers

    @Test func trainMeansAndErrorCountsAreThoseOfTheSampledCandidates() async throws {
        let recorder = try await Self.multiRecorder()
        let session = recorder.trainer.makeSession()
        let table = recorder.train.table
        #expect(recorder.graders.map(\.name) == ["compliant", "explanation"])
        var parseErrors = 0.0
        for _ in 0..<recorder.trainer.configuration.steps {
            let metrics = session.step()
            let event = recorder.event(for: metrics, of: session)
            let sampled: [ResponseModel.Candidate] = session.withLastSample { items, candidates in
                candidates.indices.map { recorder.train.candidates[table.candidates(of: items[$0 / 4]).lowerBound + candidates[$0]] }
            }
            #expect(sampled.count == 16)
            for (g, name) in ["compliant", "explanation"].enumerated() {
                let mean = sampled.map { $0.result.subRewards[name] ?? 0 }.reduce(0, +) / 16
                #expect(event.scores.graders[g].name == name && event.scores.graders[g].trainRewardMean == mean)
                let parse = Double(sampled.filter(\.result.metadata.errors.sampleParseError).count)
                let entry = try #require(event.errors.graders[g]["sample_parse_error"])
                #expect(entry.trainCount == parse && entry.trainMean == parse / 16)
                let other = Double(sampled.filter(\.result.metadata.errors.otherError).count)
                #expect(event.errors.graders[g]["other_error"]?.trainCount == other)
            }
            #expect(event.scores.graders.map(\.type) == ["string_check", "text_similarity"])
            #expect(event.trainMeanReward == sampled.map(\.result.reward).reduce(0, +) / 16)
            parseErrors += event.errors.graders[0]["sample_parse_error"]!.trainCount
        }
        #expect(parseErrors > 0)  // malformed / empty answers were sampled
    }

    @Test func validValuesAppearOnlyAtValidationStepsAndAreSampledAsThePlatformSamplesThem() async throws {
        let recorder = try await Self.multiRecorder()
        let session = recorder.trainer.makeSession()
        let validation = try #require(recorder.validation)
        for number in 1...6 {
            let metrics = session.step(forceValidation: number == 6)
            let event = recorder.event(for: metrics, of: session)
            #expect(event.isValidationStep == (number % 2 == 0))
            #expect(event.scores.graders.allSatisfy { ($0.validRewardMean != nil) == event.isValidationStep })
            #expect((event.validReasoningTokensMean != nil) == event.isValidationStep)
            guard event.isValidationStep else { continue }
            // The answers the validation drew: eval_samples 2 for each of the 4 items.
            let draws = session.withLastValidationSample { Array($0) }
            #expect(draws.count == validation.table.candidateCount)
            #expect(draws.reduce(0, +) == 8)
            for item in 0..<4 { #expect(validation.table.candidates(of: item).reduce(0) { $0 + draws[$1] } == 2) }
            for (g, name) in ["compliant", "explanation"].enumerated() {
                var total = 0.0, parse = 0.0
                for (c, candidate) in validation.candidates.enumerated() {
                    total += Double(draws[c]) * (candidate.result.subRewards[name] ?? 0)
                    parse += candidate.result.metadata.errors.sampleParseError ? Double(draws[c]) : 0
                }
                #expect(abs(event.scores.graders[g].validRewardMean! - total / 8) < 1e-12)
                let entry = try #require(event.errors.graders[g]["sample_parse_error"])
                #expect(abs(entry.validMean! - parse / 8) < 1e-12)
                #expect(abs(entry.validCount! - parse) < 1e-9)
            }
            // valid_reward_mean is the sampled estimate; the exact expectation stays in the trainer's metrics.
            #expect(event.fullValidMeanReward == metrics.validRewardMean)
            let sampled = validation.candidates.enumerated().reduce(0.0) { $0 + Double(draws[$1.offset]) * $1.element.result.reward } / 8
            #expect(abs(try #require(metrics.validRewardMean) - sampled) < 1e-12)
            #expect(metrics.validPolicyExpectedReward != nil)
            #expect(event.timing.step.eval > 0)
        }
    }

    // MARK: - CSV

    @Test func resultsCSVHasTheFixedColumnsAndOneRowPerStep() async throws {
        let recording = try await Self.multiRecorder().run()
        let lines = recording.results.csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 6 + 2 && lines.last == "")
        var header = "step,train_mean_reward,full_valid_mean_reward,completion_tokens_mean,reasoning_tokens_mean,mean_unresponsive_rewards"
        for name in ["compliant", "explanation"] {
            for kind in ["other_error", "sample_parse_error", "invalid_variable_error"] {
                header += ",errors/graders/\(name)/train_\(kind)_count,errors/graders/\(name)/valid_\(kind)_count"
            }
        }
        #expect(lines[0] == header)
        for (event, line) in zip(recording.events, lines.dropFirst()) {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            #expect(cells.count == 18)
            #expect(cells[0] == String(event.step) && cells[1] == String(format: "%.6f", event.trainMeanReward))
            #expect(cells[2] == (event.fullValidMeanReward.map { String(format: "%.6f", $0) } ?? ""))
            #expect(cells[4] == String(format: "%.6f", event.reasoningTokensMean))
            #expect(cells[8] == String(format: "%.6f", event.errors.graders[0]["sample_parse_error"]!.trainCount))
        }
    }

    // MARK: - Determinism and non-interference

    @Test func sameInputsGiveIdenticalEventsAndCSV() async throws {
        let a = try await Self.multiRecorder().run(), b = try await Self.multiRecorder().run()
        #expect(a.events == b.events && a.results.csv == b.results.csv)
        #expect(try a.events.map(Self.json) == b.events.map(Self.json))
        let other = try await Self.multiRecorder(seed: 6).run()
        #expect(other.results.csv != a.results.csv)
    }

    @Test func recordingLeavesTrainingBitIdentical() async throws {
        let recorder = try await Self.multiRecorder()
        let recorded = recorder.run().metrics, plain = recorder.trainer.run().metrics
        #expect(recorded.count == plain.count)
        #expect(zip(recorded, plain).allSatisfy { $0.isBitIdentical(to: $1) })
        // Stepping by hand while reading the last sample after every step changes nothing either.
        let session = recorder.trainer.makeSession()
        #expect(session.withLastSample { items, candidates in items.count + candidates.count } == 0)
        for (number, expected) in plain.enumerated() {
            let metrics = session.step(forceValidation: number == plain.count - 1)
            let answers = session.withLastSample { _, candidates in candidates.count }
            #expect(answers == 16 && metrics.isBitIdentical(to: expected))
        }
    }

    @Test func tokenCountsAreTheSampledAnswersInWholeTokensAndTimeFollowsThem() async throws {
        let recorder = try await Self.multiRecorder()
        let session = recorder.trainer.makeSession()
        let table = recorder.train.table
        let lengths = TokenLengths(model: recorder.train)
        let mean = recorder.timing.workload.reasoningTokensPerSample
        var means: Set<Double> = []
        for number in 1...recorder.trainer.configuration.steps {
            let metrics = session.step(forceValidation: number == recorder.trainer.configuration.steps)
            let event = recorder.event(for: metrics, of: session)
            let flat: [Int] = session.withLastSample { items, candidates in
                candidates.indices.map { table.candidates(of: items[$0 / 4]).lowerBound + candidates[$0] }
            }
            let reasoning = flat.reduce(0) { $0 + lengths.reasoningTokens(of: $1, mean: mean) }
            let output = flat.reduce(0) { $0 + lengths.outputTokens[$1] }
            let samples = event.usage.samples
            #expect(samples.trainReasoningTokensCount == Double(reasoning))
            #expect(samples.trainReasoningTokensCount.rounded() == samples.trainReasoningTokensCount)
            #expect(event.reasoningTokensMean == Double(reasoning) / 16)
            #expect(event.completionTokensMean == Double(reasoning + output) / 16)
            if let valid = samples.validReasoningTokensCount {
                #expect(valid.rounded() == valid)
                // Validation samples reason about 0.585 as long.
                #expect(abs(samples.validReasoningTokensMean! / mean - 0.585) < 0.2)
            }
            // The step lasts what its sampled tokens take.
            let tokens = TimingModel.StepTokens(
                trainingSamples: 16, trainingTokens: Double(reasoning + output),
                validationSamples: event.isValidationStep ? 8 : 0,
                validationTokens: event.isValidationStep ? samples.validReasoningTokensCount! + recorder.validationOutputTokens(session) : 0)
            #expect(event.timing.step == recorder.timing.timing(of: tokens))
            means.insert(event.reasoningTokensMean)
        }
        #expect(means.count > 1)  // the lengths sampled vary from step to step
    }

    @Test func theBaseModelReasonsForTheMeanAndWrongAnswersReasonLonger() async throws {
        var builder = try ResponseModelTests.inferredBuilder(items: 16)
        builder.prior = BasePrior(successRate: 0.3, difficultyConcentration: 4, formatErrorRate: 0.2)
        let model = try await builder.build()
        let lengths = TokenLengths(model: model)
        let table = model.table
        var longerWrong = 0, items = 0
        for item in 0..<table.itemCount {
            let range = table.candidates(of: item)
            let logits = range.map { table.priorLogits[$0] }
            let top = logits.max()!
            let weights = logits.map { exp($0 - top) }
            let expected = zip(range, weights).reduce(0) { $0 + $1.1 * lengths.reasoningFactors[$1.0] } / weights.reduce(0, +)
            #expect(abs(expected - 1) < 1e-9)
            let best = range.map { table.rewards[$0] }.max()!
            let right = range.filter { table.rewards[$0] >= best - 1e-9 }, wrong = range.filter { table.rewards[$0] < best - 1e-9 }
            guard !right.isEmpty, !wrong.isEmpty else { continue }
            items += 1
            let r = right.reduce(0) { $0 + lengths.reasoningFactors[$1] } / Double(right.count)
            let w = wrong.reduce(0) { $0 + lengths.reasoningFactors[$1] } / Double(wrong.count)
            if w > r { longerWrong += 1 }
        }
        #expect(items > 0 && longerWrong * 3 >= items * 2)
        // Output tokens are the answers' own text; the table carries the lengths for GRPO.
        #expect(lengths.outputTokens == model.candidates.map { TokenEstimate.tokens(in: $0.text) })
        #expect(table.answerTokens?.count == table.candidateCount)
    }
}

extension RFTMetricsRecorder {
    /// The output tokens of the validation answers `session` last sampled.
    func validationOutputTokens(_ session: TrainingSession) -> Double {
        let lengths = TokenLengths(model: validation!)
        var total = 0.0
        session.withLastValidationSample { draws in
            for (c, count) in draws.enumerated() where count > 0 { total += Double(count * lengths.outputTokens[c]) }
        }
        return total
    }
}
