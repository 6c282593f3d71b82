import Foundation
import Testing

@testable import Simulator

/// Exact softmax policy gradient on bandits against Mei et al. 2020 (policy-gradient-dynamics.md §2.1, §6.1).
struct ExactGradientTheoryTests {
    static func exactSession(rewards: [Double], initialPolicy: [Double]? = nil, algorithm: Algorithm = .exact, eta: Double = 0.4) throws -> TrainingSession {
        let k = rewards.count
        let table = try ResponseTable.bandit(rewards: rewards, initialPolicy: initialPolicy ?? [Double](repeating: 1 / Double(k), count: k))
        var configuration = TrainerConfiguration(algorithm: algorithm, learningRate: eta, batchSize: 1, groupSize: 8)
        configuration.policyMetricsInterval = 1_000_000_000
        return try Trainer(table: table, configuration: configuration).makeSession()
    }

    @Test func exactStepIsMeiUpdateOne() throws {
        // θ(a) += η π(a)(r(a) − πᵀr) (Mei et al. 2020, Update 1).
        let rewards = [1, 0.9, 0.1]
        let pi = [0.01, 0.05, 0.94]
        let session = try Self.exactSession(rewards: rewards, initialPolicy: pi)
        session.step()
        let mean = zip(pi, rewards).map(*).reduce(0, +)
        let expected = zip(pi, rewards).map { 0.4 * $0 * ($1 - mean) }
        #expect(TestSupport.maxAbsDifference(session.parameters, expected) < 1e-16)
    }

    /// η·n·δ_n → (K − 1)/K whatever the (uniquely optimal) rewards.
    @Test(arguments: [
        [1.0, 0.0], [0.3, 0.8],
        [1.0, 0.9, 0.1], [0.2, 1.0, 0.5],
        [1.0, 0.8, 0.6, 0.4, 0.2], [0.0, 0.5, 1.0, 0.3, 0.9],
    ])
    func gapTimesStepsApproachesKMinusOneOverK(rewards: [Double]) throws {
        let n = 200_000
        let eta = 0.4
        let session = try Self.exactSession(rewards: rewards)
        TestSupport.advance(session, steps: n)
        let gap = rewards.max()! - session.policy.expectedReward()
        let k = Double(rewards.count)
        let measured = eta * Double(n) * gap
        let predicted = (k - 1) / k
        print("exact PG r = \(rewards): η·n·δ_n = \(measured) at n = \(n), predicted \(predicted), relative error \(abs(measured / predicted - 1))")
        #expect(abs(measured / predicted - 1) < 0.01)
    }

    @Test func badInitialisationPlateausForThousandsOfSteps() throws {
        // Mei et al. Fig. 1: r = (1, .9, .1), π₁ = (.01, .05, .94). The reference counts the
        // initial policy as t = 1, so its t = 7526 is our step 7525 (updates made).
        let session = try Self.exactSession(rewards: [1, 0.9, 0.1], initialPolicy: [0.01, 0.05, 0.94])
        var minimum = (probability: 1.0, step: 0)
        var crossing: Int?
        for step in 1...8_000 {
            session.step()
            let p = session.trackedProbabilities![0]
            if p < minimum.probability { minimum = (p, step) }
            if crossing == nil && p > 0.5 { crossing = step; break }
        }
        print("plateau: π(a*) > 0.5 first after \(crossing ?? -1) updates (reference t = 7526); min π(a*) = \(minimum.probability) after \(minimum.step) updates (reference 0.0038 at t ≈ 1954)")
        #expect(crossing == 7525)
        #expect(abs(minimum.probability - 0.0038) < 0.00005)
        #expect(minimum.step == 1953)
    }

    @Test func goodInitialisationEscapesQuickly() throws {
        let session = try Self.exactSession(rewards: [1, 0.9, 0.1], initialPolicy: [0.05, 0.01, 0.94])
        var crossing: Int?
        for step in 1...100 where crossing == nil {
            session.step()
            if session.trackedProbabilities![0] > 0.5 { crossing = step }
        }
        print("good init: π(a*) > 0.5 first after \(crossing ?? -1) updates (reference t = 36)")
        #expect(crossing == 35)
        // δ₁₀₀ = 0.023 (reference, t = 100).
        TestSupport.advance(session, steps: 99 - crossing!)
        #expect(abs((1 - session.policy.expectedReward()) - 0.023) < 0.001)
    }
}
