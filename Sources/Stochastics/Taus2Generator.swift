/// GSL's taus2 as a value: the same numbers as a `.taus2` ``RandomStream`` with the same key,
/// drawn inline rather than through `gsl_rng_uniform`'s function pointer.
///
/// The trainer draws about 130 uniforms a step; through GSL each costs a call into `gsl_rng`'s
/// type table, a sixth of the step. This is GSL's `taus_get` (gsl/rng/taus.c, L'Ecuyer 1996)
/// written out, seeded exactly as ``RandomStream/reseed(_:)`` seeds a taus2 stream (see
/// `Taus2State`), so either gives the same sequence:
///
/// ```swift
/// var draws = Taus2Generator(key: StreamKey(seed: 7).child("sampling"))
/// let u = draws.uniform()  // == RandomStream(key: …, generator: .taus2).uniform()
/// ```
@frozen
public struct Taus2Generator: Sendable {
    @usableFromInline var s1, s2, s3: UInt32

    /// The generator of the stream named by `key`.
    public init(key: StreamKey) {
        (s1, s2, s3) = (0, 0, 0)
        reseed(key)
    }

    /// Restarts as the stream named by `key` (as ``RandomStream/reseed(_:)`` on a taus2 stream).
    public mutating func reseed(_ key: StreamKey) {
        let words = Taus2State.words(key: key.value)
        (s1, s2, s3) = (UInt32(words.0), UInt32(words.1), UInt32(words.2))
        for _ in 0..<Taus2State.warmUpDraws { _ = nextRaw() }
    }

    /// The next raw output, uniform on `0...UInt32.max`.
    @inlinable @inline(__always)
    public mutating func nextRaw() -> UInt32 {
        // TAUSWORTHE(s, a, b, c, d) = ((s & c) << d) ^ (((s << a) ^ s) >> b), on 32 bits.
        s1 = ((s1 & 0xffff_fffe) &<< 12) ^ (((s1 &<< 13) ^ s1) &>> 19)
        s2 = ((s2 & 0xffff_fff8) &<< 4) ^ (((s2 &<< 2) ^ s2) &>> 25)
        s3 = ((s3 & 0xffff_fff0) &<< 17) ^ (((s3 &<< 3) ^ s3) &>> 11)
        return s1 ^ s2 ^ s3
    }

    /// A double uniform on [0, 1): the raw output over 2³², as GSL's `taus_get_double`.
    @inlinable @inline(__always)
    public mutating func uniform() -> Double {
        Double(nextRaw()) * 0x1p-32
    }
}
