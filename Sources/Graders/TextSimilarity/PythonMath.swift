/// Floating-point routines reproducing CPython's `math` module where the naive Swift expression
/// could round differently.
enum PythonMath {
    /// `math.fsum`: the correctly rounded sum of finite `values`, by CPython's algorithm
    /// (Shewchuk's exact partial sums, then round-half-even across the last two partials).
    static func fsum(_ values: [Double]) -> Double {
        // Each value adds at most one partial, so `values.count` slots suffice.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: max(1, values.count)) { partials in
            sum(values, partials: partials)
        }
    }

    /// `fsum` with `partials` as scratch, at least `values.count` long.
    private static func sum(_ values: [Double], partials: UnsafeMutableBufferPointer<Double>) -> Double {
        var partialCount = 0
        for value in values {
            var x = value
            var kept = 0
            for index in 0..<partialCount {
                var y = partials[index]
                if abs(x) < abs(y) { swap(&x, &y) }
                let high = x + y
                let low = y - (high - x)
                if low != 0 {
                    partials[kept] = low
                    kept += 1
                }
                x = high
            }
            partialCount = kept
            // CPython keeps no zero partial.
            if x != 0 {
                partials[partialCount] = x
                partialCount += 1
            }
        }

        var count = partialCount
        guard count > 0 else { return 0 }
        count -= 1
        var high = partials[count]
        var low = 0.0
        while count > 0 {
            let x = high
            count -= 1
            let y = partials[count]
            high = x + y
            low = y - (high - x)
            if low != 0 { break }
        }
        // Half-way cases: the partials below `low` decide which way the sum rounds.
        if count > 0 && ((low < 0 && partials[count - 1] < 0) || (low > 0 && partials[count - 1] > 0)) {
            let y = low * 2
            let x = high + y
            if y == x - high { high = x }
        }
        return high
    }
}
