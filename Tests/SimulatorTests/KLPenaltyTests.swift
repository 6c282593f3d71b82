import Foundation
import Testing

@testable import Simulator

/// Fixed points of exact policy gradient with a KL penalty (policy-gradient-dynamics.md §1.1, §6.5).
struct KLPenaltyTests {
    static let rewards = [1, 0.6, 0.2, 0]
    static let reference = [0.1, 0.2, 0.3, 0.4]

    static func fixedPoint(_ estimator: KLEstimator, algorithm: Algorithm = .exact, steps: Int) throws -> [Double] {
        // The base policy is π_ref, so the default reference (θ = 0) is π_ref.
        let table = try ResponseTable.bandit(rewards: rewards, initialPolicy: reference)
        var configuration = TrainerConfiguration(algorithm: algorithm, learningRate: 1, batchSize: 1, groupSize: 8, steps: steps)
        configuration.kl = KLPenalty(beta: 0.2, estimator: estimator)
        configuration.policyMetricsInterval = 1_000_000
        let run = try Trainer(table: table, configuration: configuration).run()
        return run.probabilities(atStep: steps)!
    }

    @Test func k1InTheRewardConvergesToTheGibbsTilt() throws {
        let gibbs = zip(Self.reference, Self.rewards).map { $0 * exp($1 / 0.2) }
        let z = gibbs.reduce(0, +)
        let expected = gibbs.map { $0 / z }
        let measured = try Self.fixedPoint(.k1, steps: 20_000)
        print("k1 fixed point \(measured), Gibbs \(expected) (reference (.7393, .2001, .0406, .0199))")
        #expect(TestSupport.maxAbsDifference(measured, expected) < 1e-4)
        #expect(TestSupport.maxAbsDifference(expected, [0.7393, 0.2001, 0.0406, 0.0199]) < 1e-4)
        // The natural gradient has the same fixed point.
        #expect(TestSupport.maxAbsDifference(try Self.fixedPoint(.k1, algorithm: .natural, steps: 200), expected) < 1e-4)
    }

    @Test func k3AsALossConvergesToTheForwardKLFixedPoint() throws {
        let measured = try Self.fixedPoint(.k3, steps: 20_000)
        // π_k = β π_ref,k / (β + r̄ − r_k): bisect on r̄ until the π sum to 1, then check r̄ = πᵀr.
        func raw(_ mean: Double) -> [Double] { zip(Self.reference, Self.rewards).map { 0.2 * $0 / (0.2 + mean - $1) } }
        var (low, high) = (Self.rewards.max()! - 0.2 + 1e-12, 10.0)
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if raw(middle).reduce(0, +) > 1 { low = middle } else { high = middle }
        }
        let expected = raw(low)
        #expect(abs(zip(expected, Self.rewards).map(*).reduce(0, +) - low) < 1e-12)
        print("k3 fixed point \(measured), closed form \(expected) (reference (.7557, .0938, .0726, .0779))")
        #expect(TestSupport.maxAbsDifference(measured, expected) < 1e-4)
        #expect(TestSupport.maxAbsDifference(measured, [0.7557, 0.0938, 0.0726, 0.0779]) < 1e-4)
    }

    @Test func klMetricIsTheExactDivergenceFromTheReference() throws {
        let table = try ResponseTable.bandit(rewards: Self.rewards, initialPolicy: Self.reference)
        var configuration = TrainerConfiguration(algorithm: .exact, learningRate: 1, batchSize: 1, groupSize: 8, steps: 3)
        configuration.kl = KLPenalty(beta: 0.2, estimator: .k1)
        let run = try Trainer(table: table, configuration: configuration).run()
        #expect(run.metrics[0].kl == 0)  // step 1 reports the policy it sampled from: the base
        var policy = try Policy(table: table)
        policy.parameters = try Trainer(table: table, configuration: { var c = configuration; c.steps = 2; return c }()).run().finalParameters
        #expect(abs(run.metrics[2].kl - policy.kl(item: 0)) < 1e-15)
    }
}
