import Foundation
import Graders
import Testing

@testable import Simulator

@Suite("Supervised fine-tuning")
struct SupervisedTrainingTests {
    /// `count` items of three candidates sharing three features; the demonstrated candidate has
    /// feature 0 (a "house style") and a low prior, and sits at position `item % 3`.
    static func demonstrations(items: Range<Int>) throws -> Demonstrations {
        var counts: [Int] = [], rewards: [Double] = [], priors: [Double] = [], features: [Double] = [], answers: [Int] = []
        for item in items {
            let demo = item % 3
            counts.append(3)
            for position in 0..<3 {
                let other = (position - demo + 3) % 3  // 0 for the demo, 1 or 2 for the others
                rewards.append(other == 0 ? 1 : 0)
                priors.append(other == 0 ? -1 : (other == 1 ? 0.5 : 0))
                features += other == 0 ? [1, 0, Double(item % 2) * 0.5] : (other == 1 ? [0, 1, 0] : [0, 0, 1])
            }
            answers.append(demo)
        }
        let table = try ResponseTable(featureCount: 3, candidateCounts: counts, rewards: rewards,
                                      priorLogits: priors, features: features)
        return try Demonstrations(table: table, answers: answers)
    }

    static func meanDemoProbability(_ data: Demonstrations, _ theta: [Double]) -> Double {
        data.evaluate(parameters: theta).accuracy
    }

    @Test("ML training raises π(demo) on training items and generalises to validation items")
    func maximumLikelihoodLearns() throws {
        let train = try Self.demonstrations(items: 0..<8), valid = try Self.demonstrations(items: 8..<12)
        let run = try SupervisedTrainer(configuration: .init(nEpochs: 5, batchSize: 2, learningRate: 0.1, seed: 1))
            .train(training: train, validation: valid)
        let theta = try #require(run.parameters), zero = [0.0, 0, 0]
        #expect(Self.meanDemoProbability(train, theta) > Self.meanDemoProbability(train, zero) + 0.3)
        #expect(Self.meanDemoProbability(valid, theta) > Self.meanDemoProbability(valid, zero) + 0.3)
        let losses = run.metrics.map(\.trainLoss)
        let quarter = losses.count / 4
        let late: Double = losses.suffix(quarter).reduce(0, +), early: Double = losses.prefix(quarter).reduce(0, +)
        #expect(late < early)
        // The tuned policy's RFT reward is exact through Policy.
        let tuned = try run.policy(on: valid.table)
        #expect(abs(tuned.expectedReward() - Self.meanDemoProbability(valid, theta)) < 1e-12)
        #expect(tuned.expectedReward() > (try Policy(table: valid.table)).expectedReward())
        for entry in run.metrics {
            #expect((0...1).contains(entry.trainMeanTokenAccuracy) && entry.trainLoss >= 0)
            #expect(entry.validLoss != nil && (0...1).contains(entry.validMeanTokenAccuracy ?? -1))
        }
    }

