import Foundation

/// Exact and natural ascent directions for one item, from its evaluated policy; shared by the
/// trainer's exact modes and the mean-field drift. Allocation-free.
enum ExactGradient {
    /// Which direction to accumulate.
    enum Mode {
        /// Σ_c π_c (r̃_c − r̄̃) φ_c (− the k3 term): the exact gradient.
        case exact
        /// The closed-form natural gradient of a tabular table: column(c) += (w_c − w̄).
        case naturalTabular
        /// The exact gradient, plus the item's Fisher matrix Cov_π[φ] into `fisher`.
        case naturalFisher
    }

    /// The reward with the k1 penalty, r − β (log π − log π_ref), of flat candidate `c`.
    @inline(__always)
    static func penalizedReward(_ table: FlatTable, _ c: Int, logProbability: Double, kl: KLPenalty?) -> Double {
        guard let kl, kl.estimator == .k1, kl.beta != 0 else { return table.rewards[c] }
        return table.rewards[c] - kl.beta * (logProbability - table.referenceLogProbabilities[c])
    }

    /// Adds `weight` × the item's direction into `direction` (and its Fisher matrix into `fisher`).
    ///
    /// - Parameters:
    ///   - logProbabilities, probabilities: π of the item under the current θ.
    ///   - scratch: at least the item's candidate count (for per-candidate weights) plus F values.
    static func accumulate(
        _ mode: Mode, table: FlatTable, item: Int,
        logProbabilities lp: UnsafePointer<Double>, probabilities p: UnsafePointer<Double>,
        kl: KLPenalty?, weight: Double,
        direction: UnsafeMutablePointer<Double>, fisher: UnsafeMutablePointer<Double>?,
        scratch: UnsafeMutablePointer<Double>
    ) {
        let start = table.start(of: item)
        let k = table.count(of: item)
        let v = scratch
        var mean = 0.0
        for c in 0..<k {
            v[c] = penalizedReward(table, start &+ c, logProbability: lp[c], kl: kl)
            mean += p[c] * v[c]
        }
        let k3Beta = (kl?.estimator == .k3) ? kl!.beta : 0
        switch mode {
        case .naturalTabular:
            // Natural gradient of the tabular softmax: w_c − w̄ (with k3, w_c gains −β(1 − π_ref/π)).
            var meanW = 0.0
            for c in 0..<k {
                if k3Beta != 0 { v[c] -= k3Beta * (1 - exp(table.referenceLogProbabilities[start &+ c] - lp[c])) }
                meanW += p[c] * v[c]
            }
            for c in 0..<k { direction[table.hotColumn![start &+ c]] += weight * (v[c] - meanW) }
        case .exact, .naturalFisher:
            for c in 0..<k {
                var vc = p[c] * (v[c] - mean)
                if k3Beta != 0 { vc -= k3Beta * (p[c] - exp(table.referenceLogProbabilities[start &+ c])) }
                if vc != 0 { table.addFeatures(of: start &+ c, scaledBy: weight * vc, to: direction) }
            }
            if mode == .naturalFisher, let fisher {
                accumulateFisher(table: table, item: item, probabilities: p, weight: weight, fisher: fisher, mean: scratch + k)
            }
        }
    }

    /// fisher += weight × Σ_c π_c (φ_c − φ̄)(φ_c − φ̄)ᵀ (upper and lower triangles).
    static func accumulateFisher(
        table: FlatTable, item: Int, probabilities p: UnsafePointer<Double>, weight: Double,
        fisher: UnsafeMutablePointer<Double>, mean phiBar: UnsafeMutablePointer<Double>
    ) {
        let start = table.start(of: item)
        let k = table.count(of: item)
        let f = table.featureCount
        for j in 0..<f { phiBar[j] = 0 }
        for c in 0..<k { PolicyKernel.axpy(p[c], table.features + (start &+ c) &* f, phiBar, f) }
        for c in 0..<k where p[c] > 0 {
            let row = table.features + (start &+ c) &* f
            let w = weight * p[c]
            for a in 0..<f {
                let da = w * (row[a] - phiBar[a])
                if da == 0 { continue }
                for b in 0..<f { fisher[a &* f &+ b] += da * (row[b] - phiBar[b]) }
            }
        }
    }
}
