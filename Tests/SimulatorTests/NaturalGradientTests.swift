import Foundation
import Testing

@testable import Simulator

/// Natural policy gradient (policy-gradient-dynamics.md §2.2, §6.2).
struct NaturalGradientTests {
    static func naturalSession(_ table: ResponseTable, eta: Double = 0.4) throws -> TrainingSession {
        var configuration = TrainerConfiguration(algorithm: .natural, learningRate: eta, batchSize: table.itemCount, groupSize: 8)
        configuration.policyMetricsInterval = 1_000_000_000
        configuration.naturalDamping = 1e-12
        return try Trainer(table: table, configuration: configuration).makeSession()
    }

    @Test func banditNPGIsMultiplicativeWeights() throws {
        // π_n = softmax(θ₀ + nηr) exactly.
        let rewards = [1, 0.9, 0.1]
        let initial = [0.01, 0.05, 0.94]
        let session = try Self.naturalSession(try .bandit(rewards: rewards, initialPolicy: initial))
        var worst = 0.0
        var done = 0
        for n in [1, 10, 100, 1_000] {
            TestSupport.advance(session, steps: n - done)
            done = n
            let expected = TestSupport.softmax(zip(initial, rewards).map { log($0) + Double(n) * 0.4 * $1 })
            worst = max(worst, TestSupport.maxAbsDifference(session.trackedProbabilities!, expected))
        }
        print("NPG vs softmax(θ₀ + nηr): max |Δπ| = \(worst) over n ≤ 1000")
        #expect(worst < 1e-12)
    }

    @Test(arguments: [[1.0, 0.9, 0.1], [0.2, 1.0, 0.5, 0.0], [1.0, 0.0]])
    func npgGapStaysUnderTheAgarwalBound(rewards: [Double]) throws {
        let k = Double(rewards.count)
        let session = try Self.naturalSession(try .bandit(rewards: rewards))
        var worstRatio = 0.0
        for n in 1...2_000 {
            session.step()
            let gap = rewards.max()! - session.policy.expectedReward()
            worstRatio = max(worstRatio, gap / (log(k) / (0.4 * Double(n)) + 1 / Double(n)))
        }
        print("NPG r = \(rewards): max over n ≤ 2000 of gap / (log K/(ηn) + 1/n) = \(worstRatio)")
        #expect(worstRatio <= 1)
    }

    @Test func npgBeatsVanillaPGOnThePlateauExample() throws {
        // After 100 steps (η = .4, r = (1, .9, .1), uniform init) the reference reports δ = 0.0018 for NPG.
        let session = try Self.naturalSession(try .bandit(rewards: [1, 0.9, 0.1]))
        TestSupport.advance(session, steps: 100)
        let gap = 1 - session.policy.expectedReward()
        print("NPG δ after 100 steps: \(gap) (reference 0.0018)")
        #expect(abs(gap - 0.0018) < 0.0002)
    }

    @Test func generalFeaturesUseTheFisherMatrix() throws {
        // Two items, three dense features: one natural step must solve (F̄ + λI) x = ḡ, checked
        // against a direct computation.
        let table = try ResponseTable(featureCount: 3, candidateCounts: [3, 2], rewards: [1, 0, 0.5, 0.2, 0.9],
                                      priorLogits: [0.1, -0.3, 0.4, 0, 0.7],
                                      features: [1, 0.5, -1, 0, 1, 2, -0.5, 0.3, 1, 1, 1, 0, 0.2, -1, 0.4])
        #expect(!table.isTabular)
        var configuration = TrainerConfiguration(algorithm: .natural, learningRate: 0.3, batchSize: 2, groupSize: 4)
        configuration.naturalDamping = 0.01
        let session = try Trainer(table: table, configuration: configuration).makeSession()
        session.step()

        let policy = try Policy(table: table)
        var fisher = [[Double]](repeating: [Double](repeating: 0, count: 3), count: 3)
        var gradient = [Double](repeating: 0, count: 3)
        for item in 0..<2 {
            let p = policy.probabilities(item: item)
            let range = Array(table.candidates(of: item))
            let phi = range.map { Array(table.features(ofCandidate: $0)) }
            let r = range.map { table.rewards[$0] }
            let meanR = zip(p, r).map(*).reduce(0, +)
            let meanPhi = (0..<3).map { f in zip(p, phi).map { $0 * $1[f] }.reduce(0, +) }
            for c in p.indices {
                let d = (0..<3).map { phi[c][$0] - meanPhi[$0] }
                for a in 0..<3 {
                    gradient[a] += 0.5 * p[c] * (r[c] - meanR) * d[a]
                    for b in 0..<3 { fisher[a][b] += 0.5 * p[c] * d[a] * d[b] }
                }
            }
        }
        for a in 0..<3 { fisher[a][a] += 0.01 }
        // Gaussian elimination on the 3 × 3 system.
        var m = fisher
        var x = gradient
        for col in 0..<3 {
            for row in (col + 1)..<3 {
                let factor = m[row][col] / m[col][col]
                for j in col..<3 { m[row][j] -= factor * m[col][j] }
                x[row] -= factor * x[col]
            }
        }
        for row in stride(from: 2, through: 0, by: -1) {
            for j in (row + 1)..<3 { x[row] -= m[row][j] * x[j] }
            x[row] /= m[row][row]
        }
        let expected = x.map { 0.3 * $0 }
        #expect(TestSupport.maxAbsDifference(session.parameters, expected) < 1e-13)
    }

    @Test func fisherPathApproachesTheClosedFormOnScaledOneHotFeatures() throws {
        // Features 2·e_k are not tabular (value 2), so the Fisher path runs; with little damping it
        // must reproduce multiplicative weights up to O(λ).
        let rewards = [1, 0.6, 0.2]
        let table = try ResponseTable(featureCount: 3, candidateCounts: [3], rewards: rewards, priorLogits: [0, 0, 0],
                                      features: [2, 0, 0, 0, 2, 0, 0, 0, 2])
        var configuration = TrainerConfiguration(algorithm: .natural, learningRate: 0.4, batchSize: 1, groupSize: 8)
        configuration.naturalDamping = 1e-6
        let session = try Trainer(table: table, configuration: configuration).makeSession()
        TestSupport.advance(session, steps: 10)
        let expected = TestSupport.softmax(rewards.map { 10 * 0.4 * $0 })
        #expect(TestSupport.maxAbsDifference(session.trackedProbabilities!, expected) < 1e-4)
    }
}
