import Foundation
import Testing

@testable import Simulator

struct PolicyTests {
    @Test func softmaxOfPriorPlusFeatures() throws {
        let table = try ResponseTable(featureCount: 2, candidateCounts: [3], rewards: [1, 0, 0.5],
                                      priorLogits: [0, 1, -1], features: [1, 0, 0, 1, 1, 1])
        let policy = try Policy(table: table, parameters: [0.5, -2])
        let expected = TestSupport.softmax([0.5, 1 - 2, -1 + 0.5 - 2])
        #expect(TestSupport.maxAbsDifference(policy.probabilities(item: 0), expected) < 1e-15)
        #expect(TestSupport.maxAbsDifference(policy.logProbabilities(item: 0), expected.map { log($0) }) < 1e-14)
        #expect(abs(policy.expectedReward() - (expected[0] + 0.5 * expected[2])) < 1e-15)
    }

    @Test func logSumExpSurvivesHugeLogits() throws {
        let table = try ResponseTable.bandit(rewards: [1, 0], initialLogits: [1000, -1000])
        let policy = try Policy(table: table)
        #expect(policy.probabilities(item: 0) == [1, 0])
        #expect(policy.logProbabilities(item: 0)[1] == -2000)
        #expect(policy.entropy(item: 0) == 0)
    }

    @Test func entropyAndKLToTheBase() throws {
        let table = try ResponseTable.bandit(rewards: [1, 0], initialPolicy: [0.25, 0.75], goldRewards: [0, 1])
        var policy = try Policy(table: table)
        #expect(abs(policy.expectedReward() - 0.25) < 1e-15)
        #expect(abs(policy.expectedGoldReward()! - 0.75) < 1e-15)
        #expect(policy.kl(item: 0) == 0)
        policy.parameters = [log(3), 0]
        #expect(TestSupport.maxAbsDifference(policy.probabilities(item: 0), [0.5, 0.5]) < 1e-15)
        #expect(abs(policy.entropy(item: 0) - log(2)) < 1e-15)
        #expect(abs(policy.kl(item: 0) - (log(2) - 0.5 * log(3))) < 1e-15)
        #expect(abs(policy.kl(item: 0, reference: [log(3), 0])) < 1e-15)
    }

    @Test func parametersAreValidated() throws {
        let table = try ResponseTable.bandit(rewards: [1, 0])
        let count = #expect(throws: SimulatorError.self) { try Policy(table: table, parameters: [0]) }
        #expect(count?.field == "parameters")
        let finite = #expect(throws: SimulatorError.self) { try Policy(table: table, parameters: [0, .nan]) }
        #expect(finite?.field == "parameters[1]")
    }
}
