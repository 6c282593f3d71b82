import CGSL

/// A fixed distribution over `0..<count` with O(1) draws (Walker's alias method, GSL's
/// `gsl_ran_discrete`).
///
/// Build once from weights, then draw many times:
///
/// ```swift
/// let faces = try DiscreteDistribution(weights: [1, 1, 2])
/// let face = faces.sample(using: stream)   // 2 half the time
/// ```
public final class DiscreteDistribution: @unchecked Sendable {
    // @unchecked: the table is written once in init and only read afterwards.
    private let table: UnsafeMutablePointer<gsl_ran_discrete_t>

    /// The number of outcomes.
    public let count: Int

    /// Builds the table. The weights need not sum to 1.
    ///
    /// - Throws: ``StochasticsError/Code/invalidArgument`` unless the weights are finite, ≥ 0
    ///   and not all 0.
    public init(weights: [Double]) throws {
        GSLRuntime.prepare()
        guard RandomStream.areValidWeights(weights) else {
            throw StochasticsError(.invalidArgument, "a discrete distribution needs finite weights ≥ 0, not all 0; got \(weights)")
        }
        guard let table = weights.withUnsafeBufferPointer({ gsl_ran_discrete_preproc(weights.count, $0.baseAddress) }) else {
            throw StochasticsError(.numericalFailure, "gsl_ran_discrete_preproc could not build a table for \(weights.count) weights")
        }
        self.table = table
        self.count = weights.count
    }

    deinit {
        gsl_ran_discrete_free(table)
    }

    /// One outcome in `0..<count`.
    @inline(__always)
    public func sample(using stream: RandomStream) -> Int {
        Int(gsl_ran_discrete(stream.rng, table))
    }

    /// The probability of `outcome` (its weight over the total).
    public func probability(of outcome: Int) -> Double {
        guard (0..<count).contains(outcome) else { return 0 }
        return gsl_ran_discrete_pdf(outcome, table)
    }
}