    @Test("SFT on a ResponseModel's reference answers raises the exact RFT reward")
    func referencesOfResponseModel() async throws {
        let dataset: [JSONValue] = (0..<12).map { i in
            ["messages": .array([["role": "user", "content": .string("What is \(i) + \(i)?")]]), "answer": .string("\(2 * i)")]
        }
        let grader = try Grader(json: JSONValue(parsing: #"{"type":"string_check","name":"exact","input":"{{sample.output_text}}","reference":"{{item.answer}}","operation":"eq"}"#))
        let model = try await ResponseModelBuilder(dataset: dataset, grader: grader, seed: 3).build()
        let all = try Demonstrations(referencesOf: model)
        for item in 0..<all.count {
            #expect(model.candidates(of: item)[model.table.candidates(of: item).lowerBound + all.answers[item]].kind == .reference)
        }
        let train = try all.selecting(items: Array(0..<8)), valid = try all.selecting(items: Array(8..<12))
        let run = try SupervisedTrainer(configuration: .init(nEpochs: 3, batchSize: 2, seed: 9)).train(training: train, validation: valid)
        let before = try Policy(table: valid.table).expectedReward(), after = try run.policy(on: valid.table).expectedReward()
        #expect(after > before + 0.1)
    }

    @Test("Checkpoints at each epoch end; the last three are kept")
    func checkpoints() throws {
        let train = try Self.demonstrations(items: 0..<8), valid = try Self.demonstrations(items: 8..<11)
        let config = SupervisedConfiguration(nEpochs: 5, batchSize: 3, seed: 2)
        let run = try SupervisedTrainer(configuration: config).train(training: train, validation: valid)
        #expect(run.metrics.count == 14)  // ceil(5 × 8 / 3)
        #expect(run.metrics.filter { $0.fullValidLoss != nil }.map(\.step) == [3, 6, 8, 11, 14])
        #expect(run.checkpoints.map(\.epoch) == [3, 4, 5])
        #expect(run.checkpoints.map(\.step) == [8, 11, 14])
        #expect(run.checkpoints.last?.parameters == run.parameters)
        #expect(run.checkpoints[0].modelName(fineTunedModel: "ft:m") == "ft:m:ckpt-step-8")
        #expect(run.checkpoints.allSatisfy { $0.metrics.fullValidMeanTokenAccuracy != nil })
    }

    @Test("Same seed gives identical runs bit for bit; another seed differs")
    func determinism() throws {
        let train = try Self.demonstrations(items: 0..<9), valid = try Self.demonstrations(items: 9..<15)
        func run(_ seed: UInt64) throws -> SupervisedRun {
            try SupervisedTrainer(configuration: .init(nEpochs: 3, batchSize: 2, validationSampleSize: 2, seed: seed))
                .train(training: train, validation: valid)
        }
        let a = try run(11), b = try run(11), c = try run(12)
        #expect(a == b)
        #expect(a.metrics.map(\.trainLoss.bitPattern) == b.metrics.map(\.trainLoss.bitPattern))
        #expect(a.metrics != c.metrics)
        let curve = SupervisedLossCurve()
        let config = SupervisedConfiguration(nEpochs: 2, batchSize: 4, seed: 5)
        let x = try curve.simulate(configuration: config, learningRateMultiplier: 1, trainingExamples: 40, validationExamples: 10)
        let y = try curve.simulate(configuration: config, learningRateMultiplier: 1, trainingExamples: 40, validationExamples: 10)
        #expect(x == y)
    }

    @Test("No answer space: loss decreases, values finite and in range")
    func curveDecreases() throws {
        let run = try SupervisedLossCurve().simulate(
            configuration: .init(nEpochs: 3, batchSize: 4, seed: 3), learningRateMultiplier: 1,
            trainingExamples: 200, validationExamples: 50)
        #expect(run.metrics.count == 150)
        #expect(run.parameters == nil && run.checkpoints.map(\.epoch) == [1, 2, 3])
        let losses = run.metrics.map(\.trainLoss)
        let late: Double = losses.suffix(20).reduce(0, +), early: Double = losses.prefix(20).reduce(0, +)
        #expect(late < early / 2)
        for entry in run.metrics {
            let values = [entry.trainLoss, entry.validLoss ?? .nan]
            #expect(values.allSatisfy { $0.isFinite && $0 > 0 })
            #expect((0...1).contains(entry.trainMeanTokenAccuracy) && (0...1).contains(entry.validMeanTokenAccuracy ?? -1))
        }
        let full = run.metrics.compactMap(\.fullValidLoss)
        #expect(full.count == 3 && full[2] < full[0])
    }

    @Test("No answer space: many epochs on tiny data overfit (validation loss rises)")
    func curveOverfits() throws {
        let run = try SupervisedLossCurve().simulate(
            configuration: .init(nEpochs: 40, batchSize: 1, seed: 4), learningRateMultiplier: 2,
            trainingExamples: 10, validationExamples: 10)
        let full = run.metrics.compactMap(\.fullValidLoss)
        #expect(full.count == 40)
        let best = try #require(full.min())
        #expect(full.last! > best + 0.5)
        #expect(run.metrics.last!.trainLoss < full.last!)
        #expect(run.metrics.allSatisfy { $0.trainLoss.isFinite && $0.trainLoss > 0 })
    }

    @Test("Token estimator and trained_tokens = file tokens × n_epochs")
    func tokens() throws {
        let messages = [JudgeRequest.Message(role: "user", content: "Hi"), .init(role: "assistant", content: "Hello!")]
        #expect(SupervisedTokenEstimate.tokens(messages: messages) == 18)
        let line = JSONValue.object(["messages": .array([
            .object(["role": .string("system"), "content": .string("Be brief.")]),
            .object(["role": .string("user"), "content": .array([.object(["type": .string("text"), "text": .string("Hi")])])]),
            .object(["role": .string("assistant"), "content": .string("Hello!")]),
        ])])
        // 3 + (4 + 2 + 3) + (4 + 1 + 1) + (4 + 3 + 2)
        #expect(try SupervisedTokenEstimate.tokens(inExample: line) == 27)
        #expect(try SupervisedTokenEstimate.trainingFileTokens(examples: [line, line]) == 54)
        #expect(SupervisedTokenEstimate.trainedTokens(trainingFileTokens: 100_000, nEpochs: 3) == 300_000)
        let noAnswer = JSONValue.object(["messages": .array([.object(["role": .string("user"), "content": .string("Hi")])])])
        #expect(throws: SimulatorError.self) { try SupervisedTokenEstimate.tokens(inExample: noAnswer) }
        do { _ = try SupervisedTokenEstimate.trainingFileTokens(examples: [line, noAnswer]) } catch {
            #expect(error.field == "lines[1].messages")
        }
    }

    @Test("Errors name the field")
    func errors() throws {
        let train = try Self.demonstrations(items: 0..<4)
        func field(_ config: SupervisedConfiguration) -> String? {
            do { _ = try SupervisedTrainer(configuration: config).train(training: train); return nil } catch { return error.field }
        }
        #expect(field(.init(batchSize: 5)) == "batch_size")
        #expect(field(.init(nEpochs: 0)) == "n_epochs")
        #expect(field(.init(learningRate: -0.1)) == "learning_rate_multiplier")
        do { _ = try Demonstrations(table: train.table, answers: [0, 3, 0, 0]); Issue.record("expected an error") } catch {
            #expect(error.field == "answers[1]")
        }
        do {
            _ = try SupervisedLossCurve().simulate(configuration: .init(), learningRateMultiplier: -1, trainingExamples: 5)
            Issue.record("expected an error")
        } catch { #expect(error.field == "learning_rate_multiplier") }
    }

    @Test("Results CSV header, event message and snake_case keys")
    func formats() throws {
        let entry = SupervisedStepMetrics(step: 300, totalSteps: 300, trainLoss: 0.1499, trainMeanTokenAccuracy: 0.9444,
                                          validLoss: 0.2657, validMeanTokenAccuracy: 0.9565,
                                          fullValidLoss: 0.4033, fullValidMeanTokenAccuracy: 0.9090)
        #expect(entry.eventMessage == "Step 300/300: training loss=0.15, validation loss=0.27, full validation loss=0.40")
        let bare = SupervisedStepMetrics(step: 1, totalSteps: 300, trainLoss: 0.2219, trainMeanTokenAccuracy: 0.5)
        #expect(bare.eventMessage == "Step 1/300: training loss=0.22")
        let csv = SupervisedResultsCSV.text(for: [bare, entry])
        #expect(csv == "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy\n1,0.2219,0.5,,\n300,0.1499,0.9444,0.2657,0.9565\n")
        let json = try #require(String(data: try JSONEncoder().encode(entry), encoding: .utf8))
        for key in ["\"step\"", "\"total_steps\"", "\"train_loss\"", "\"train_mean_token_accuracy\"", "\"valid_loss\"",
                    "\"valid_mean_token_accuracy\"", "\"full_valid_loss\"", "\"full_valid_mean_token_accuracy\""] {
            #expect(json.contains(key))
        }
        #expect(try JSONDecoder().decode(SupervisedStepMetrics.self, from: try JSONEncoder().encode(entry)) == entry)
    }
}
