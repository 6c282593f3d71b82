/// Solves (F + λI) x = g for the natural gradient: a dense Cholesky factorisation in place,
/// allocation-free (the system is F × F with F the feature count, small).
enum FisherSolver {
    /// Overwrites `rhs` with the solution and `matrix` with its Cholesky factor.
    ///
    /// - Returns: `false` if the matrix is not positive definite (then `rhs` is unchanged).
    static func solve(matrix a: UnsafeMutablePointer<Double>, damping: Double, rhs b: UnsafeMutablePointer<Double>, count n: Int) -> Bool {
        for i in 0..<n { a[i &* n &+ i] += damping }
        // Lower-triangular L with A = L Lᵀ, stored in the lower triangle of `a`.
        for j in 0..<n {
            var diagonal = a[j &* n &+ j]
            for k in 0..<j { diagonal -= a[j &* n &+ k] * a[j &* n &+ k] }
            guard diagonal > 0, diagonal.isFinite else { return false }
            let ljj = diagonal.squareRoot()
            a[j &* n &+ j] = ljj
            for i in (j &+ 1)..<max(n, j &+ 1) {
                var sum = a[i &* n &+ j]
                for k in 0..<j { sum -= a[i &* n &+ k] * a[j &* n &+ k] }
                a[i &* n &+ j] = sum / ljj
            }
        }
        // L y = b, then Lᵀ x = y.
        for i in 0..<n {
            var sum = b[i]
            for k in 0..<i { sum -= a[i &* n &+ k] * b[k] }
            b[i] = sum / a[i &* n &+ i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[i]
            for k in (i &+ 1)..<max(n, i &+ 1) { sum -= a[k &* n &+ i] * b[k] }
            b[i] = sum / a[i &* n &+ i]
        }
        return true
    }
}
