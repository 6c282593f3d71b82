import Foundation
import Testing

@testable import Simulator

/// `"auto"` resolution, explicit values, range errors and the platform's JSON.
struct PlatformHyperparametersTests {
    static func resolve(
        _ hyperparameters: PlatformHyperparameters = .init(), method: PlatformHyperparameters.Method = .reinforcement,
        training: Int, validation: Int = 0
    ) throws -> ResolvedHyperparameters {
        try hyperparameters.resolve(method: method, trainingExamples: training, validationExamples: validation)
    }

    /// The error a resolution throws, as (field, message).
    static func failure(_ hyperparameters: PlatformHyperparameters, method: PlatformHyperparameters.Method = .reinforcement, training: Int = 1000) -> (String?, String?) {
        do {
            _ = try hyperparameters.resolve(method: method, trainingExamples: training)
            return (nil, nil)
        } catch {
            return (error.field, error.message)
        }
    }

    @Test(arguments: [(10, 10), (20, 5), (33, 3), (34, 3), (640, 3), (8333, 3), (8334, 2), (10_000, 2), (30_000, 1)])
    func autoEpochsFollowTheCookbookRule(training: Int, epochs: Int) throws {
        #expect(AutoHyperparameters.nEpochs(trainingExamples: training) == epochs)
        #expect(try Self.resolve(method: .supervised, training: training).nEpochs == epochs)
        #expect(try Self.resolve(method: .reinforcement, training: training).nEpochs == epochs)
    }

    @Test func autoBatchSizeForSmallAndLargeDatasets() throws {
        #expect(try Self.resolve(method: .supervised, training: 10).batchSize == 1)
        #expect(try Self.resolve(method: .supervised, training: 500).batchSize == 1)
        #expect(try Self.resolve(method: .supervised, training: 501).batchSize == 2)
        #expect(try Self.resolve(method: .supervised, training: 50_000).batchSize == 100)
        #expect(try Self.resolve(method: .supervised, training: 1_000_000).batchSize == 256)
        #expect(try Self.resolve(training: 1).batchSize == 1)
        #expect(try Self.resolve(training: 25).batchSize == 3)
        #expect(try Self.resolve(training: 640).batchSize == 64)
        #expect(try Self.resolve(training: 100_000).batchSize == 64)
    }

    @Test func everyReinforcementAutoResolves() throws {
        let small = try Self.resolve(training: 20, validation: 5)
        #expect(small.nEpochs == 5)
        #expect(small.batchSize == 2)
        #expect(small.learningRateMultiplier == 1)
        #expect(small.reinforcement == .init(computeMultiplier: 1, evalInterval: 1, evalSamples: 5, reasoningEffort: .medium))
        #expect(small.steps == 50)
        #expect(small.samplesPerPrompt == 8)
        #expect(small.reasoningLengthFactor == 1)
        #expect(small.learningRate == 0.1)
        let large = try Self.resolve(training: 10_000, validation: 200)
        #expect(large.nEpochs == 2)
        #expect(large.batchSize == 64)
        #expect(large.steps == 313)
        #expect(large.validationExamples == 200)
    }

    @Test func supervisedAutoHasNoReinforcementValues() throws {
        let resolved = try Self.resolve(method: .supervised, training: 10)
        #expect(resolved.reinforcement == nil)
        #expect(resolved.samplesPerPrompt == 1)
        #expect(resolved.reasoningLengthFactor == 1)
        // SFT-GUIDE's finished job: n_epochs 10, batch_size 1, learning_rate_multiplier 1 (§1.3).
        #expect(resolved.platformHyperparameters == .init(nEpochs: .value(10), batchSize: .value(1), learningRateMultiplier: .value(1)))
    }

