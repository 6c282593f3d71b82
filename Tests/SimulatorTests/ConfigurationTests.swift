import Testing

@testable import Simulator

/// Bad input is reported with the field at fault.
struct ConfigurationTests {
    static let table = try! ResponseTable.bandit(rewards: [1, 0, 0], copies: 2)

    static func field(_ change: (inout TrainerConfiguration) -> Void, validation: ResponseTable? = nil) -> (String?, String?) {
        var configuration = TrainerConfiguration(algorithm: .grpo, learningRate: 0.1, batchSize: 2, groupSize: 4)
        change(&configuration)
        do {
            _ = try Trainer(table: table, validation: validation, configuration: configuration)
            return (nil, nil)
        } catch {
            return (error.field, error.message)
        }
    }

    @Test func batchLargerThanTheItemCount() {
        let (field, message) = Self.field { $0.batchSize = 3 }
        #expect(field == "batchSize")
        #expect(message?.hasPrefix("batchSize 3 is larger than the 2 training item(s)") == true)
    }

    @Test func groupsOfOneAreRejectedForGroupBaselines() {
        for algorithm in [Algorithm.grpo, .rloo, .drGRPO] {
            let (field, message) = Self.field { $0.algorithm = algorithm; $0.groupSize = 1 }
            #expect(field == "groupSize")
            #expect(message == "\(algorithm.rawValue) needs at least 2 answers per item (groupSize ≥ 2) for its group baseline, got 1")
        }
        #expect(Self.field { $0.algorithm = .reinforce; $0.groupSize = 1 }.0 == nil)
    }

    @Test func negativeLearningRate() {
        let (field, message) = Self.field { $0.learningRate = -0.1 }
        #expect(field == "learningRate")
        #expect(message == "learningRate must be finite and ≥ 0, got -0.1")
        #expect(Self.field { $0.learningRate = .nan }.0 == "learningRate")
    }

    @Test func otherFields() {
        #expect(Self.field { $0.kl = KLPenalty(beta: -1, estimator: .k1) }.0 == "kl.beta")
        #expect(Self.field { $0.referenceParameters = [0] }.0 == "referenceParameters")
        #expect(Self.field { $0.initialParameters = [0, .infinity, 0] }.0 == "initialParameters[1]")
        #expect(Self.field { $0.iterationsPerBatch = 0 }.0 == "iterationsPerBatch")
        #expect(Self.field { $0.clipEpsilon = 0 }.0 == "clipEpsilon")
        #expect(Self.field { $0.optimizer = .adam(beta1: 1) }.0 == "optimizer")
        #expect(Self.field { $0.baselineRate = 2 }.0 == "baselineRate")
        #expect(Self.field { $0.evalInterval = 0 }.0 == "evalInterval")
        #expect(Self.field { $0.evalSamples = 0 }.0 == "evalSamples")
        #expect(Self.field { $0.trackedItem = 5 }.0 == "trackedItem")
        #expect(Self.field { $0.steps = -1 }.0 == "steps")
        #expect(Self.field({ _ in }, validation: try! .bandit(rewards: [1, 0])).0 == "validation")
    }

    @Test func algorithmsHaveTheirConfigurationNames() {
        #expect(Algorithm.allCases.map(\.rawValue) == ["exact", "natural", "reinforce", "rloo", "grpo", "dr_grpo"])
        #expect(Algorithm(rawValue: "dr_grpo") == .drGRPO)
        #expect(RewardScaling.allCases.map(\.rawValue) == ["group", "batch", "none"])
    }
}
