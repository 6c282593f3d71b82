import Testing

@testable import Simulator

/// The sampled step's arithmetic is pinned.
///
/// 120 steps under every algorithm, KL estimator, μ and dynamics, on four tables, hash to the
/// values recorded when the step was rewritten for speed
/// (inline taus2, guide-table sampling, sparse updates), which matched the dense step bit for bit.
/// A change to the step that moves any metric or parameter by one bit fails here; if the change
/// is meant, re-record the values and say why in the commit.
struct SampledStepGoldenTests {
    static let expected: [String: UInt64] = [
        "bandit": 0x2c94_2cfb_0651_b0cb,
        "dense": 0xa851_d7ad_f94e_be6d,
        "copies": 0xab7f_6afd_64c2_7426,
        "offspan": 0x4aa4_0219_2e4b_b721,
    ]

    @Test(arguments: ["bandit", "dense", "copies", "offspan"])
    func stepsHashToTheRecordedValues(table name: String) throws {
        var generator = FixtureRandom()
        let validation = try generator.table(items: 10, candidates: 12, features: 6, offSpan: false, lengths: false, copies: false)
        let table: ResponseTable
        switch name {
        case "bandit": table = try .bandit(rewards: (0..<24).map { Double($0) / 23 }, goldRewards: (0..<24).map { Double($0 % 5) }, copies: 8)
        case "dense": table = try generator.table(items: 30, candidates: 12, features: 6, offSpan: false, lengths: false, copies: false)
        case "copies": table = try generator.table(items: 12, candidates: 40, features: 8, offSpan: false, lengths: true, copies: true)
        default: table = try generator.table(items: 30, candidates: 12, features: 6, offSpan: true, lengths: true, copies: false)
        }
        var combined = FNV1a()
        var lines: [String] = []
        for algorithm in [Algorithm.grpo, .rloo, .drGRPO, .reinforce] {
            for kl in [nil, KLPenalty(beta: 0.05, estimator: .k1), KLPenalty(beta: 0.05, estimator: .k3)] {
                for iterations in [1, 2] {
                    for (dynamicsName, dynamics) in [("neutral", TrainingDynamics.neutral), ("transfer", TrainingDynamics(transfer: 0.5)), ("job", .jobDefault)] {
                        var configuration = TrainerConfiguration(algorithm: algorithm, learningRate: 0.3, batchSize: 8, groupSize: 6, steps: 120, seed: 11)
                        configuration.kl = kl
                        configuration.iterationsPerBatch = iterations
                        configuration.dynamics = dynamics
                        configuration.trackedItem = 0
                        let withValidation = name == "dense"
                        if withValidation { configuration.evalInterval = 10 }
                        let session = try Trainer(table: table, validation: withValidation ? validation : nil, configuration: configuration).makeSession()
                        var hash = FNV1a()
                        for _ in 0..<configuration.steps {
                            let m = session.step()
                            for value in [m.trainRewardMean, m.rewardStd, m.entropy, m.kl, m.gradientNorm, m.clipRatio, m.fracRewardZeroStd,
                                          m.policyExpectedReward, m.trainGoldRewardMean, m.validRewardMean, m.validPolicyExpectedReward] {
                                hash.mix(value)
                            }
                        }
                        for value in session.parameters { hash.mix(value) }
                        combined.mix(Double(bitPattern: hash.value))
                        lines.append("\(algorithm) \(kl.map { "\($0.estimator)" } ?? "-") μ=\(iterations) \(dynamicsName): \(String(hash.value, radix: 16))")
                    }
                }
            }
        }
        #expect(combined.value == Self.expected[name], "combined \(String(combined.value, radix: 16)); per configuration:\n\(lines.joined(separator: "\n"))")
    }
}

/// FNV-1a over the bit patterns of doubles (`nil` as −1).
private struct FNV1a {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func mix(_ number: Double?) {
        value = (value ^ (number ?? -1).bitPattern) &* 0x0000_0100_0000_01b3
    }
}

/// A fixed LCG for the fixture tables.
private struct FixtureRandom {
    var state: UInt64 = 0x2545_f491_4f6c_dd1d

    mutating func uniform() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) / Double(1 << 53)
    }

    /// Random sparse features and rewards in {0, 0.5, 1}; optionally off-span columns, answer
    /// lengths, and every item a copy of the first.
    mutating func table(items: Int, candidates: Int, features: Int, offSpan: Bool, lengths: Bool, copies: Bool) throws -> ResponseTable {
        var rewards: [Double] = [], prior: [Double] = [], rows: [Double] = [], gold: [Double] = []
        let width = offSpan ? features + 5 : features
        for item in 0..<items {
            for _ in 0..<candidates {
                if copies && item > 0 {
                    let base = rewards.count - candidates
                    rewards.append(rewards[base])
                    prior.append(prior[base])
                    gold.append(gold[base])
                    rows += Array(rows[(base * width)..<(base * width + width)])
                    continue
                }
                rewards.append(uniform() < 0.5 ? 1 : (uniform() < 0.5 ? 0 : 0.5))
                gold.append(uniform())
                prior.append(uniform() * 2 - 1)
                for _ in 0..<features { rows.append(uniform() < 0.3 ? uniform() * 2 - 1 : 0) }
                if offSpan {
                    for _ in 0..<4 { rows.append(uniform() - 0.5) }
                    rows.append(uniform() < 0.1 ? 1 : 0)
                }
            }
        }
        var table = try ResponseTable(featureCount: width, candidateCounts: Array(repeating: candidates, count: items),
                                      rewards: rewards, priorLogits: prior, features: rows, goldRewards: gold)
        if offSpan { table.offSpan = .init(directions: features..<(features + 4), format: features + 4) }
        if lengths { table.answerTokens = (0..<table.candidateCount).map { _ in 100 + uniform() * 900 } }
        return table
    }
}
