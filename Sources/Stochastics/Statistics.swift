import CGSL

/// Descriptive statistics of samples, computed by GSL.
///
/// Functions return `nil` when a sample is too small for the statistic to exist, rather than
/// NaN, so callers decide what to show.
public enum Statistics {
    /// The arithmetic mean, or `nil` for an empty sample.
    public static func mean(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        GSLRuntime.prepare()
        return values.withUnsafeBufferPointer { gsl_stats_mean($0.baseAddress, 1, values.count) }
    }

    /// The sample variance with the n − 1 (Bessel) denominator, or `nil` for fewer than two values.
    public static func variance(_ values: [Double]) -> Double? {
        guard values.count >= 2 else { return nil }
        GSLRuntime.prepare()
        return values.withUnsafeBufferPointer { gsl_stats_variance($0.baseAddress, 1, values.count) }
    }

    /// The sample standard deviation with the n − 1 denominator, or `nil` for fewer than two values.
    public static func standardDeviation(_ values: [Double]) -> Double? {
        variance(values).map { $0.squareRoot() }
    }

    /// The `p`-quantile, interpolating linearly between order statistics.
    ///
    /// This is GSL's `gsl_stats_quantile_from_sorted_data`: with the values sorted,
    /// position h = (n − 1)·p and the result interpolates between the ⌊h⌋-th and ⌈h⌉-th values
    /// (Hyndman & Fan type 7, the default of numpy and R). `nil` for an empty sample, a `p`
    /// outside [0, 1], or a sample containing NaN.
    public static func quantile(_ p: Double, of values: [Double]) -> Double? {
        quantiles([p], of: values)?.first
    }

    /// Several quantiles of one sample, sorting it once; see ``quantile(_:of:)``.
    public static func quantiles(_ ps: [Double], of values: [Double]) -> [Double]? {
        guard !values.isEmpty, ps.allSatisfy({ (0...1).contains($0) }), !values.contains(where: \.isNaN) else { return nil }
        GSLRuntime.prepare()
        var sorted = values
        sorted.withUnsafeMutableBufferPointer { gsl_sort($0.baseAddress, 1, $0.count) }
        return sorted.withUnsafeBufferPointer { buffer in
            ps.map { gsl_stats_quantile_from_sorted_data(buffer.baseAddress, 1, buffer.count, $0) }
        }
    }

    /// The median (the 0.5-quantile), or `nil` for an empty sample.
    public static func median(_ values: [Double]) -> Double? {
        quantile(0.5, of: values)
    }
}
