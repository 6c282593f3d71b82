import Foundation
import Testing

@testable import Simulator

/// Monte Carlo runs against the mean-field ODE and the exact expected update (policy-gradient-dynamics.md §3, §6.3–6.4).
struct MonteCarloTests {
    static let checkpoints = [50, 100, 200, 300]

    /// K = 4, one correct answer, uniform init, η = 0.1, G = 8, B = 4 (four copies of the prompt).
    static func trainer(_ algorithm: Algorithm, seed: UInt64) throws -> Trainer {
        let table = try ResponseTable.bandit(rewards: [1, 0, 0, 0], copies: 4)
        var configuration = TrainerConfiguration(algorithm: algorithm, learningRate: 0.1, batchSize: 4, groupSize: 8, steps: 300, seed: seed)
        configuration.trackedItem = 0
        return try Trainer(table: table, configuration: configuration)
    }

    @Test(arguments: [Algorithm.rloo, .grpo, .drGRPO])
    func meanOfSeedsFollowsTheODE(algorithm: Algorithm) async throws {
        let seeds = 120
        let ode = try MeanFieldModel(table: try .bandit(rewards: [1, 0, 0, 0]),
                                     configuration: .init(algorithm: algorithm, learningRate: 0.1, batchSize: 1, groupSize: 8))
            .solve(steps: Self.checkpoints).expectedRewards
        let trajectories = try await withThrowingTaskGroup(of: [Double].self) { group in
            for seed in 0..<seeds {
                let trainer = try Self.trainer(algorithm, seed: UInt64(seed))
                group.addTask {
                    let run = trainer.run()
                    return Self.checkpoints.map { run.metrics[$0 - 1].policyExpectedReward! }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for (index, n) in Self.checkpoints.enumerated() {
            let values = trajectories.map { $0[index] }
            let mean = values.reduce(0, +) / Double(seeds)
            let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(seeds - 1)).squareRoot()
            let standardError = sd / Double(seeds).squareRoot()
            let tolerance = 3 * standardError + 0.02 * 0.1
            print("MC \(algorithm.rawValue) n = \(n): mean p = \(mean) over \(seeds) seeds (SE \(standardError), seed sd \(sd), sd·√(BG) \(sd * 32.0.squareRoot())), ODE \(ode[index]), |Δ| = \(abs(mean - ode[index])), tolerance \(tolerance)")
            #expect(abs(mean - ode[index]) <= tolerance, "n = \(n)")
        }
    }

    /// The sampler's first update, averaged over many groups, is the enumerated expected update
    /// (non-binary rewards, non-uniform π, KL terms with a reference away from the base).
    @Test(arguments: [
        (Algorithm.grpo, nil as KLEstimator?), (.rloo, nil), (.drGRPO, nil), (.reinforce, nil),
        (.grpo, .k3), (.rloo, .k1),
    ])
    func averageSampledUpdateIsTheExpectedUpdate(algorithm: Algorithm, kl: KLEstimator?) async throws {
        let copies = 64
        let table = try ResponseTable.bandit(rewards: [0.2, 1, 0.5], initialPolicy: [0.5, 0.2, 0.3], copies: copies)
        var configuration = TrainerConfiguration(algorithm: algorithm, learningRate: 1, batchSize: copies, groupSize: 4, steps: 1)
        configuration.baselineRate = 0
        if let kl {
            configuration.kl = KLPenalty(beta: 0.3, estimator: kl)
            configuration.referenceParameters = [0.4, -0.2, 0.1]
        }
        var meanField = configuration
        meanField.batchSize = 1
        let expected = try MeanFieldModel(table: try .bandit(rewards: [0.2, 1, 0.5], initialPolicy: [0.5, 0.2, 0.3]),
                                          configuration: meanField).drift()
        let seeds = 150
        var updates: [[Double]] = []
        for seed in 0..<seeds {
            configuration.seed = UInt64(seed)
            updates.append(try Trainer(table: table, configuration: configuration).run().finalParameters)
        }
        for f in 0..<3 {
            let values = updates.map { $0[f] }
            let mean = values.reduce(0, +) / Double(seeds)
            let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(seeds - 1)).squareRoot()
            #expect(abs(mean - expected[f]) <= 4 * sd / Double(seeds).squareRoot() + 1e-12,
                    "\(algorithm.rawValue) \(kl?.rawValue ?? "") θ[\(f)]: sampled \(mean) ± \(sd / Double(seeds).squareRoot()), expected \(expected[f])")
        }
    }

    @Test func fracRewardZeroStdMatchesTheBinomialFormula() throws {
        // p = .25 per prompt, G = 8: E[frac] = p^G + (1 − p)^G = 0.1001.
        let expected = pow(0.25, 8.0) + pow(0.75, 8.0)
        let table = try ResponseTable.bandit(rewards: [1, 0, 0, 0], copies: 16)
        var configuration = TrainerConfiguration(algorithm: .grpo, learningRate: 0, batchSize: 16, groupSize: 8, steps: 400, seed: 3)
        let run = try Trainer(table: table, configuration: configuration).run()
        let measured = run.metrics.map(\.fracRewardZeroStd).reduce(0, +) / Double(run.metrics.count)
        let standardError = (expected * (1 - expected) / Double(16 * 400)).squareRoot()
        print("frac_reward_zero_std: sampled mean \(measured) over 6400 groups, expected \(expected) (SE \(standardError))")
        #expect(abs(measured - expected) < 4 * standardError)
        configuration.algorithm = .exact
        configuration.steps = 1
        #expect(abs(try Trainer(table: table, configuration: configuration).run().metrics[0].fracRewardZeroStd - expected) < 1e-15)
    }

    @Test func fracRewardZeroStdIsThePromptAverage() throws {
        // Items with p = 0.1 (one right among ten) and p = 0.5 (one among two).
        let table = try ResponseTable(featureCount: 12, items: [
            .init(candidates: (0..<10).map { k in .init(reward: k == 0 ? 1 : 0, priorLogit: 0, features: (0..<12).map { $0 == k ? 1 : 0 }) }),
            .init(candidates: (10..<12).map { k in .init(reward: k == 10 ? 1 : 0, priorLogit: 0, features: (0..<12).map { $0 == k ? 1 : 0 }) }),
        ])
        let expected = ((pow(0.1, 8.0) + pow(0.9, 8.0)) + 2 * pow(0.5, 8.0)) / 2
        var configuration = TrainerConfiguration(algorithm: .exact, learningRate: 0, batchSize: 2, groupSize: 8, steps: 1)
        #expect(abs(try Trainer(table: table, configuration: configuration).run().metrics[0].fracRewardZeroStd - expected) < 1e-15)
        configuration.algorithm = .rloo
        configuration.steps = 2_000
        let run = try Trainer(table: table, configuration: configuration).run()
        let measured = run.metrics.map(\.fracRewardZeroStd).reduce(0, +) / Double(run.metrics.count)
        let standardError = (0.5 * (0.43 * 0.57 + 0.008 * 0.992) / Double(2 * 2_000)).squareRoot()
        print("frac_reward_zero_std, two prompts: sampled \(measured), expected \(expected)")
        #expect(abs(measured - expected) < 4 * standardError)
    }
}
