import Foundation
import Testing

@testable import Simulator

/// Calibration against the RFT metrics event (openai-finetuning-api.md §5.1), monotonicity,
/// validation steps, and the committed data file.
struct TimingModelTests {
    static let judge = TimingModel.Grader(name: "basic_model_grader", type: .scoreModel)

    /// The reference job: 640 training and 20 validation items, n_epochs 2, eval_samples 1, the
    /// rest auto (B = 64, G = 8, 20 steps, validation every step), one score_model grader.
    static func referenceResolved(_ change: (inout PlatformHyperparameters) -> Void = { _ in }) throws -> ResolvedHyperparameters {
        var hyperparameters = PlatformHyperparameters(nEpochs: 2, evalSamples: 1)
        change(&hyperparameters)
        return try hyperparameters.resolve(method: .reinforcement, trainingExamples: 640, validationExamples: 20)
    }

    static func model(
        graders: [TimingModel.Grader] = [judge], _ change: (inout PlatformHyperparameters) -> Void = { _ in }
    ) throws -> TimingModel {
        try TimingModel(workload: .init(resolved: referenceResolved(change), graders: graders))
    }

    @Test func referenceJobIsSizedLikeTheExample() throws {
        let resolved = try Self.referenceResolved()
        #expect(resolved.batchSize == 64)
        #expect(resolved.samplesPerPrompt == 8)
        #expect(resolved.steps == 20)
        let workload = try Self.model().workload
        #expect(workload.trainingSamples == 512)  // the example graded 120,741 / 241 ≈ 501 samples
        #expect(workload.validationSamples == 20)  // and 4,820 / 241 = 20 validation samples
        #expect(workload.reasoningTokensPerSample == 3330)
        #expect(workload.completionTokensPerSample == 3376)
    }

    @Test func referenceJobSplitMatchesTheExample() throws {
        let timing = try Self.model().timing(atStep: 10)
        let full = timing.fullIteration
        #expect(abs(full - 731.5) / 731.5 < 0.2)
        #expect(abs(timing.sampling / full - 0.31) < 0.03)
        #expect(abs(timing.training / full - 0.55) < 0.03)
        #expect(abs(timing.eval / full - 0.14) < 0.03)
        // Tighter than the requirement: the calibration lands within 2 % of every example number.
        #expect(abs(timing.sampling - 226.82) / 226.82 < 0.02)
        #expect(abs(timing.training - 402.43) / 402.43 < 0.02)
        #expect(abs(timing.eval - 101.69) / 101.69 < 0.02)
        #expect(abs(full - 731.50) / 731.50 < 0.02)
    }

    @Test func validationSamplesHaveTheirOwnLength() throws {
        let workload = try Self.model().workload
        // The guide's event: valid 1,948.9 / train 3,330.02 reasoning tokens = 0.585.
        #expect(abs(workload.validationReasoningTokensPerSample / workload.reasoningTokensPerSample - 0.585) <= 0.02)
        #expect(abs(workload.validationReasoningTokensPerSample - 1948.9) / 1948.9 < 0.01)
    }

    @Test func aStepTakesWhatItsSampledTokensTake() throws {
        let model = try Self.model()
        let expected = model.expectedTokens(validating: true)
        #expect(model.timing(of: expected) == model.timing(atStep: 20))
        // Longer answers: every phase grows; shorter: every phase shrinks.
        var longer = expected
        longer.trainingTokens *= 1.5
        longer.validationTokens *= 1.5
        let long = model.timing(of: longer), base = model.timing(of: expected)
        #expect(long.sampling > base.sampling && long.training > base.training && long.eval > base.eval)
        // Linear in the tokens: training grows by exactly the extra tokens over the throughput.
        let extra = expected.trainingTokens * 0.5 / model.parameters.trainingTokensPerSecond
        #expect(abs(long.training - base.training - extra) < 1e-9)
        // No validation samples, no eval.
        #expect(model.timing(of: model.expectedTokens(validating: false)).eval == 0)
    }

    @Test func shortReasoningCostsAFractionOfTheGuides() throws {
        // The cookbook's job shape: 100 examples, 5 epochs, eval_interval 5; base o4-mini reasons
        // 424 tokens on it, the guide's job 3,330.
        func seconds(_ reasoning: Double) throws -> Double {
            let resolved = try PlatformHyperparameters(nEpochs: 5, evalInterval: 5)
                .resolve(method: .reinforcement, trainingExamples: 100, validationExamples: 20)
            let timing = try TimingModel(workload: .init(resolved: resolved, graders: [Self.judge], baseReasoningTokens: reasoning))
            return timing.wallClockSeconds(forSteps: resolved.steps)
        }
        #expect(try seconds(424) <= 0.40 * seconds(3330))
    }

    @Test func graderLatenciesAreReportedPerGrader() throws {
        let model = try Self.model(graders: [Self.judge, .init(name: "format", type: .stringCheck)])
        let latencies = model.graderLatencies
        #expect(latencies.map(\.name) == ["basic_model_grader", "format"])
        #expect(latencies[0].trainExecutionLatencyMean == 2.69)
        #expect(abs(latencies[0].validExecutionLatencyMean - 4.14) < 0.01)
        #expect(latencies[1].trainExecutionLatencyMean < 0.001)
        let json = String(decoding: try JSONEncoder().encode(latencies[0]), as: UTF8.self)
        #expect(json.contains("\"train_execution_latency_mean\":2.69"))
    }

