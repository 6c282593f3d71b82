import Foundation
import Testing

@testable import Simulator

struct DeterminismTests {
    static func trainer(seed: UInt64 = 11, groupSize: Int = 8) throws -> Trainer {
        var configuration = TrainerConfiguration(algorithm: .grpo, learningRate: 0.2, batchSize: 3, groupSize: groupSize, steps: 40, seed: seed)
        configuration.evalInterval = 10
        configuration.kl = KLPenalty(beta: 0.05, estimator: .k3)
        return try Trainer(table: try TrainerTests.sharedFeatureTable(), validation: try TrainerTests.sharedFeatureTable(items: 4, seed: 8),
                           configuration: configuration)
    }

    static func same(_ a: TrainingRun, _ b: TrainingRun) -> Bool {
        a.metrics.count == b.metrics.count && zip(a.metrics, b.metrics).allSatisfy { $0.isBitIdentical(to: $1) }
            && a.finalParameters.map(\.bitPattern) == b.finalParameters.map(\.bitPattern)
    }

    @Test func theSameSeedGivesBitIdenticalRuns() throws {
        let trainer = try Self.trainer()
        #expect(Self.same(trainer.run(), trainer.run()))
        #expect(!Self.same(trainer.run(), try Self.trainer(seed: 12).run()))
    }

    @Test func concurrentRunsAreBitIdenticalToSerialOnes() async throws {
        let trainers = try (0..<6).map { try Self.trainer(seed: UInt64($0 % 3)) }
        let serial = trainers.map { $0.run() }
        let concurrent = await withTaskGroup(of: (Int, TrainingRun).self) { group in
            for (index, trainer) in trainers.enumerated().reversed() {
                group.addTask { (index, trainer.run()) }
            }
            return await group.reduce(into: [Int: TrainingRun]()) { $0[$1.0] = $1.1 }
        }
        for index in trainers.indices {
            #expect(Self.same(serial[index], concurrent[index]!))
        }
        #expect(Self.same(concurrent[0]!, concurrent[3]!))
    }

    @Test func changingGDoesNotChangeWhichPromptsArePicked() throws {
        func batches(groupSize: Int) throws -> [[Int]] {
            let session = try Self.trainer(groupSize: groupSize).makeSession()
            return (0..<12).map { _ in
                session.step()
                return (0..<3).map { session.buffers.batchItems[$0] }
            }
        }
        let eight = try batches(groupSize: 8)
        #expect(try batches(groupSize: 2) == eight)
        // Epochs are permutations: each run of four steps (12 items, batch 3) covers every item once.
        for epoch in 0..<3 {
            #expect(Set(eight[(epoch * 4)..<(epoch * 4 + 4)].joined()) == Set(0..<12))
        }
    }
}
