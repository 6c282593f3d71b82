import CGSL

/// A two-sided confidence interval around a point estimate.
public struct ConfidenceInterval: Hashable, Sendable, CustomStringConvertible {
    /// The point estimate (the sample mean, or the observed success rate).
    public let estimate: Double
    /// The lower end.
    public let lower: Double
    /// The upper end.
    public let upper: Double
    /// The confidence level, e.g. 0.95.
    public let level: Double

    /// Creates an interval from its parts.
    public init(estimate: Double, lower: Double, upper: Double, level: Double) {
        self.estimate = estimate
        self.lower = lower
        self.upper = upper
        self.level = level
    }

    /// Half the interval's width.
    public var halfWidth: Double { (upper - lower) / 2 }

    /// Whether `value` lies in the closed interval.
    public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }

    public var description: String {
        "\(estimate) [\(lower), \(upper)] at \(level * 100)%"
    }

    /// The Student-t interval for the mean of a sample: x̄ ± t(1 − (1 − level)/2, n − 1) · s/√n.
    ///
    /// - Parameters:
    ///   - values: the sample, at least two finite values.
    ///   - level: the confidence level, strictly between 0 and 1.
    /// - Throws: ``StochasticsError/Code/invalidArgument`` for fewer than two values, a value
    ///   that is not finite, or a level outside (0, 1).
    public static func studentT(meanOf values: [Double], level: Double = 0.95) throws -> ConfidenceInterval {
        try checkLevel(level)
        guard values.count >= 2 else {
            throw StochasticsError(.invalidArgument, "a t interval needs at least 2 values, got \(values.count)")
        }
        guard values.allSatisfy(\.isFinite) else {
            throw StochasticsError(.invalidArgument, "a t interval needs finite values; the sample contains NaN or infinity")
        }
        let mean = Statistics.mean(values)!
        let standardError = Statistics.standardDeviation(values)! / Double(values.count).squareRoot()
        let t = gsl_cdf_tdist_Pinv(1 - (1 - level) / 2, Double(values.count - 1))
        return ConfidenceInterval(estimate: mean, lower: mean - t * standardError, upper: mean + t * standardError, level: level)
    }

    /// The Clopper–Pearson ("exact") interval for a success probability from `successes` in
    /// `trials`, through Beta quantiles: lower = B⁻¹(α/2; x, n − x + 1), upper =
    /// B⁻¹(1 − α/2; x + 1, n − x), with lower = 0 when x = 0 and upper = 1 when x = n.
    ///
    /// - Throws: ``StochasticsError/Code/invalidArgument`` unless 0 ≤ successes ≤ trials,
    ///   trials ≥ 1 and 0 < level < 1.
    public static func clopperPearson(successes: Int, trials: Int, level: Double = 0.95) throws -> ConfidenceInterval {
        try checkLevel(level)
        guard trials >= 1, (0...trials).contains(successes) else {
            throw StochasticsError(.invalidArgument, "a Clopper–Pearson interval needs 0 ≤ successes ≤ trials and trials ≥ 1, got \(successes) of \(trials)")
        }
        let alpha = 1 - level
        let x = Double(successes)
        let n = Double(trials)
        let lower = successes == 0 ? 0 : gsl_cdf_beta_Pinv(alpha / 2, x, n - x + 1)
        let upper = successes == trials ? 1 : gsl_cdf_beta_Pinv(1 - alpha / 2, x + 1, n - x)
        return ConfidenceInterval(estimate: x / n, lower: lower, upper: upper, level: level)
    }

    private static func checkLevel(_ level: Double) throws(StochasticsError) {
        GSLRuntime.prepare()
        guard level > 0 && level < 1 else {
            throw StochasticsError(.invalidArgument, "a confidence level must be strictly between 0 and 1 (e.g. 0.95), got \(level)")
        }
    }
}
