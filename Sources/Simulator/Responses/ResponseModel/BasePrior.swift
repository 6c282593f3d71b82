internal import Foundation
internal import Stochastics

/// The base model: how likely it is, before any training, to give each candidate answer.
///
/// Mapping to prior logits, per item `i`:
/// 1. The candidates fall into three classes. *Invalid format*: the ``ResponseFeatures``
///    `valid_format` feature is 0 (empty, or not JSON when JSON is expected). *Correct*: the
///    others whose reward is the item's best (within 1e-9) when that best is > 0. *Other*: the rest.
/// 2. The item's success probability among well-formed answers is
///    `p_i ~ Beta(κ·m, κ·(1 − m))`, with `m = successRate / (1 − formatErrorRate)` and
///    κ = ``difficultyConcentration``, drawn from `StreamKey(seed).child("responses",
///    "difficulty", i)` (when `m` is 0 or 1, `p_i = m` without a draw).
/// 3. Class masses: invalid `f` = ``formatErrorRate``, correct `(1 − f)·p_i`, other
///    `(1 − f)·(1 − p_i)`. A class with no candidate gives its mass to the others in proportion
///    (uniformly when they have none); each class's mass is shared equally by its candidates,
///    and a candidate's logit is `log(max(mass / n_class, 1e-12))`.
///
/// So when every item has all three classes, π(correct) averages `successRate` over items and
/// π(invalid) is exactly `formatErrorRate`; a small κ makes items very easy or very hard, a
/// large κ makes every item's success probability close to `m`.
///
/// Two more parameters, both neutral by default (docs/DYNAMICS.md):
/// - **Reasoning effort** moves every item's p_i in logit space by
///   ``ReasoningEffort/successLogitShift`` (low −0.64, medium 0, high +0.37): `successRate` is
///   the base model's at medium effort.
/// - **Unsolvable share** u: a share u of the items (exactly ⌊n·u⌋ or ⌈n·u⌉ of any n consecutive
///   items: item i is unsolvable when ⌊(i + 1)·u + φ⌋ > ⌊i·u + φ⌋, φ ~ U(0, 1) from
///   `child("responses", "unsolvable")`) get p_i = 0: their correct answers have mass 10⁻¹²,
///   a logit about 25 nats below the others, which no plausible training lifts (the base model's
///   capability ceiling, Yue et al. 2025).
public struct BasePrior: Sendable, Hashable {
    /// The base model's mean probability of a correct answer, in [0, 1].
    public var successRate: Double
    /// κ = α + β of the per-item difficulty Beta (> 0).
    public var difficultyConcentration: Double
    /// The probability of a malformed or invalid-format answer, in [0, 1]; at most
    /// `1 − successRate`.
    public var formatErrorRate: Double
    /// u ∈ [0, 1), the share of items whose correct answer the base model never gives.
    public var unsolvableShare: Double
    /// The reasoning effort the base model answers with (``successRate`` is at medium).
    public var reasoningEffort: ReasoningEffort
    /// The base model's mean reasoning tokens per training sample at medium effort.
    ///
    /// Set by the task (a scenario's `prior.reasoning_tokens`); `nil` takes the timing model's
    /// default for the model (3,330 for o4-mini, `TimingModel/Parameters/reasoningTokensPerSample`).
    /// Effort and `compute_multiplier` scale it as they scale the default.
    public var reasoningTokens: Double?

    /// Creates a prior (defaults: success 0.3, κ = 4, format errors 0.05, no unsolvable items,
    /// medium effort).
    public init(successRate: Double = 0.3, difficultyConcentration: Double = 4, formatErrorRate: Double = 0.05,
                unsolvableShare: Double = 0, reasoningEffort: ReasoningEffort = .medium, reasoningTokens: Double? = nil) {
        self.successRate = successRate
        self.difficultyConcentration = difficultyConcentration
        self.formatErrorRate = formatErrorRate
        self.unsolvableShare = unsolvableShare
        self.reasoningEffort = reasoningEffort
        self.reasoningTokens = reasoningTokens
    }

