/// A softmax policy over a table's candidate answers: π(c | item) = softmax(prior + θ·φ).
///
/// The base policy is θ = 0 (the table's prior logits). Every quantity is exact (a sum over the
/// item's candidates), computed with log-sum-exp so that large logits neither overflow nor lose
/// the small probabilities.
///
/// ```swift
/// let table = try ResponseTable.bandit(rewards: [1, 0], initialPolicy: [0.25, 0.75])
/// var policy = try Policy(table: table)
/// policy.expectedReward()              // 0.25
/// policy.parameters = [log(3), 0]
/// policy.probabilities(item: 0)        // [0.5, 0.5]
/// policy.kl(item: 0)                   // KL(π ‖ base) = log 2 − ½ log 3 ≈ 0.1438
/// ```
public struct Policy: Sendable, Hashable {
    /// The answers the policy chooses among.
    public let table: ResponseTable
    /// θ, one weight per feature.
    public var parameters: [Double]

    /// Creates a policy; `parameters` defaults to θ = 0 (the base model).
    ///
    /// - Throws: ``SimulatorError`` (field `parameters`) unless there is one finite value per feature.
    public init(table: ResponseTable, parameters: [Double]? = nil) throws(SimulatorError) {
        let theta = parameters ?? [Double](repeating: 0, count: table.featureCount)
        try Self.checkParameters(theta, featureCount: table.featureCount, field: "parameters")
        self.table = table
        self.parameters = theta
    }

    init(unchecked table: ResponseTable, parameters: [Double]) {
        self.table = table
        self.parameters = parameters
    }

    /// log π(c | item) for each of `item`'s candidates.
    public func logProbabilities(item: Int) -> [Double] {
        evaluate(item: item, parameters: parameters).logProbabilities
    }

    /// π(c | item) for each of `item`'s candidates.
    public func probabilities(item: Int) -> [Double] {
        evaluate(item: item, parameters: parameters).probabilities
    }

    /// E_π[r | item], the exact expected training reward on one item.
    public func expectedReward(item: Int) -> Double {
        zip(probabilities(item: item), table.rewards[table.candidates(of: item)]).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// The mean over `items` (default: all) of the exact expected training reward.
    public func expectedReward(items: [Int]? = nil) -> Double {
        mean(over: items) { expectedReward(item: $0) }
    }

    /// The mean over `items` (default: all) of the exact expected gold reward; `nil` without gold rewards.
    public func expectedGoldReward(items: [Int]? = nil) -> Double? {
        guard let gold = table.goldRewards else { return nil }
        return mean(over: items) { item in
            zip(probabilities(item: item), gold[table.candidates(of: item)]).reduce(0) { $0 + $1.0 * $1.1 }
        }
    }

    /// The entropy H(π(· | item)) in nats.
    public func entropy(item: Int) -> Double {
        let (logP, p) = evaluate(item: item, parameters: parameters)
        return zip(p, logP).reduce(0) { $1.0 > 0 ? $0 - $1.0 * $1.1 : $0 }
    }

    /// The mean entropy over `items` (default: all).
    public func meanEntropy(items: [Int]? = nil) -> Double {
        mean(over: items) { entropy(item: $0) }
    }

    /// KL(π ‖ π_ref) on one item, in nats; π_ref has parameters `reference` (default θ = 0, the base).
    public func kl(item: Int, reference: [Double]? = nil) -> Double {
        let (logP, p) = evaluate(item: item, parameters: parameters)
        let logQ = evaluate(item: item, parameters: reference ?? [Double](repeating: 0, count: table.featureCount)).logProbabilities
        var sum = 0.0
        for c in p.indices where p[c] > 0 { sum += p[c] * (logP[c] - logQ[c]) }
        return max(sum, 0)
    }

    /// The mean KL(π ‖ π_ref) over `items` (default: all).
    public func meanKL(items: [Int]? = nil, reference: [Double]? = nil) -> Double {
        mean(over: items) { kl(item: $0, reference: reference) }
    }

    private func mean(over items: [Int]?, _ value: (Int) -> Double) -> Double {
        if let items {
            return items.isEmpty ? 0 : items.reduce(0) { $0 + value($1) } / Double(items.count)
        }
        return (0..<table.itemCount).reduce(0) { $0 + value($1) } / Double(table.itemCount)
    }

    private func evaluate(item: Int, parameters theta: [Double]) -> (logProbabilities: [Double], probabilities: [Double]) {
        precondition((0..<table.itemCount).contains(item), "item \(item) is out of range 0..<\(table.itemCount)")
        let range = table.candidates(of: item)
        let f = table.featureCount
        var logP = [Double](repeating: 0, count: range.count)
        var p = logP
        table.priorLogits.withUnsafeBufferPointer { prior in
            table.features.withUnsafeBufferPointer { features in
                theta.withUnsafeBufferPointer { th in
                    logP.withUnsafeMutableBufferPointer { lp in
                        p.withUnsafeMutableBufferPointer { pp in
                            PolicyKernel.evaluate(
                                prior: prior.baseAddress! + range.lowerBound,
                                features: features.baseAddress! + range.lowerBound * f,
                                count: range.count, featureCount: f, theta: th.baseAddress!,
                                logProbabilities: lp.baseAddress!, probabilities: pp.baseAddress!)
                        }
                    }
                }
            }
        }
        return (logP, p)
    }

    static func checkParameters(_ theta: [Double], featureCount: Int, field: String) throws(SimulatorError) {
        guard theta.count == featureCount else {
            throw .invalid(field, "\(field) has \(theta.count) values but the table has \(featureCount) features")
        }
        if let bad = theta.firstIndex(where: { !$0.isFinite }) {
            throw .invalid("\(field)[\(bad)]", "\(field)[\(bad)] is \(theta[bad]); parameters must be finite")
        }
    }
}
