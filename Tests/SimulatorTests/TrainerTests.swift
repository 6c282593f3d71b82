import Foundation
import Testing

@testable import Simulator

struct TrainerTests {
    /// Twelve prompts of six answers sharing three features, with gold rewards.
    static func sharedFeatureTable(items: Int = 12, seed: UInt64 = 5) throws -> ResponseTable {
        var state = seed
        func next() -> Double {  // a small LCG, enough for a fixture
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        return try ResponseTable(featureCount: 3, items: (0..<items).map { _ in
            .init(candidates: (0..<6).map { c in
                let correct = c == 0
                return .init(reward: correct ? 1 : (c == 1 ? 1 : 0), goldReward: correct ? 1 : 0,
                             priorLogit: next() - 0.5, features: [correct ? 1 : 0, c == 1 ? 1 : 0, next()])
            })
        })
    }

    @Test func everyAlgorithmLearnsAndReportsFiniteMetrics() throws {
        let table = try Self.sharedFeatureTable()
        for algorithm in Algorithm.allCases {
            for optimizer in [Optimizer.sgd, .adam()] {
                var configuration = TrainerConfiguration(algorithm: algorithm, learningRate: optimizer == .sgd ? 0.5 : 0.05,
                                                         batchSize: 4, groupSize: 4, steps: 60, seed: 1)
                configuration.optimizer = optimizer
                let run = try Trainer(table: table, configuration: configuration).run()
                let last = try #require(run.metrics.last)
                #expect(run.metrics.count == 60)
                #expect(last.policyExpectedReward! > run.initialPolicyExpectedReward + 0.1, "\(algorithm) \(optimizer)")
                #expect(last.goldRewardMean != nil && last.trainGoldRewardMean != nil)
                #expect(run.metrics.allSatisfy { [$0.trainRewardMean, $0.rewardStd, $0.fracRewardZeroStd, $0.entropy, $0.kl, $0.gradientNorm].allSatisfy(\.isFinite) })
                #expect(abs(last.epoch - 20) < 1e-12)  // 60 steps × 4 items / 12 items
            }
        }
    }

    @Test(arguments: Algorithm.allCases)
    func noLearningSignalNeverProducesNaN(algorithm: Algorithm) throws {
        // All rewards 0: every group has zero variance; nothing may move or turn NaN.
        let table = try ResponseTable.bandit(rewards: [0, 0, 0], initialPolicy: [0.2, 0.3, 0.5], copies: 2)
        for optimizer in [Optimizer.sgd, .adam()] {
            for kl in [nil, KLPenalty(beta: 0.1, estimator: .k3), KLPenalty(beta: 0.1, estimator: .k1)] {
                var configuration = TrainerConfiguration(algorithm: algorithm, learningRate: 0.5, batchSize: 2, groupSize: 4, steps: 20)
                configuration.optimizer = optimizer
                configuration.iterationsPerBatch = 2
                configuration.kl = kl
                let run = try Trainer(table: table, configuration: configuration).run()
                #expect(run.hadNoLearningSignal)
                #expect(run.metrics.allSatisfy { $0.fracRewardZeroStd == 1 && $0.trainRewardMean == 0 && $0.rewardStd == 0 })
                #expect(run.metrics.allSatisfy { [$0.entropy, $0.kl, $0.gradientNorm, $0.policyExpectedReward!].allSatisfy(\.isFinite) })
                if kl == nil {
                    #expect(run.finalParameters == [0, 0, 0])
                    #expect(run.metrics.allSatisfy { $0.gradientNorm == 0 })
                } else {
                    // At π = π_ref the KL terms vanish up to rounding, which Adam may amplify; it must stay finite.
                    #expect(run.finalParameters.allSatisfy { $0.isFinite })
                }
            }
        }
    }

    @Test func zeroVarianceGroupsGiveZeroGradient() throws {
        // Every answer scores 1 (a grader that never varies): GRPO, RLOO and Dr. GRPO do not move.
        let table = try ResponseTable.bandit(rewards: [1, 1, 1, 1], copies: 3)
        for algorithm in [Algorithm.grpo, .rloo, .drGRPO] {
            let run = try Trainer(table: table, configuration: .init(algorithm: algorithm, learningRate: 1, batchSize: 3, groupSize: 8, steps: 5)).run()
            #expect(run.finalParameters == [0, 0, 0, 0])
            #expect(run.metrics.allSatisfy { $0.fracRewardZeroStd == 1 })
        }
    }

    @Test func rlooAdvantageIsGOverGMinusOneTimesTheCentredAdvantage() throws {
        let rewards: [Double] = [1, 0, 0.5, 0.25, 1, 0.75, 0, 0.3]
        var rloo = [Double](repeating: 0, count: 8)
        var centred = rloo
        rewards.withUnsafeBufferPointer { r in
            AdvantageKernel.group(.rloo, scaling: .group, rewards: r.baseAddress!, count: 8, batchStandardDeviation: 0, baseline: 0, advantages: &rloo)
            AdvantageKernel.group(.drGRPO, scaling: .group, rewards: r.baseAddress!, count: 8, batchStandardDeviation: 0, baseline: 0, advantages: &centred)
        }
        #expect(TestSupport.maxAbsDifference(rloo, centred.map { $0 * 8 / 7 }) < 1e-15)
        // GRPO (TRL): (r − mean)/(std + 1e-4), Bessel std; G = 2, rewards (1, 0) → ±0.5/(0.7071 + 1e-4).
        var grpo = [0.0, 0.0]
        [1.0, 0.0].withUnsafeBufferPointer { r in
            AdvantageKernel.group(.grpo, scaling: .group, rewards: r.baseAddress!, count: 2, batchStandardDeviation: 0, baseline: 0, advantages: &grpo)
        }
        #expect(abs(grpo[0] - 0.5 / (0.5.squareRoot() + 1e-4)) < 1e-15 && grpo[1] == -grpo[0])
        var same = [Double](repeating: 9, count: 3)
        [0.1, 0.1, 0.1].withUnsafeBufferPointer { r in
            AdvantageKernel.group(.grpo, scaling: .group, rewards: r.baseAddress!, count: 3, batchStandardDeviation: 0, baseline: 0, advantages: &same)
        }
        #expect(same == [0, 0, 0])
    }

    @Test func validationRunsOnTheIntervalAndAtTheEnd() throws {
        let table = try Self.sharedFeatureTable()
        let validation = try Self.sharedFeatureTable(items: 5, seed: 9)
        var configuration = TrainerConfiguration(algorithm: .grpo, learningRate: 0.3, batchSize: 4, groupSize: 4, steps: 23, seed: 2)
        configuration.evalInterval = 5
        configuration.evalSamples = 400
        let run = try Trainer(table: table, validation: validation, configuration: configuration).run()
        let validated = run.metrics.filter { $0.validRewardMean != nil }.map(\.step)
        #expect(validated == [5, 10, 15, 20, 23])
        #expect(run.checkpoints.map(\.step) == validated)
        #expect(run.bestCheckpoints().count == 3)
        for metrics in run.metrics where metrics.validRewardMean != nil {
            // The sampled estimate (2,000 answers) is within noise of the exact value.
            #expect(abs(metrics.validRewardMean! - metrics.validPolicyExpectedReward!) < 0.05)
            #expect(metrics.validGoldRewardMean != nil)
        }
        var policy = try Policy(table: validation)
        policy.parameters = run.checkpoints[1].parameters
        #expect(abs(policy.expectedReward() - run.checkpoints[1].metrics.validPolicyExpectedReward!) < 1e-14)
    }

    @Test func clippingOnlyActsWithSeveralIterations() throws {
        let table = try Self.sharedFeatureTable()
        var configuration = TrainerConfiguration(algorithm: .grpo, learningRate: 2, batchSize: 4, groupSize: 8, steps: 10, seed: 4)
        #expect(try Trainer(table: table, configuration: configuration).run().metrics.allSatisfy { $0.clipRatio == 0 })
        configuration.iterationsPerBatch = 4
        let clipped = try Trainer(table: table, configuration: configuration).run()
        #expect(clipped.metrics.contains { $0.clipRatio > 0 })
        #expect(clipped.metrics.allSatisfy { $0.clipRatio < 0.75 })
    }

    @Test func trackedProbabilitiesCoverSteps0ThroughN() throws {
        let table = try ResponseTable.bandit(rewards: [1, 0], initialPolicy: [0.3, 0.7])
        let run = try Trainer(table: table, configuration: .init(algorithm: .exact, learningRate: 0.5, batchSize: 1, groupSize: 2, steps: 4)).run()
        #expect(run.trackedItem == 0)
        #expect(TestSupport.maxAbsDifference(run.probabilities(atStep: 0)!, [0.3, 0.7]) < 1e-15)
        #expect(abs(run.probabilities(atStep: 4)![0] - run.metrics[3].policyExpectedReward!) < 1e-15)
        #expect(run.probabilities(atStep: 5) == nil)
    }

    @Test func metricsEncodeWithTheProviderKeys() throws {
        let metrics = StepMetrics(step: 3, epoch: 0.5, trainRewardMean: 0.25, rewardStd: 0.5, fracRewardZeroStd: 0.125, entropy: 1, kl: 0)
        let json = String(decoding: try JSONEncoder().encode(metrics), as: UTF8.self)
        for key in ["train_reward_mean", "reward_std", "frac_reward_zero_std", "entropy", "kl", "step"] {
            #expect(json.contains("\"\(key)\""))
        }
        #expect(try JSONDecoder().decode(StepMetrics.self, from: Data(json.utf8)) == metrics)
    }
}
