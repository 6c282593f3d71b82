import Foundation
import Testing

@testable import Simulator

/// The exact expected update and the mean-field ODE (policy-gradient-dynamics.md §1.2, §2.4, §3).
struct MeanFieldTests {
    static func model(_ algorithm: Algorithm, table: ResponseTable, groupSize: Int = 8, scaling: RewardScaling = .group) throws -> MeanFieldModel {
        var configuration = TrainerConfiguration(algorithm: algorithm, learningRate: 0.1, batchSize: 1, groupSize: groupSize)
        configuration.rewardScaling = scaling
        return try MeanFieldModel(table: table, configuration: configuration)
    }

    /// A five-armed bandit with non-binary rewards and a non-uniform policy.
    static let generalBandit = try! ResponseTable.bandit(rewards: [0.3, 1, 0.75, 0, 0.4], initialPolicy: [0.1, 0.15, 0.2, 0.25, 0.3])

    @Test func rlooDriftIsTheExactGradient() throws {
        let exact = try Self.model(.exact, table: Self.generalBandit).drift()
        for g in [2, 4, 7] {
            let rloo = try Self.model(.rloo, table: Self.generalBandit, groupSize: g).drift()
            #expect(TestSupport.maxAbsDifference(rloo, exact) < 1e-15, "G = \(g)")
        }
    }

    @Test func drGRPODriftIsGMinusOneOverGOfTheExactGradient() throws {
        let exact = try Self.model(.exact, table: Self.generalBandit).drift()
        for g in [2, 4, 7] {
            let dr = try Self.model(.drGRPO, table: Self.generalBandit, groupSize: g).drift()
            let scale = Double(g - 1) / Double(g)
            #expect(TestSupport.maxAbsDifference(dr, exact.map { $0 * scale }) < 1e-15, "G = \(g)")
            let unscaled = try Self.model(.grpo, table: Self.generalBandit, groupSize: g, scaling: .none).drift()
            #expect(TestSupport.maxAbsDifference(unscaled, dr) < 1e-15)
        }
    }

    @Test func reinforceDriftIsTheExactGradient() throws {
        let exact = try Self.model(.exact, table: Self.generalBandit).drift()
        #expect(try Self.model(.reinforce, table: Self.generalBandit).drift() == exact)
    }

    @Test(arguments: [(0.5, 8, 1.735), (0.05, 8, 2.31), (0.2, 8, 1.97), (0.5, 2, 0.707), (0.05, 64, 4.30)])
    func grpoDriftIsSTimesTheGradientOfP(p: Double, groupSize: Int, reference: Double) throws {
        // Binary rewards: E[Δθ]/η = s(p, G) ∇p. On a two-armed bandit ∇_θ p = p(1 − p)(1, −1).
        let table = try ResponseTable.bandit(rewards: [1, 0], initialPolicy: [p, 1 - p])
        let drift = try Self.model(.grpo, table: table, groupSize: groupSize).drift()
        let s = drift[0] / (p * (1 - p))
        print("GRPO s(\(p), \(groupSize)) = \(s) (reference \(reference), closed form \(TestSupport.grpoScale(p: p, groupSize: groupSize)))")
        #expect(abs(s - TestSupport.grpoScale(p: p, groupSize: groupSize)) < 1e-12)
        #expect(abs(s - reference) < 0.006)
        #expect(abs(drift[1] + drift[0]) < 1e-15)
    }

    @Test func grpoDriftWithSeveralWrongAnswers() throws {
        // One correct answer among four, non-uniform π: the drift is still s(p, G) ∇p, p = π₀.
        let pi = [0.3, 0.1, 0.2, 0.4]
        let table = try ResponseTable.bandit(rewards: [1, 0, 0, 0], initialPolicy: pi)
        let drift = try Self.model(.grpo, table: table).drift()
        let s = TestSupport.grpoScale(p: 0.3, groupSize: 8)
        let gradientOfP = pi.indices.map { k in (k == 0 ? 1 : 0) * pi[0] - pi[0] * pi[k] }
        #expect(TestSupport.maxAbsDifference(drift, gradientOfP.map { s * $0 }) < 1e-14)
    }

