import Foundation

/// The arithmetic of the policy on raw buffers: allocation-free, for the trainer's hot loop and
/// for ``Policy``'s convenience methods alike.
enum PolicyKernel {
    /// θ·φ for one feature row, four lanes at a time so the loop vectorises and pipelines.
    @inline(__always)
    static func dot(_ row: UnsafePointer<Double>, _ theta: UnsafePointer<Double>, _ count: Int) -> Double {
        let rowRaw = UnsafeRawPointer(row)
        let thetaRaw = UnsafeRawPointer(theta)
        var a = SIMD4<Double>(repeating: 0)
        var b = SIMD4<Double>(repeating: 0)
        var f = 0
        while f &+ 8 <= count {
            let offset = f &* 8
            a += rowRaw.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
                * thetaRaw.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            b += rowRaw.loadUnaligned(fromByteOffset: offset &+ 32, as: SIMD4<Double>.self)
                * thetaRaw.loadUnaligned(fromByteOffset: offset &+ 32, as: SIMD4<Double>.self)
            f &+= 8
        }
        if f &+ 4 <= count {
            let offset = f &* 8
            a += rowRaw.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
                * thetaRaw.loadUnaligned(fromByteOffset: offset, as: SIMD4<Double>.self)
            f &+= 4
        }
        var sum = (a + b).sum()
        while f < count {
            sum += row[f] * theta[f]
            f &+= 1
        }
        return sum
    }

    /// y += a·x over `count` values.
    @inline(__always)
    static func axpy(_ a: Double, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ count: Int) {
        for f in 0..<count { y[f] += a * x[f] }
    }

    /// Writes log π and π of one item's `count` candidates under θ, with log-sum-exp.
    ///
    /// - Parameters:
    ///   - prior: the item's prior logits.
    ///   - features: the item's feature rows (`count × featureCount`).
    ///   - logProbabilities, probabilities: outputs of `count` values.
    @inline(__always)
    static func evaluate(
        prior: UnsafePointer<Double>, features: UnsafePointer<Double>, count: Int, featureCount: Int,
        theta: UnsafePointer<Double>,
        logProbabilities: UnsafeMutablePointer<Double>, probabilities: UnsafeMutablePointer<Double>
    ) {
        for c in 0..<count {
            logProbabilities[c] = prior[c] + dot(features + c &* featureCount, theta, featureCount)
        }
        normalize(logProbabilities: logProbabilities, probabilities: probabilities, count: count)
    }

    /// Turns `count` logits (in `logProbabilities`) into log π and π, with log-sum-exp.
    @inline(__always)
    static func normalize(logProbabilities: UnsafeMutablePointer<Double>, probabilities: UnsafeMutablePointer<Double>, count: Int) {
        var maximum = -Double.infinity
        for c in 0..<count { maximum = Swift.max(maximum, logProbabilities[c]) }
        var total = 0.0
        for c in 0..<count {
            let e = exp(logProbabilities[c] - maximum)
            probabilities[c] = e
            total += e
        }
        let logTotal = maximum + log(total)
        let scale = 1 / total
        for c in 0..<count {
            logProbabilities[c] -= logTotal
            probabilities[c] *= scale
        }
    }

    /// Σ π·v over `count` values.
    @inline(__always)
    static func expectation(_ probabilities: UnsafePointer<Double>, _ values: UnsafePointer<Double>, _ count: Int) -> Double {
        var sum = 0.0
        for c in 0..<count { sum += probabilities[c] * values[c] }
        return sum
    }

    /// H(π) = −Σ π log π (terms with π = 0 contribute 0).
    @inline(__always)
    static func entropy(_ probabilities: UnsafePointer<Double>, _ logProbabilities: UnsafePointer<Double>, _ count: Int) -> Double {
        var sum = 0.0
        for c in 0..<count where probabilities[c] > 0 { sum -= probabilities[c] * logProbabilities[c] }
        return sum
    }

    /// KL(π ‖ π_ref) = Σ π (log π − log π_ref).
    @inline(__always)
    static func kl(
        _ probabilities: UnsafePointer<Double>, _ logProbabilities: UnsafePointer<Double>,
        reference logReference: UnsafePointer<Double>, _ count: Int
    ) -> Double {
        var sum = 0.0
        for c in 0..<count where probabilities[c] > 0 {
            sum += probabilities[c] * (logProbabilities[c] - logReference[c])
        }
        return Swift.max(sum, 0)  // rounding can leave −1e-17 at π = π_ref
    }

    /// The probability that G samples from π all have the same reward:
    /// Σ over distinct reward values v of (Σ_{c: r_c = v} π_c)^G; 0 for G = 1 (no group std).
    static func zeroVarianceProbability(
        _ probabilities: UnsafePointer<Double>, rewards: UnsafePointer<Double>, _ count: Int, groupSize: Int
    ) -> Double {
        guard groupSize > 1 else { return 0 }
        // One reward value for the whole item: exactly 1, whatever the rounding of Σπ.
        var single = true
        for c in 1..<Swift.max(count, 1) where rewards[c] != rewards[0] { single = false; break }
        if single { return 1 }
        var total = 0.0
        for c in 0..<count {
            // Count each reward value once, at its first candidate.
            var first = true
            for d in 0..<c where rewards[d] == rewards[c] { first = false; break }
            guard first else { continue }
            var mass = 0.0
            for d in c..<count where rewards[d] == rewards[c] { mass += probabilities[d] }
            total += pow(mass, Double(groupSize))
        }
        return Swift.min(total, 1)
    }
}
