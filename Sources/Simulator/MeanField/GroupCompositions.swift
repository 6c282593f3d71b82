/// The compositions of G samples over K candidates (count vectors n with Σ n_k = G), in
/// reverse lexicographic order (Nijenhuis & Wilf's NEXCOM), over a caller's buffer.
struct GroupCompositions {
    let groupSize: Int
    let candidateCount: Int
    let counts: UnsafeMutablePointer<Int>

    /// The number of compositions, C(G + K − 1, K − 1), or `nil` above `limit`.
    static func count(groupSize g: Int, candidates k: Int, limit: Int) -> Int? {
        // C(g + k − 1, k − 1) built up as a product of exact binomials.
        var result = 1
        for i in 1..<max(k, 1) {
            let (product, overflow) = result.multipliedReportingOverflow(by: g + i)
            guard !overflow else { return nil }
            result = product / i
            if result > limit { return nil }
        }
        return result
    }

    /// Sets the first composition (G, 0, …, 0).
    func reset() {
        counts[0] = groupSize
        for k in 1..<max(candidateCount, 1) { counts[k] = 0 }
    }

    /// Advances to the next composition; `false` after the last one (0, …, 0, G).
    func advance() -> Bool {
        let last = candidateCount - 1
        guard last > 0, counts[last] != groupSize else { return false }
        let tail = counts[last]
        counts[last] = 0
        var h = last - 1
        while counts[h] == 0 { h -= 1 }
        counts[h] -= 1
        counts[h + 1] = tail + 1
        return true
    }
}
