import Foundation

extension ResponseTable {
    /// A K-armed bandit: one item with K candidates and one-hot features, so the policy's
    /// parameters θ are offsets to the initial logits.
    ///
    /// - Parameters:
    ///   - rewards: the reward of each arm (K ≥ 1 values, finite).
    ///   - initialLogits: the base model's logits; `nil` means uniform (all 0).
    ///   - goldRewards: optional gold rewards, one per arm.
    ///   - copies: how many identical items the table holds (≥ 1); they share the features, so
    ///     a batch of `copies` items is B independent groups on the same prompt.
    /// - Throws: ``SimulatorError`` naming the field for an empty answer space, mismatched
    ///   lengths or non-finite values.
    public static func bandit(
        rewards: [Double],
        initialLogits: [Double]? = nil,
        goldRewards: [Double]? = nil,
        copies: Int = 1
    ) throws(SimulatorError) -> ResponseTable {
        let k = rewards.count
        guard k >= 1 else { throw .invalid("rewards", "a bandit needs at least one arm; the answer space is empty") }
        let logits = initialLogits ?? [Double](repeating: 0, count: k)
        guard logits.count == k else {
            throw .invalid("initialLogits", "initialLogits has \(logits.count) values but there are \(k) rewards")
        }
        if let goldRewards, goldRewards.count != k {
            throw .invalid("goldRewards", "goldRewards has \(goldRewards.count) values but there are \(k) rewards")
        }
        guard copies >= 1 else { throw .invalid("copies", "a bandit table needs at least one copy of its item, got \(copies)") }
        try check("rewards", rewards, count: k)
        try check("initialLogits", logits, count: k)
        var features = [Double](repeating: 0, count: k * k)
        for arm in 0..<k { features[arm * k + arm] = 1 }
        return try ResponseTable(
            featureCount: k,
            candidateCounts: [Int](repeating: k, count: copies),
            rewards: Array([[Double]](repeating: rewards, count: copies).joined()),
            priorLogits: Array([[Double]](repeating: logits, count: copies).joined()),
            features: Array([[Double]](repeating: features, count: copies).joined()),
            goldRewards: goldRewards.map { Array([[Double]](repeating: $0, count: copies).joined()) }
        )
    }

    /// A K-armed bandit whose base policy is `initialPolicy` (its logits are log π).
    ///
    /// - Throws: ``SimulatorError`` with field `initialPolicy` unless it has one probability per
    ///   reward, each > 0 and finite, summing to 1 within 1e-9; otherwise as
    ///   ``bandit(rewards:initialLogits:goldRewards:copies:)``.
    public static func bandit(
        rewards: [Double],
        initialPolicy: [Double],
        goldRewards: [Double]? = nil,
        copies: Int = 1
    ) throws(SimulatorError) -> ResponseTable {
        guard !initialPolicy.isEmpty else {
            throw .invalid("initialPolicy", "initialPolicy is empty; the answer space needs at least one answer")
        }
        guard initialPolicy.count == rewards.count else {
            throw .invalid("initialPolicy", "initialPolicy has \(initialPolicy.count) probabilities but there are \(rewards.count) rewards")
        }
        if let bad = initialPolicy.firstIndex(where: { !($0 > 0) || !$0.isFinite }) {
            throw .invalid("initialPolicy[\(bad)]", "initialPolicy[\(bad)] is \(initialPolicy[bad]); every probability must be > 0 and finite (softmax never gives 0)")
        }
        let sum = initialPolicy.reduce(0, +)
        guard abs(sum - 1) <= 1e-9 else {
            throw .invalid("initialPolicy", "initialPolicy must sum to 1 (within 1e-9); it sums to \(sum)")
        }
        return try bandit(rewards: rewards, initialLogits: initialPolicy.map { log($0) }, goldRewards: goldRewards, copies: copies)
    }
}
