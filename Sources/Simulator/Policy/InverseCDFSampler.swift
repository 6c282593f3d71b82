/// Inverse-CDF sampling of one item's candidates from its cumulative probabilities, with a guide
/// table (Chen and Asau 1974) when enough draws share the distribution to pay for building it.
///
/// Both ways return exactly what a linear scan returns, the first c with `cumulative[c] > u` (or
/// the last candidate, for rounding), so the answers a seed draws do not depend on the path:
/// - The binary search (O(log K) a draw) suits a few draws.
/// - The guide table has m = 2^p buckets of the raw uniform v. A draw starts its scan at bucket
///   ⌊v·m⌋'s first candidate and usually stops there: O(1) expected a draw after O(m + K) to
///   build. v·m is exact (v is a multiple of 2⁻³², m a power of two), and u = v·total rounds
///   monotonically, so u is at least the bucket's lower bound (j/m)·total, whose answer the
///   table holds; the scan from there cannot skip the answer.
struct InverseCDFSampler {
    /// The guide table's storage: `capacity` entries.
    let guide: UnsafeMutablePointer<Int>
    let capacity: Int

    /// Fewest draws per bucket for which building the guide table pays.
    static let drawsPerBucket = 2

    /// A sampler for items of up to `maximumCandidates` candidates.
    init(maximumCandidates: Int) {
        capacity = Self.bucketCount(for: max(maximumCandidates, 1))
        guide = .allocate(capacity: capacity)
        guide.initialize(repeating: 0, count: capacity)
    }

    func deallocate() { guide.deallocate() }

    /// The guide table's size for `count` candidates: the power of two at or above it.
    static func bucketCount(for count: Int) -> Int {
        count <= 1 ? 1 : 1 << (Int.bitWidth - (count &- 1).leadingZeroBitCount)
    }

    /// Prepares for `draws` draws from `count` candidates with cumulative probabilities
    /// `cumulative` (ending at `total`); returns the guide table's size, 0 when binary search is
    /// cheaper.
    func prepare(_ cumulative: UnsafePointer<Double>, count: Int, total: Double, draws: Int) -> Int {
        let buckets = Self.bucketCount(for: count)
        guard buckets > 1, draws >= buckets &* Self.drawsPerBucket else { return 0 }
        let width = 1 / Double(buckets)  // exact: a power of two
        var c = 0
        for j in 0..<buckets {
            let lower = (Double(j) * width) * total
            while c < count &- 1 && cumulative[c] <= lower { c &+= 1 }
            guide[j] = c
        }
        return buckets
    }

    /// The candidate for the raw 32-bit draw `raw` (v = raw/2³², u = v·total), through the guide
    /// table when `buckets` > 0 (from ``prepare(_:count:total:draws:)``), else by binary search.
    @inline(__always)
    func draw(_ raw: UInt32, total: Double, _ cumulative: UnsafePointer<Double>, count: Int, buckets: Int) -> Int {
        let u = (Double(raw) * 0x1p-32) * total
        guard buckets > 0 else { return Self.firstAbove(u, cumulative, count) }
        // ⌊v·m⌋ = the top log₂(m) bits of the draw.
        var c = guide[Int(truncatingIfNeeded: raw >> UInt32(truncatingIfNeeded: 32 &- buckets.trailingZeroBitCount))]
        while c < count &- 1 && cumulative[c] <= u { c &+= 1 }
        return c
    }

    /// The first c with cumulative[c] > u, or the last candidate if none (rounding): binary
    /// search, the same answer as a linear scan in O(log K).
    @inline(__always)
    static func firstAbove(_ u: Double, _ cumulative: UnsafePointer<Double>, _ count: Int) -> Int {
        var low = 0, high = count &- 1
        while low < high {
            let middle = (low &+ high) >> 1
            if cumulative[middle] <= u { low = middle &+ 1 } else { high = middle }
        }
        return low
    }
}