    @Test func explicitValuesPassThrough() throws {
        let explicit = PlatformHyperparameters(
            nEpochs: 7, batchSize: 16, learningRateMultiplier: 0.5, computeMultiplier: 2.5,
            evalInterval: 3, evalSamples: 2, reasoningEffort: .high)
        let resolved = try Self.resolve(explicit, training: 100, validation: 10)
        #expect(resolved.nEpochs == 7)
        #expect(resolved.batchSize == 16)
        #expect(resolved.learningRateMultiplier == 0.5)
        #expect(resolved.reinforcement == .init(computeMultiplier: 2.5, evalInterval: 3, evalSamples: 2, reasoningEffort: .high))
        #expect(resolved.platformHyperparameters == explicit)
        #expect(resolved.steps == 44)  // ceil(7 × 100 / 16)
        #expect(resolved.learningRate == 0.05)
        #expect(resolved.samplesPerPrompt == 20)
        #expect(abs(resolved.reasoningLengthFactor - 2.5.squareRoot()) < 1e-12)
        let low = try Self.resolve(.init(reasoningEffort: .low), training: 100)
        #expect(low.reinforcement?.reasoningEffort == .low)
    }

    @Test func computeMultiplierMapsOntoGroupSizeAndReasoningLength() {
        #expect(ResolvedHyperparameters.samplesPerPrompt(computeMultiplier: 0.00002) == 2)
        #expect(ResolvedHyperparameters.samplesPerPrompt(computeMultiplier: 0.5) == 4)
        #expect(ResolvedHyperparameters.samplesPerPrompt(computeMultiplier: 1) == 8)
        #expect(ResolvedHyperparameters.samplesPerPrompt(computeMultiplier: 10) == 80)
        #expect(ResolvedHyperparameters.reasoningLengthFactor(computeMultiplier: 0.01) == 0.5)
        #expect(ResolvedHyperparameters.reasoningLengthFactor(computeMultiplier: 4) == 2)
        #expect(ResolvedHyperparameters.reasoningLengthFactor(computeMultiplier: 10) == 2)
    }

    @Test func trainerConfigurationCarriesTheResolvedValues() throws {
        let resolved = try Self.resolve(.init(nEpochs: 2, learningRateMultiplier: 3, evalInterval: 4, evalSamples: 2), training: 640)
        let configuration = resolved.trainerConfiguration(seed: 42)
        #expect(configuration.batchSize == 64)
        #expect(configuration.groupSize == 8)
        #expect(configuration.steps == 20)
        #expect(abs(configuration.learningRate - 0.3) < 1e-12)
        #expect(configuration.evalInterval == 4)
        #expect(configuration.evalSamples == 2)
        #expect(configuration.seed == 42)
    }

    @Test(arguments: [
        (PlatformHyperparameters(nEpochs: 0), "n_epochs", "n_epochs must be \"auto\" or an integer in 1...50, got 0"),
        (PlatformHyperparameters(nEpochs: 51), "n_epochs", "n_epochs must be \"auto\" or an integer in 1...50, got 51"),
        (PlatformHyperparameters(batchSize: 0), "batch_size", "batch_size must be \"auto\" or an integer in 1...256, got 0"),
        (PlatformHyperparameters(batchSize: 257), "batch_size", "batch_size must be \"auto\" or an integer in 1...256, got 257"),
        (PlatformHyperparameters(learningRateMultiplier: 0), "learning_rate_multiplier", "learning_rate_multiplier must be \"auto\" or a finite number > 0, got 0.0"),
        (PlatformHyperparameters(learningRateMultiplier: -1), "learning_rate_multiplier", "learning_rate_multiplier must be \"auto\" or a finite number > 0, got -1.0"),
        (PlatformHyperparameters(computeMultiplier: 0.00001), "compute_multiplier", "compute_multiplier must be \"auto\" or a number in (0.00001, 10], got 1e-05"),
        (PlatformHyperparameters(computeMultiplier: 10.5), "compute_multiplier", "compute_multiplier must be \"auto\" or a number in (0.00001, 10], got 10.5"),
        (PlatformHyperparameters(evalInterval: 0), "eval_interval", "eval_interval must be \"auto\" or an integer ≥ 1, got 0"),
        (PlatformHyperparameters(evalSamples: 0), "eval_samples", "eval_samples must be \"auto\" or an integer in 1...10, got 0"),
        (PlatformHyperparameters(evalSamples: 11), "eval_samples", "eval_samples must be \"auto\" or an integer in 1...10, got 11"),
    ])
    func outOfRangeValuesAreRejected(hyperparameters: PlatformHyperparameters, key: String, message: String) {
        let (field, text) = Self.failure(hyperparameters)
        #expect(field == key)
        #expect(text == message)
    }