    @Test func zeroVarianceGroupsContributeNothing() throws {
        // All rewards equal: every group has zero variance, the drift is exactly zero.
        let table = try ResponseTable.bandit(rewards: [0.5, 0.5, 0.5], initialPolicy: [0.2, 0.3, 0.5])
        for algorithm in [Algorithm.grpo, .rloo, .drGRPO] {
            #expect(try Self.model(algorithm, table: table).drift() == [0, 0, 0])
        }
    }

    /// policy-gradient-dynamics.md §3: K = 4, one correct answer, uniform init, η = 0.1, G = 8.
    @Test(arguments: [
        (Algorithm.rloo, [0.6091, 0.8417, 0.9421, 0.9661]),
        (.drGRPO, [0.5600, 0.8070, 0.9304, 0.9597]),
        (.grpo, [0.8183, 0.9422, 0.9786, 0.9872]),
    ])
    func odeMatchesTheReferenceTrajectory(algorithm: Algorithm, reference: [Double]) throws {
        let table = try ResponseTable.bandit(rewards: [1, 0, 0, 0])
        let solution = try Self.model(algorithm, table: table).solve(steps: [50, 100, 200, 300])
        print("ODE \(algorithm.rawValue) p at n = 50/100/200/300: \(solution.expectedRewards) (reference \(reference))")
        #expect(TestSupport.maxAbsDifference(solution.expectedRewards, reference) < 1.5e-4)
        #expect(solution.times == [5, 10, 20, 30])
        #expect(TestSupport.maxAbsDifference(solution.trackedProbabilities!.map { $0[0] }, solution.expectedRewards) < 1e-15)
    }

    @Test func naturalFlowHasTheHedgeClosedForm() throws {
        let rewards = [1, 0.9, 0.1]
        let solution = try Self.model(.natural, table: try .bandit(rewards: rewards)).solve(steps: [0, 10, 100])
        for (t, p) in zip(solution.times, solution.trackedProbabilities!) {
            #expect(TestSupport.maxAbsDifference(p, TestSupport.softmax(rewards.map { $0 * t })) < 1e-9)
        }
    }

    @Test func compositionCountsAndTheSizeLimit() throws {
        #expect(GroupCompositions.count(groupSize: 8, candidates: 4, limit: .max) == 165)
        #expect(GroupCompositions.count(groupSize: 16, candidates: 6, limit: .max) == 20_349)
        #expect(GroupCompositions.count(groupSize: 16, candidates: 10, limit: 250_000) == nil)
        let table = try ResponseTable.bandit(rewards: [Double](repeating: 0, count: 9) + [1])
        let error = #expect(throws: SimulatorError.self) { try Self.model(.grpo, table: table, groupSize: 16) }
        #expect(error?.code == .tooLarge)
        #expect(error?.field == "groupSize")
        #expect(throws: Never.self) { try Self.model(.reinforce, table: table, groupSize: 16) }
    }

    @Test func unsupportedSettingsAreRejected() throws {
        let table = try ResponseTable.bandit(rewards: [1, 0], copies: 2)
        var configuration = TrainerConfiguration(algorithm: .grpo, learningRate: 0.1, batchSize: 2, groupSize: 4)
        configuration.optimizer = .adam()
        #expect((#expect(throws: SimulatorError.self) { try MeanFieldModel(table: table, configuration: configuration) })?.field == "optimizer")
        configuration.optimizer = .sgd
        configuration.iterationsPerBatch = 2
        #expect((#expect(throws: SimulatorError.self) { try MeanFieldModel(table: table, configuration: configuration) })?.field == "iterationsPerBatch")
        configuration.iterationsPerBatch = 1
        configuration.rewardScaling = .batch
        #expect((#expect(throws: SimulatorError.self) { try MeanFieldModel(table: table, configuration: configuration) })?.code == .unsupported)
    }
}
