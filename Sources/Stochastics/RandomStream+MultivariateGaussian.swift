import CGSL

extension RandomStream {
    /// A draw from the multivariate normal N(μ, Σ) (GSL's `gsl_ran_multivariate_gaussian` over
    /// the Cholesky factor of Σ from `gsl_linalg_cholesky_decomp1`).
    ///
    /// A parameter without uncertainty (a zero row and column of Σ) keeps its mean: Σ is
    /// factored over the parameters with a positive variance only.
    ///
    /// - Parameters:
    ///   - mean: μ, k finite values.
    ///   - covariance: Σ, k × k row-major, symmetric and positive semi-definite.
    /// - Returns: k values.
    /// - Throws: ``StochasticsError`` (`.invalidArgument`) when the sizes differ, a value is not
    ///   finite, or Σ is not positive definite over its positive-variance parameters.
    public func multivariateGaussian(mean: [Double], covariance: [Double]) throws -> [Double] {
        GSLRuntime.prepare()
        let k = mean.count
        guard k >= 1, covariance.count == k * k, mean.allSatisfy(\.isFinite), covariance.allSatisfy(\.isFinite) else {
            throw StochasticsError(.invalidArgument, "a multivariate normal needs k ≥ 1 finite means and a finite k × k covariance, got \(k) means and \(covariance.count) covariance entries")
        }
        let varying = (0..<k).filter { covariance[$0 * k + $0] > 0 }
        var result = mean
        guard !varying.isEmpty else { return result }
        let m = varying.count
        guard let factor = gsl_matrix_alloc(m, m), let mu = gsl_vector_alloc(m), let draw = gsl_vector_alloc(m) else {
            throw StochasticsError(.numericalFailure, "gsl_matrix_alloc failed for a \(m)×\(m) covariance")
        }
        defer {
            gsl_matrix_free(factor)
            gsl_vector_free(mu)
            gsl_vector_free(draw)
        }
        for (row, i) in varying.enumerated() {
            gsl_vector_set(mu, row, mean[i])
            for (column, j) in varying.enumerated() { gsl_matrix_set(factor, row, column, covariance[i * k + j]) }
        }
        guard gsl_linalg_cholesky_decomp1(factor) == Int32(GSL_SUCCESS) else {
            throw StochasticsError(.invalidArgument, "the covariance is not positive definite over the parameters with a positive variance")
        }
        try GSLRuntime.check(gsl_ran_multivariate_gaussian(rng, mu, factor, draw), "the multivariate normal draw")
        for (row, i) in varying.enumerated() { result[i] = gsl_vector_get(draw, row) }
        return result
    }
}
