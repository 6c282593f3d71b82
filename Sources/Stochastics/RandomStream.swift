import CGSL

/// A source of random numbers: one GSL generator, owned and freed by this object.
///
/// A stream is made either from a run seed, which seeds the generator exactly as GSL's
/// `gsl_rng_set` does (so `RandomStream(seed: 42)` gives the same numbers as GSL and as numpy's
/// `RandomState(42)`), or from a ``StreamKey`` derived from a seed and labels:
///
/// ```swift
/// let run = RandomStream(seed: 42)
/// let sampling = run.child("sampling", 3)       // step 3
/// let u = sampling.uniform()
/// ```
///
/// Children depend only on the parent's key and the labels, never on how many numbers the
/// parent has drawn, so they are reproducible whatever order they are created in. A stream
/// is not thread-safe: give each task its own (it may move between threads).
///
/// Seeding from a key: `mt19937` takes the key's full 64 bits, through the reference
/// `init_by_array` with the two 32-bit words `[low, high]` (numpy's `RandomState([low, high])`
/// gives the same sequence). `taus2` gets its three state words from the key's full 64 bits
/// (see `Taus2State`), and reseeds in about 0.1 µs against about 8 µs for mt19937. `ranlxd2`
/// accepts only a 31-bit seed through GSL, so its key is folded (`low ^ high`) and distinct keys
/// can collide.
public final class RandomStream {
    /// The GSL algorithms a stream can use.
    public enum Generator: String, CaseIterable, Sendable {
        /// Mersenne Twister MT19937 (GSL's `gsl_rng_mt19937`); the default.
        case mt19937
        /// Maximally equidistributed Tausworthe generator (`gsl_rng_taus2`); fastest.
        case taus2
        /// RANLUX double precision, luxury level 2 (`gsl_rng_ranlxd2`); best decorrelation, slowest.
        case ranlxd2

        var gslType: UnsafePointer<gsl_rng_type> {
            switch self {
            case .mt19937: rftsim_rng_mt19937()
            case .taus2: rftsim_rng_taus2()
            case .ranlxd2: rftsim_rng_ranlxd2()
            }
        }
    }

    /// The algorithm behind this stream.
    public let generator: Generator
    /// The key this stream's children are derived from.
    public private(set) var key: StreamKey

    let rng: UnsafeMutablePointer<gsl_rng>

    /// Creates a stream seeded from a run seed as GSL seeds it.
    ///
    /// Seeds below 2³² go through `gsl_rng_set` unchanged (GSL replaces the seed 0 by the
    /// generator's default seed, 4357 for mt19937). Larger seeds seed like a key.
    public init(seed: UInt64, generator: Generator = .mt19937) {
        self.generator = generator
        self.key = StreamKey(seed: seed)
        self.rng = Self.allocate(generator)
        if seed <= UInt64(UInt32.max) {
            gsl_rng_set(rng, UInt(seed))
        } else {
            seedFullWidth(seed)
        }
    }

    /// Creates the stream named by a derived key.
    public init(key: StreamKey, generator: Generator = .mt19937) {
        self.generator = generator
        self.key = key
        self.rng = Self.allocate(generator)
        seedFullWidth(key.value)
    }

    deinit {
        gsl_rng_free(rng)
    }

    /// A new stream named by this stream's key and `labels`.
    public func child(_ labels: StreamLabel...) -> RandomStream {
        RandomStream(key: labels.reduce(key) { $0.child($1) }, generator: generator)
    }

    /// Restarts this stream as the stream named by `key`, without allocating.
    ///
    /// Equivalent to `RandomStream(key: key, generator: generator)`; for hot loops that need a
    /// fresh, reproducible stream per step or item.
    public func reseed(_ key: StreamKey) {
        self.key = key
        seedFullWidth(key.value)
    }

    // MARK: - Raw and uniform draws

    /// The generator's next raw output, uniform on `0...maximumRawValue`.
    @inline(__always)
    public func nextRaw() -> UInt {
        gsl_rng_get(rng)
    }

    /// The largest value ``nextRaw()`` returns (2³² − 1 for all three generators).
    public var maximumRawValue: UInt { gsl_rng_max(rng) }

    /// A double uniform on [0, 1).
    @inline(__always)
    public func uniform() -> Double {
        gsl_rng_uniform(rng)
    }

    /// A double uniform on (0, 1), never zero: safe for `log`.
    @inline(__always)
    public func uniformPositive() -> Double {
        gsl_rng_uniform_pos(rng)
    }

    /// An integer uniform on `0..<bound`, without modulo bias.
    ///
    /// - Precondition: `0 < bound <= maximumRawValue + 1`.
    @inline(__always)
    public func index(below bound: Int) -> Int {
        precondition(bound > 0 && UInt(bound) - 1 <= maximumRawValue, "index(below:) needs 0 < bound ≤ 2^32, got \(bound)")
        return Int(gsl_rng_uniform_int(rng, UInt(bound)))
    }

    /// Shuffles `elements` in place (Fisher–Yates), reproducibly for this stream.
    public func shuffle<Element>(_ elements: inout [Element]) {
        guard elements.count > 1 else { return }
        for i in stride(from: elements.count - 1, to: 0, by: -1) {
            elements.swapAt(i, index(below: i + 1))
        }
    }

    /// Continues this taus2 stream where `generator` is: the next draw is the generator's next.
    ///
    /// For code that draws its uniforms inline with ``Taus2Generator`` and then needs GSL's
    /// samplers (a Gaussian, say) on the same stream.
    ///
    /// - Precondition: the stream's generator is `.taus2`.
    public func resume(from generator: Taus2Generator) {
        precondition(self.generator == .taus2, "resume(from:) needs a taus2 stream, this one is \(self.generator)")
        let state = gsl_rng_state(rng)!.bindMemory(to: UInt.self, capacity: 3)
        (state[0], state[1], state[2]) = (UInt(generator.s1), UInt(generator.s2), UInt(generator.s3))
    }

    // MARK: - Seeding

    private static func allocate(_ generator: Generator) -> UnsafeMutablePointer<gsl_rng> {
        GSLRuntime.prepare()
        guard let rng = gsl_rng_alloc(generator.gslType) else {
            fatalError("gsl_rng_alloc(\(generator)) returned NULL: out of memory")
        }
        return rng
    }

    private func seedFullWidth(_ value: UInt64) {
        let low = UInt32(truncatingIfNeeded: value)
        let high = UInt32(truncatingIfNeeded: value >> 32)
        switch generator {
        case .mt19937:
            MT19937State.initByArray(rng, low: low, high: high)
        case .taus2:
            Taus2State.seed(rng, key: value)
        case .ranlxd2:
            gsl_rng_set(rng, UInt(low ^ high))
        }
    }
}
