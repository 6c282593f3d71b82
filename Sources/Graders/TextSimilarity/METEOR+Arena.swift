extension METEOR {
    /// The scratch memory of one `METEOR.score` call: a single allocation carved into typed
    /// regions. Every Swift array costs an allocation and a generic-metadata lookup (together
    /// some 800 instructions on Linux), and a call needs about twenty of them, which was a third
    /// of the time of a 30-word pair; this is one allocation.
    ///
    /// Regions hold plain values (integers, `Bool`, `Range<Int>`), need no deinitialization, and
    /// must not outlive `deallocate()`.
    struct Arena {
        /// The memory.
        private let base: UnsafeMutableRawPointer
        /// Its size in bytes.
        private let capacity: Int
        /// Bytes handed out so far.
        private var used = 0

        /// Allocates `byteCount` bytes (regions are 16-byte aligned; count that in).
        init(byteCount: Int) {
            capacity = max(byteCount, 16)
            base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        }

        /// The bytes `take` needs for `count` values of `type`, alignment included.
        static func size<T>(of type: T.Type, count: Int) -> Int {
            (MemoryLayout<T>.stride * count + 15) & ~15
        }

        /// A region of `count` values of `type`, each set to `value`.
        mutating func take<T>(_ type: T.Type, count: Int, initializedTo value: T) -> UnsafeMutablePointer<T> {
            let size = Self.size(of: type, count: count)
            precondition(used + size <= capacity, "METEOR arena too small")
            let region = (base + used).bindMemory(to: type, capacity: count)
            region.initialize(repeating: value, count: count)
            used += size
            return region
        }

        /// Frees the memory.
        func deallocate() {
            base.deallocate()
        }
    }
}