    /// Checks the parameters.
    ///
    /// - Throws: ``SimulatorError`` naming `prior.successRate`, `prior.formatErrorRate` or
    ///   `prior.difficultyConcentration`.
    public func validate() throws(SimulatorError) {
        guard (0...1).contains(successRate) else {
            throw .invalid("prior.successRate", "successRate must be a probability in [0, 1], got \(successRate)")
        }
        guard (0...1).contains(formatErrorRate) else {
            throw .invalid("prior.formatErrorRate", "formatErrorRate must be a probability in [0, 1], got \(formatErrorRate)")
        }
        guard successRate + formatErrorRate <= 1 + 1e-12 else {
            throw .invalid("prior.formatErrorRate", "successRate + formatErrorRate must be ≤ 1 (correct and malformed answers are disjoint), got \(successRate) + \(formatErrorRate)")
        }
        guard difficultyConcentration > 0, difficultyConcentration.isFinite else {
            throw .invalid("prior.difficultyConcentration", "difficultyConcentration (α + β of the difficulty Beta) must be finite and > 0, got \(difficultyConcentration)")
        }
        guard unsolvableShare.isFinite, (0..<1).contains(unsolvableShare) else {
            throw .invalid("prior.unsolvableShare", "unsolvableShare must be in [0, 1) (the share of items the base model cannot solve), got \(unsolvableShare)")
        }
        if let reasoningTokens, !(reasoningTokens.isFinite && reasoningTokens >= 0) {
            throw .invalid("prior.reasoningTokens", "reasoningTokens (the base model's mean reasoning tokens per sample) must be finite and ≥ 0, got \(reasoningTokens)")
        }
    }

    /// Whether the base model can never give `item`'s correct answer (see ``unsolvableShare``).
    public func isUnsolvable(item: Int, seed: UInt64) -> Bool {
        guard unsolvableShare > 0 else { return false }
        let phase = RandomStream(key: StreamKey(seed: seed).child("responses", "unsolvable")).uniform()
        return ((Double(item) + 1) * unsolvableShare + phase).rounded(.down) > (Double(item) * unsolvableShare + phase).rounded(.down)
    }

    /// m, the mean success probability among well-formed answers.
    var wellFormedSuccessRate: Double {
        formatErrorRate >= 1 ? 0 : min(1, successRate / (1 - formatErrorRate))
    }

    /// p_i for item `item` (step 2 above).
    func successProbability(item: Int, seed: UInt64) -> Double {
        if isUnsolvable(item: item, seed: seed) { return 0 }
        let m = wellFormedSuccessRate
        guard m > 0, m < 1 else { return m }
        let stream = RandomStream(key: StreamKey(seed: seed).child("responses", "difficulty", .index(UInt64(item))))
        let p = stream.beta(alpha: difficultyConcentration * m, beta: difficultyConcentration * (1 - m))
        let shift = reasoningEffort.successLogitShift
        guard shift != 0, p > 0, p < 1 else { return p }
        return 1 / (1 + exp(-(log(p / (1 - p)) + shift)))
    }

    /// The prior logits of one item's candidates (step 3 above).
    func logits(rewards: [Double], validFormat: [Bool], successProbability p: Double) -> [Double] {
        let best = rewards.max() ?? 0
        // 0 invalid, 1 correct, 2 other.
        let classes = zip(rewards, validFormat).map { reward, valid in !valid ? 0 : (best > 0 && reward >= best - 1e-9 ? 1 : 2) }
        var counts = [0, 0, 0]
        for c in classes { counts[c] += 1 }
        let f = formatErrorRate
        var masses = [f, (1 - f) * p, (1 - f) * (1 - p)]
        for c in 0..<3 where counts[c] == 0 { masses[c] = 0 }
        let total = masses.reduce(0, +)
        if total > 0 {
            masses = masses.map { $0 / total }
        } else {
            let present = Double(counts.filter { $0 > 0 }.count)
            masses = counts.map { $0 > 0 ? 1 / present : 0 }
        }
        return classes.map { log(max(masses[$0] / Double(counts[$0]), 1e-12)) }
    }
}
