import CGSL

/// Full-width seeding of GSL's mt19937, which `gsl_rng_set` seeds from 32 bits only.
///
/// Writes the generator's state with the reference `init_by_array` of Matsumoto and Nishimura
/// (mt19937ar.c, 2002), the seeding numpy's `RandomState(array)` uses. GSL's state for mt19937
/// is `struct { unsigned long mt[624]; int mti; }` (gsl/rng/mt.c); its size is checked before
/// anything is written.
enum MT19937State {
    private static let n = 624

    /// Seeds `rng` with `init_by_array([low, high])`; allocates nothing.
    static func initByArray(_ rng: UnsafeMutablePointer<gsl_rng>, low: UInt32, high: UInt32) {
        let wordSize = MemoryLayout<UInt>.stride
        let expectedSize = n * wordSize + MemoryLayout<Int32>.stride
        precondition(
            gsl_rng_size(rng) >= expectedSize && gsl_rng_size(rng) <= expectedSize + wordSize,
            "GSL's mt19937 state is \(gsl_rng_size(rng)) bytes, not the expected \(expectedSize)"
        )
        gsl_rng_set(rng, 19_650_218)  // init_genrand(19650218), as init_by_array begins
        let state = gsl_rng_state(rng)!
        let mt = state.bindMemory(to: UInt.self, capacity: n)
        let mask: UInt = 0xffff_ffff
        var i = 1
        var j = 0
        for _ in 0..<n {  // max(n, key length)
            let previous = mt[i - 1] ^ (mt[i - 1] >> 30)
            mt[i] = ((mt[i] ^ ((previous &* 1_664_525) & mask)) &+ UInt(j == 0 ? low : high) &+ UInt(j)) & mask
            i += 1
            j += 1
            if i >= n { mt[0] = mt[n - 1]; i = 1 }
            if j >= 2 { j = 0 }
        }
        for _ in 0..<(n - 1) {
            let previous = mt[i - 1] ^ (mt[i - 1] >> 30)
            mt[i] = ((mt[i] ^ ((previous &* 1_566_083_941) & mask)) &- UInt(i)) & mask
            i += 1
            if i >= n { mt[0] = mt[n - 1]; i = 1 }
        }
        mt[0] = 0x8000_0000
        // gsl_rng_set left mti = 624, so the next draw regenerates the whole block.
        let mti = (state + n * wordSize).bindMemory(to: Int32.self, capacity: 1)
        precondition(mti.pointee == Int32(n), "unexpected mt19937 state layout")
    }
}