    @Test func edgesOfTheRangesAreAccepted() throws {
        _ = try Self.resolve(.init(nEpochs: 50, batchSize: 256, learningRateMultiplier: 1e-9, computeMultiplier: 10), training: 256)
        _ = try Self.resolve(.init(nEpochs: 1, batchSize: 1, computeMultiplier: 0.000011, evalInterval: 1_000, evalSamples: 10), training: 1)
        #expect(Self.failure(.init(learningRateMultiplier: .value(.nan))).0 == "learning_rate_multiplier")
        #expect(Self.failure(.init(learningRateMultiplier: .value(.infinity))).0 == "learning_rate_multiplier")
    }

    @Test func aBatchLargerThanTheTrainingSetNamesBatchSize() {
        let (field, message) = Self.failure(.init(batchSize: 32), training: 20)
        #expect(field == "batch_size")
        #expect(message == "batch_size 32 is larger than the 20 training example(s); use at most 20 or \"auto\"")
        #expect(Self.failure(.init(batchSize: 32), method: .supervised, training: 20).0 == "batch_size")
    }

    @Test func reinforcementKeysAreRejectedOnSupervisedJobs() {
        let (field, message) = Self.failure(.init(computeMultiplier: 2), method: .supervised)
        #expect(field == "compute_multiplier")
        #expect(message == "compute_multiplier is a reinforcement hyperparameter; a supervised job accepts batch_size, learning_rate_multiplier, n_epochs")
        #expect(Self.failure(.init(reasoningEffort: .low), method: .supervised).0 == "reasoning_effort")
        #expect(Self.failure(.init(evalInterval: .auto), method: .supervised).0 == "eval_interval")
        #expect(Self.failure(.init(evalSamples: 2), method: .supervised).0 == "eval_samples")
    }

    @Test func badDatasetSizesAreRejected() {
        #expect(Self.failure(.init(), training: 0).0 == "trainingExamples")
        #expect(throws: SimulatorError.self) { try PlatformHyperparameters().resolve(method: .reinforcement, trainingExamples: 5, validationExamples: -1) }
    }

    @Test func jsonRoundTripKeepsAutoStringsAndNumbers() throws {
        let json = #"{"batch_size":"auto","compute_multiplier":1.5,"eval_interval":"auto","eval_samples":3,"learning_rate_multiplier":"auto","n_epochs":2,"reasoning_effort":"default"}"#
        let decoded = try JSONDecoder().decode(PlatformHyperparameters.self, from: Data(json.utf8))
        #expect(decoded == .init(nEpochs: 2, batchSize: .auto, learningRateMultiplier: .auto, computeMultiplier: 1.5,
                                 evalInterval: .auto, evalSamples: 3, reasoningEffort: .default))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(decoded), as: UTF8.self) == json)
        let empty = try JSONDecoder().decode(PlatformHyperparameters.self, from: Data("{}".utf8))
        #expect(empty == .init())
        #expect(String(decoding: try encoder.encode(empty), as: UTF8.self) == "{}")
        let supervised = #"{"batch_size":4,"learning_rate_multiplier":0.25,"n_epochs":"auto"}"#
        let sft = try JSONDecoder().decode(PlatformHyperparameters.self, from: Data(supervised.utf8))
        #expect(sft.learningRateMultiplier == .value(0.25))
        #expect(String(decoding: try encoder.encode(sft), as: UTF8.self) == supervised)
    }

    @Test(arguments: [#"{"n_epochs":"many"}"#, #"{"batch_size":2.5}"#, #"{"reasoning_effort":"extreme"}"#, #"{"compute_multiplier":true}"#])
    func malformedJSONIsRejected(json: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PlatformHyperparameters.self, from: Data(json.utf8)) }
    }
}
