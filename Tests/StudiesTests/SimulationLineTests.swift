import Foundation
import Simulator
import Studies
import Testing

/// `rftsim simulate`'s hand-written lines are the bytes `JSONEncoder` writes.
struct SimulationLineTests {
    static func encoded(_ line: SimulationLine) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(line), as: UTF8.self)
    }

    @Test func handWrittenLinesAreJSONEncodersBytes() throws {
        var state: UInt64 = 42
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        // Values of every shape: integral, tiny, huge, negative zero, exponents, ordinary fractions.
        let specials: [Double] = [0, -0.0, 1, 100, 1e15, 1e16, 1e-5, 2.5e-7, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -3.25]
        func value() -> Double {
            next() % 4 == 0 ? specials[Int(next() % UInt64(specials.count))] : Double(next()) / Double(1 << 53) * 3 - 1
        }
        func maybe() -> Double? { next() % 2 == 0 ? value() : nil }
        for _ in 0..<500 {
            let metrics = StepMetrics(
                step: Int(next() % 100_000), epoch: value(), trainRewardMean: value(), rewardStd: value(), fracRewardZeroStd: value(),
                entropy: value(), kl: value(), clipRatio: value(), gradientNorm: value(), trainGoldRewardMean: maybe(),
                policyExpectedReward: maybe(), goldRewardMean: maybe(), validRewardMean: maybe(), validPolicyExpectedReward: maybe(),
                validGoldRewardMean: maybe())
            let policy: [Double]? = next() % 2 == 0 ? (0..<Int(next() % 5)).map { _ in value() } : nil
            let line = SimulationLine(metrics: metrics, policy: policy, trainingSeconds: maybe(), cost: maybe())
            #expect(try line.jsonText() == Self.encoded(line))
        }
    }

    @Test func nonFiniteValuesAreRefusedByKey() {
        let line = SimulationLine(metrics: StepMetrics(step: 1, epoch: 0, trainRewardMean: .nan, rewardStd: 0, fracRewardZeroStd: 0, entropy: 0, kl: 0))
        #expect(throws: SimulationLine.NonFiniteValue(key: "train_reward_mean")) { try line.jsonText() }
    }
}
