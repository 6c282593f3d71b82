import Foundation
import Testing

@testable import Simulator

struct ResponseTableTests {
    @Test func banditHasOneItemWithOneHotFeatures() throws {
        let table = try ResponseTable.bandit(rewards: [1, 0.5, 0], initialPolicy: [0.2, 0.3, 0.5])
        #expect(table.itemCount == 1)
        #expect(table.featureCount == 3)
        #expect(table.candidateCount == 3)
        #expect(table.isTabular)
        #expect(table.features == [1, 0, 0, 0, 1, 0, 0, 0, 1])
        #expect(TestSupport.maxAbsDifference(try Policy(table: table).probabilities(item: 0), [0.2, 0.3, 0.5]) < 1e-15)
    }

    @Test func copiesShareTheFeatures() throws {
        let table = try ResponseTable.bandit(rewards: [1, 0], copies: 3)
        #expect(table.itemCount == 3)
        #expect(table.featureCount == 2)
        #expect(table.candidates(of: 2) == 4..<6)
        #expect(table.isTabular)  // one-hot, distinct within each item
    }

    @Test func itemsMayDifferInSize() throws {
        let table = try ResponseTable(featureCount: 2, items: [
            .init(candidates: [.init(reward: 1, goldReward: 1, priorLogit: 0, features: [1, 0])]),
            .init(candidates: [.init(reward: 0, goldReward: 1, priorLogit: 0, features: [0, 1]),
                               .init(reward: 1, goldReward: 0, priorLogit: 2, features: [1, 1])]),
        ])
        #expect(table.candidateOffsets == [0, 1, 3])
        #expect(table.maximumCandidatesPerItem == 2)
        #expect(table.goldRewards == [1, 1, 0])
        #expect(!table.isTabular)
        #expect(table.item(1).candidates[1].priorLogit == 2)
        let split = try table.selecting(items: [1])
        #expect(split.rewards == [0, 1])
        #expect(split.features == [0, 1, 1, 1])
    }

    @Test func probabilitiesThatDoNotSumToOneAreRejected() {
        let error = #expect(throws: SimulatorError.self) {
            try ResponseTable.bandit(rewards: [1, 0], initialPolicy: [0.7, 0.2])
        }
        #expect(error?.field == "initialPolicy")
        #expect(error?.message == "initialPolicy must sum to 1 (within 1e-9); it sums to 0.8999999999999999")
        #expect(error?.code == .invalidInput)
    }

    @Test func zeroOrNegativeProbabilitiesAreRejected() {
        for bad in [[1.0, 0.0], [1.5, -0.5], [Double.nan, 1]] {
            let error = #expect(throws: SimulatorError.self) { try ResponseTable.bandit(rewards: [1, 0], initialPolicy: bad) }
            #expect(error?.field?.hasPrefix("initialPolicy[") == true)
        }
    }

    @Test func emptyAnswerSpacesAreRejected() {
        let bandit = #expect(throws: SimulatorError.self) { try ResponseTable.bandit(rewards: []) }
        #expect(bandit?.field == "rewards")
        #expect(bandit?.message.contains("empty") == true)
        let policy = #expect(throws: SimulatorError.self) { try ResponseTable.bandit(rewards: [], initialPolicy: []) }
        #expect(policy?.field == "initialPolicy")
        let items = #expect(throws: SimulatorError.self) {
            try ResponseTable(featureCount: 1, items: [.init(candidates: [.init(reward: 1, priorLogit: 0, features: [1])]), .init(candidates: [])])
        }
        #expect(items?.field == "items[1].candidates")
        #expect(items?.message == "item 1 has an empty answer space; every item needs at least one candidate answer")
        let flat = #expect(throws: SimulatorError.self) {
            try ResponseTable(featureCount: 1, candidateCounts: [2, 0], rewards: [1, 0], priorLogits: [0, 0], features: [1, 0])
        }
        #expect(flat?.field == "candidateCounts[1]")
    }

    @Test func mismatchedLengthsNameTheField() {
        let rewards = #expect(throws: SimulatorError.self) {
            try ResponseTable(featureCount: 2, candidateCounts: [2], rewards: [1], priorLogits: [0, 0], features: [1, 0, 0, 1])
        }
        #expect(rewards?.field == "rewards")
        #expect(rewards?.message == "rewards has 1 values but the table needs 2 (one per candidate)")
        let features = #expect(throws: SimulatorError.self) {
            try ResponseTable(featureCount: 2, candidateCounts: [2], rewards: [1, 0], priorLogits: [0, 0], features: [1, 0, 0])
        }
        #expect(features?.field == "features")
        let logits = #expect(throws: SimulatorError.self) { try ResponseTable.bandit(rewards: [1, 0], initialLogits: [0]) }
        #expect(logits?.field == "initialLogits")
        let candidate = #expect(throws: SimulatorError.self) {
            try ResponseTable(featureCount: 2, items: [.init(candidates: [.init(reward: 1, priorLogit: 0, features: [1])])])
        }
        #expect(candidate?.field == "items[0].candidates[0].features")
        let gold = #expect(throws: SimulatorError.self) {
            try ResponseTable(featureCount: 1, items: [.init(candidates: [
                .init(reward: 1, goldReward: 1, priorLogit: 0, features: [1]), .init(reward: 1, priorLogit: 0, features: [0]),
            ])])
        }
        #expect(gold?.field == "items[0].candidates[1].goldReward")
    }

    @Test func nonFiniteValuesNameTheirIndex() {
        let error = #expect(throws: SimulatorError.self) {
            try ResponseTable(featureCount: 1, candidateCounts: [2], rewards: [1, .infinity], priorLogits: [0, 0], features: [1, 0])
        }
        #expect(error?.field == "rewards[1]")
        #expect(error?.message == "rewards[1] is inf; every value must be finite")
        let prior = #expect(throws: SimulatorError.self) {
            try ResponseTable(featureCount: 1, items: [.init(candidates: [.init(reward: 1, priorLogit: .nan, features: [1])])])
        }
        #expect(prior?.field == "items[0].candidates[0].priorLogit")
    }

    @Test func oneHotTablesThatShareAColumnWithinAnItemAreNotTabular() throws {
        let table = try ResponseTable(featureCount: 2, candidateCounts: [2], rewards: [1, 0], priorLogits: [0, 0], features: [1, 0, 1, 0])
        #expect(!table.isTabular)
    }
}
