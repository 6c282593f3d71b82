import CGSL

/// Full-width seeding of GSL's taus2, which `gsl_rng_set` seeds from 32 bits only (so keyed
/// streams would collide after about 2¹⁶ keys).
///
/// GSL's state for taus2 is `struct { unsigned long s1, s2, s3; }` (gsl/rng/taus.c), three
/// 32-bit components that must be at least 2, 8 and 16. They are filled from three SplitMix64
/// outputs of the key (low 32 bits each, raised to the minimum when below it), then the
/// generator is warmed up with six draws, as `gsl_rng_set` does.
enum Taus2State {
    static func seed(_ rng: UnsafeMutablePointer<gsl_rng>, key: UInt64) {
        let wordSize = MemoryLayout<UInt>.stride
        precondition(gsl_rng_size(rng) == 3 * wordSize, "GSL's taus2 state is \(gsl_rng_size(rng)) bytes, not the expected \(3 * wordSize)")
        let state = gsl_rng_state(rng)!.bindMemory(to: UInt.self, capacity: 3)
        var z = key
        for index in 0..<3 {
            let minimum: UInt = index == 0 ? 2 : index == 1 ? 8 : 16
            z = StreamKey.mix(z &+ 0x9e37_79b9_7f4a_7c15)
            let word = UInt(z & 0xffff_ffff)
            state[index] = word < minimum ? word + minimum : word
        }
        for _ in 0..<6 { _ = gsl_rng_get(rng) }
    }
}
