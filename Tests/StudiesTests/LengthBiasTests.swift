import Foundation
import Simulator
import Testing

@testable import Studies

/// The length-bias scenario: GRPO's per-sequence normalisation lengthens wrong answers.
///
/// Dr. GRPO's constant normaliser does not (Liu et al. 2025).
@Suite("Length bias")
struct LengthBiasTests {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios/length-bias").path

    /// The growth of the incorrect answers' mean length over 200 steps, per seed.
    static func growth(_ algorithm: Algorithm, seeds: Range<UInt64>) throws -> [Double] {
        guard case .bandit(var bandit, let document) = try SimulationScenario.load(path: path) else {
            Issue.record("length-bias is not a bandit")
            return []
        }
        bandit.configuration.algorithm = algorithm
        return try seeds.map { seed in
            bandit.configuration.seed = seed
            let run = try bandit.makeTrainer(document: document).run()
            let lengths = try #require(bandit.incorrectAnswerLengths(run))
            #expect(run.metrics.count == 200)
            return lengths.last! / lengths.first! - 1
        }
    }

    @Test("16 seeds: GRPO grows the wrong answers ≥ 20 % in ≥ 14, Dr. GRPO ≤ 5 % in ≥ 14")
    func grpoGrowsWrongAnswersAndDrGRPODoesNot() throws {
        let grpo = try Self.growth(.grpo, seeds: 0..<16)
        let dr = try Self.growth(.drGRPO, seeds: 0..<16)
        #expect(grpo.filter { $0 >= 0.20 }.count >= 14, "GRPO growth per seed: \(grpo)")
        #expect(dr.filter { $0 <= 0.05 }.count >= 14, "Dr. GRPO growth per seed: \(dr)")
        print("length-bias growth: GRPO \(grpo.map { ($0 * 1000).rounded() / 1000 }), Dr. GRPO \(dr.map { ($0 * 1000).rounded() / 1000 })")
    }

    @Test("Without lengths GRPO is unchanged: the same run bit for bit as before lengths existed")
    func lengthsAreOptional() throws {
        guard case .bandit(let bandit, _) = try SimulationScenario.load(path: Self.path) else { return }
        var plain = bandit.table
        try plain.setAnswerTokens(nil)
        var equal = plain
        try equal.setAnswerTokens([Double](repeating: 500, count: plain.candidateCount))
        let a = try Trainer(table: plain, configuration: bandit.configuration).run()
        let b = try Trainer(table: equal, configuration: bandit.configuration).run()
        // Equal lengths weigh every answer 1, but the E_π[φ] term is then computed rather than
        // skipped: equal up to rounding, not bit for bit.
        for (x, y) in zip(a.trackedProbabilities, b.trackedProbabilities) { #expect(abs(x - y) < 1e-9) }
    }

    @Test("A bandit's lengths are checked with file, line and key")
    func badLengthsAreNamed() throws {
        let yaml = "bandit:\n  rewards: [1, 0]\n  lengths: [10]\n"
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("length-\(UUID().uuidString).yaml")
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect {
            _ = try SimulationScenario.load(path: url.path)
        } throws: { error in
            let text = "\(error)"
            return text.contains(url.lastPathComponent) && text.contains("line 3") && text.contains("bandit.lengths")
                && text.contains("1 values but there are 2 answers")
        }
    }
}
