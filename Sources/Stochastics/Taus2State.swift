import CGSL

/// Full-width seeding of GSL's taus2, which `gsl_rng_set` seeds from 32 bits only (so keyed
/// streams would collide after about 2¹⁶ keys).
///
/// GSL's state for taus2 is `struct { unsigned long s1, s2, s3; }` (gsl/rng/taus.c), three
/// 32-bit components that must be at least 2, 8 and 16. They are filled from three SplitMix64
/// outputs of the key (low 32 bits each, raised to the minimum when below it), then the
/// generator is warmed up with six draws, as `gsl_rng_set` does.
/// ``Taus2Generator`` seeds itself the same way.
enum Taus2State {
    /// Draws discarded after seeding.
    static let warmUpDraws = 6

    static func seed(_ rng: UnsafeMutablePointer<gsl_rng>, key: UInt64) {
        let wordSize = MemoryLayout<UInt>.stride
        precondition(gsl_rng_size(rng) == 3 * wordSize, "GSL's taus2 state is \(gsl_rng_size(rng)) bytes, not the expected \(3 * wordSize)")
        let state = gsl_rng_state(rng)!.bindMemory(to: UInt.self, capacity: 3)
        (state[0], state[1], state[2]) = words(key: key)
        for _ in 0..<warmUpDraws { _ = gsl_rng_get(rng) }
    }

    /// The three state words for `key`, each at least its component's minimum.
    static func words(key: UInt64) -> (UInt, UInt, UInt) {
        var z = key
        func next(minimum: UInt) -> UInt {
            z = StreamKey.mix(z &+ 0x9e37_79b9_7f4a_7c15)
            let word = UInt(z & 0xffff_ffff)
            return word < minimum ? word + minimum : word
        }
        let s1 = next(minimum: 2)
        let s2 = next(minimum: 8)
        return (s1, s2, next(minimum: 16))
    }
}
