import CGSL

// Draws from the distributions the simulator needs. Parameters outside a distribution's domain
// are programming errors here (callers validate user input where it enters), so they trap with
// a message rather than letting GSL loop or return garbage.
extension RandomStream {
    /// A double uniform on `range`.
    public func uniform(in range: Range<Double>) -> Double {
        precondition(range.lowerBound.isFinite && range.upperBound.isFinite, "uniform(in:) needs a finite range, got \(range)")
        return gsl_ran_flat(rng, range.lowerBound, range.upperBound)
    }

    /// `true` with probability `probability`.
    ///
    /// - Precondition: `0 <= probability <= 1`.
    @inline(__always)
    public func bernoulli(_ probability: Double) -> Bool {
        precondition((0...1).contains(probability), "bernoulli needs a probability in [0, 1], got \(probability)")
        return uniform() < probability
    }

    /// A normal draw (GSL's ziggurat method).
    ///
    /// - Precondition: `standardDeviation >= 0`, both finite.
    @inline(__always)
    public func gaussian(mean: Double = 0, standardDeviation: Double = 1) -> Double {
        precondition(standardDeviation >= 0 && standardDeviation.isFinite && mean.isFinite,
                     "gaussian needs a finite mean and standard deviation ≥ 0, got \(mean), \(standardDeviation)")
        return mean + gsl_ran_gaussian_ziggurat(rng, standardDeviation)
    }

    /// A Beta(α, β) draw on [0, 1].
    ///
    /// - Precondition: `alpha > 0` and `beta > 0`, both finite.
    public func beta(alpha: Double, beta: Double) -> Double {
        precondition(alpha > 0 && beta > 0 && alpha.isFinite && beta.isFinite,
                     "beta needs finite α > 0 and β > 0, got α = \(alpha), β = \(beta)")
        return gsl_ran_beta(rng, alpha, beta)
    }

    /// A Dirichlet(α₁…α_K) draw: K non-negative numbers that sum to 1.
    ///
    /// - Precondition: at least one α, each finite and > 0.
    public func dirichlet(_ alphas: [Double]) -> [Double] {
        var result = [Double](repeating: 0, count: alphas.count)
        result.withUnsafeMutableBufferPointer { dirichlet(alphas, into: $0) }
        return result
    }

    /// A Dirichlet draw written into `output`, which must have `alphas.count` elements.
    public func dirichlet(_ alphas: [Double], into output: UnsafeMutableBufferPointer<Double>) {
        precondition(!alphas.isEmpty && alphas.allSatisfy { $0 > 0 && $0.isFinite },
                     "dirichlet needs at least one α, each finite and > 0, got \(alphas)")
        precondition(output.count == alphas.count, "dirichlet output has \(output.count) slots for \(alphas.count) α")
        alphas.withUnsafeBufferPointer { gsl_ran_dirichlet(rng, alphas.count, $0.baseAddress, output.baseAddress) }
    }

    /// Counts of `trials` draws over categories with the given probabilities.
    ///
    /// The weights need not sum to 1; they are normalised.
    /// - Precondition: `trials >= 0`; weights finite, ≥ 0, and not all 0.
    public func multinomial(trials: Int, weights: [Double]) -> [Int] {
        precondition(trials >= 0 && trials <= Int(UInt32.max), "multinomial needs 0 ≤ trials < 2^32, got \(trials)")
        precondition(Self.areValidWeights(weights), "multinomial needs finite weights ≥ 0, not all 0, got \(weights)")
        var counts = [UInt32](repeating: 0, count: weights.count)
        weights.withUnsafeBufferPointer { p in
            counts.withUnsafeMutableBufferPointer { gsl_ran_multinomial(rng, weights.count, UInt32(trials), p.baseAddress, $0.baseAddress) }
        }
        return counts.map(Int.init)
    }

    /// An index drawn with probability proportional to its weight, by one pass over `weights`.
    ///
    /// For one draw per weight vector, as when sampling from a policy that changes every step;
    /// for many draws from fixed weights, ``DiscreteDistribution`` is O(1) per draw.
    /// Allocates nothing.
    /// - Precondition: weights finite, ≥ 0, and not all 0.
    @inline(__always)
    public func index(weights: UnsafeBufferPointer<Double>) -> Int {
        var total = 0.0
        for weight in weights {
            precondition(weight >= 0 && weight.isFinite, "index(weights:) needs finite weights ≥ 0, got \(weight)")
            total += weight
        }
        precondition(total > 0, "index(weights:) needs at least one positive weight")
        let target = uniform() * total
        var cumulative = 0.0
        var last = 0
        for (index, weight) in weights.enumerated() where weight > 0 {
            cumulative += weight
            if target < cumulative { return index }
            last = index
        }
        return last  // rounding left target ≥ the summed total: the last positive weight
    }

    /// An index drawn with probability proportional to its weight; see ``index(weights:)-(UnsafeBufferPointer<Double>)``.
    public func index(weights: [Double]) -> Int {
        weights.withUnsafeBufferPointer { index(weights: $0) }
    }

    static func areValidWeights(_ weights: [Double]) -> Bool {
        !weights.isEmpty && weights.allSatisfy { $0 >= 0 && $0.isFinite } && weights.contains { $0 > 0 }
    }
}