    @Test func moreSamplesTakeLonger() throws {
        let base = try Self.model()
        let moreSamples = try Self.model { $0.computeMultiplier = 2 }
        let biggerBatch = try Self.model { $0.batchSize = 128 }
        let moreEvalSamples = try Self.model { $0.evalSamples = 5 }
        #expect(moreSamples.samplingSeconds > base.samplingSeconds)
        #expect(moreSamples.trainingSeconds > base.trainingSeconds)
        #expect(biggerBatch.samplingSeconds > base.samplingSeconds)
        #expect(biggerBatch.trainingSeconds > base.trainingSeconds)
        #expect(moreEvalSamples.evalSeconds > base.evalSeconds)
        var workload = base.workload
        for g in [2, 4, 8, 16, 32] {
            workload.samplesPerPrompt = g
            let shorter = try TimingModel(workload: workload).samplingSeconds
            workload.samplesPerPrompt = g + 1
            #expect(try TimingModel(workload: workload).samplingSeconds > shorter)
        }
    }

    @Test func higherReasoningEffortTakesLonger() throws {
        let seconds = try [ReasoningEffort.low, .medium, .high].map { effort in
            try Self.model { $0.reasoningEffort = effort }.timing(atStep: 1).fullIteration
        }
        #expect(seconds[0] < seconds[1] && seconds[1] < seconds[2])
        #expect(try Self.model { $0.reasoningEffort = .default }.timing(atStep: 1) == Self.model().timing(atStep: 1))
        #expect(try Self.model { $0.reasoningEffort = .high }.workload.reasoningTokensPerSample == 6660)
    }

    @Test func computeMultiplierLengthensReasoning() throws {
        let doubled = try Self.model { $0.computeMultiplier = 4 }
        #expect(doubled.workload.reasoningTokensPerSample == 6660)
        #expect(doubled.workload.samplesPerPrompt == 32)
    }

    @Test func modelGradersAreSlowerThanStringChecks() throws {
        let kinds: [GraderKind] = [.stringCheck, .textSimilarity, .python, .scoreModel]
        let seconds = try kinds.map { kind in
            try Self.model(graders: [.init(name: "g", type: kind)]).samplingSeconds
        }
        #expect(seconds == seconds.sorted())
        #expect(seconds[3] - seconds[0] > 10)
        #expect(try Self.model(graders: [.init(name: "g", type: .labelModel)]).samplingSeconds == seconds[3])
        let slowJudge = try Self.model(graders: [.init(name: "o3 judge", type: .scoreModel, latencySeconds: 26.9)])
        #expect(slowJudge.samplingSeconds > seconds[3] + 150)
        let multi = try Self.model(graders: [Self.judge, .init(name: "format", type: .python)])
        #expect(multi.samplingSeconds > seconds[3])
    }

    @Test func evalTimeOnlyAtValidationSteps() throws {
        let model = try Self.model { $0.evalInterval = 3 }
        let steps = (1...20).filter { model.isValidationStep($0) }
        #expect(steps == [3, 6, 9, 12, 15, 18, 20])
        for step in 1...20 {
            let timing = model.timing(atStep: step)
            #expect((timing.eval > 0) == steps.contains(step))
            #expect(abs(timing.fullIteration - timing.sampling - timing.training - timing.eval - 0.56) < 1e-9)
        }
        #expect(model.validationCount(throughStep: 20) == 7)
        #expect(model.validationCount(throughStep: 19) == 6)
        var noValidation = model.workload
        noValidation.validationItems = 0
        let silent = try TimingModel(workload: noValidation)
        #expect(!silent.isValidationStep(3))
        #expect(silent.timing(atStep: 3).eval == 0)
    }

    @Test func trainingHoursSumFullIterations() throws {
        let model = try Self.model { $0.evalInterval = 4 }
        let summed = (1...20).map { model.timing(atStep: $0).fullIteration }.reduce(0, +)
        #expect(abs(model.wallClockSeconds(forSteps: 20) - summed) < 1e-6)
        #expect(abs(model.trainingHours(forSteps: 20) - summed / 3600) < 1e-9)
        #expect(model.trainingHours(forSteps: 0) == 0)
        let everyStep = try Self.model()
        #expect(abs(everyStep.trainingHours(forSteps: 20) - 4.07) < 0.01)
    }

    @Test func stepTimingEncodesLikeTheEvent() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let timing = StepTiming(sampling: 226.82, training: 402.43, eval: 101.69, fullIteration: 731.5)
        let json = String(decoding: try encoder.encode(timing), as: UTF8.self)
        #expect(json == #"{"eval":101.69,"full_iteration":731.5,"sampling":226.82,"training":402.43}"#)
        #expect(try JSONDecoder().decode(StepTiming.self, from: Data(json.utf8)) == timing)
    }

    @Test func committedDataFileEqualsTheDefaults() throws {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("data/timing-model.json")
        let decoded = try JSONDecoder().decode(TimingModel.Parameters.self, from: Data(contentsOf: url))
        #expect(decoded == TimingModel.Parameters.default)
    }

    @Test func invalidInputsAreRejected() throws {
        var parameters = TimingModel.Parameters.default
        parameters.graderConcurrency = 0
        let workload = try Self.model().workload
        #expect(throws: SimulatorError.self) { try TimingModel(parameters: parameters, workload: workload) }
        parameters = .default
        parameters.trainingTokensPerSecond = 0
        #expect(throws: SimulatorError.self) { try TimingModel(parameters: parameters, workload: workload) }
        var bad = workload
        bad.samplesPerPrompt = 0
        do {
            _ = try TimingModel(workload: bad)
            Issue.record("expected an error")
        } catch {
            #expect(error.field == "workload.samplesPerPrompt")
        }
        let supervised = try PlatformHyperparameters().resolve(method: .supervised, trainingExamples: 10)
        #expect(throws: SimulatorError.self) { try TimingModel.Workload(resolved: supervised, graders: []) }
    }
}
