import Foundation

extension Policy {
    /// The exact pass@k of the policy: the mean over `items` (default: all) of the probability
    /// that at least one of k independent answers is correct, 1 − (1 − pᵢ)^k, where pᵢ is the
    /// policy's probability of the item's correct candidates (``ResponseTable/correctCandidates``).
    ///
    /// This is the population value that Chen et al.'s (2021) unbiased estimator estimates from
    /// n samples; averaging per item matters, since 1 − (1 − mean p)^k is larger.
    ///
    /// - Parameters:
    ///   - ks: the k values, each ≥ 1.
    ///   - items: the items to average over (default: all).
    /// - Returns: one pass@k per k, in order.
    public func passAtK(_ ks: [Int], items: [Int]? = nil) -> [Double] {
        precondition(ks.allSatisfy { $0 >= 1 }, "pass@k needs k ≥ 1")
        let success = successProbabilities(items: items)
        var sums = [Double](repeating: 0, count: ks.count)
        for p in success {
            let logMiss = log1p(-min(p, 1))
            for (index, k) in ks.enumerated() {
                // 1 − (1 − p)^k without losing a tiny p to rounding.
                sums[index] += p >= 1 ? 1 : -expm1(Double(k) * logMiss)
            }
        }
        return sums.map { success.isEmpty ? 0 : $0 / Double(success.count) }
    }

    /// Each item's probability of a correct answer (``ResponseTable/correctCandidates``).
    public func successProbabilities(items: [Int]? = nil) -> [Double] {
        let correct = table.correctCandidates
        return (items ?? Array(0..<table.itemCount)).map { item in
            let start = table.candidates(of: item).lowerBound
            return probabilities(item: item).enumerated().reduce(0) { $0 + (correct[start + $1.offset] ? $1.element : 0) }
        }
    }

    /// The best reward the policy can reach.
    ///
    /// It is the mean over items of the highest reward among the answers the policy gives with
    /// probability ≥ `minimumProbability`. Policy-gradient training sharpens toward these
    /// answers; it does not make the others reachable.
    public func reachableRewardCeiling(minimumProbability: Double = 1e-6) -> Double {
        let total = (0..<table.itemCount).reduce(0.0) { sum, item in
            let start = table.candidates(of: item).lowerBound
            let reachable = probabilities(item: item).enumerated().filter { $0.element >= minimumProbability }
            return sum + (reachable.map { table.rewards[start + $0.offset] }.max() ?? 0)
        }
        return total / Double(table.itemCount)
    }
}
