/// Assigns dense integer IDs (0, 1, 2, … in order of first appearance) to tokens, comparing them
/// by their exact UTF-8 bytes.
///
/// Byte equality is code-point equality, because UTF-8 encodes each sequence of Unicode scalars
/// in exactly one way; that is how Python compares `str` values. Swift's `String ==` would instead
/// identify canonically equivalent strings ("é" and "e\u{301}"), which Python keeps apart.
///
/// Lookup is an open-addressing hash table over the distinct tokens' bytes, which are copied once
/// into one byte arena.
struct TokenInterner {
    /// Where a distinct token's bytes are in ``arena``, and their hash (compared before the
    /// bytes, and reused when the table grows).
    private struct Entry {
        let hash: UInt64
        let start: Int
        let count: Int
    }

    /// The bytes of every distinct token, in ID order.
    private var arena: [UInt8] = []
    /// Each distinct token's entry, by ID.
    private var entries: [Entry] = []
    /// Open-addressing table of token IDs, `-1` for an empty slot; its size is a power of two.
    private var slots: [Int32]

    /// An interner sized for about `expectedTokens` distinct tokens; it grows beyond that.
    init(expectedTokens: Int) {
        var size = 16
        while size < 2 * expectedTokens { size <<= 1 }
        slots = Array(repeating: -1, count: size)
        entries.reserveCapacity(expectedTokens)
        arena.reserveCapacity(8 * expectedTokens)
    }

    /// The number of distinct tokens interned so far (every ID is below it).
    var count: Int { entries.count }

    /// The ID of `token`, compared by its UTF-8 bytes (code points).
    mutating func intern(_ token: String) -> Int32 {
        if let id = token.utf8.withContiguousStorageIfAvailable({ intern($0) }) { return id }
        // Only strings bridged from a foreign representation lack contiguous UTF-8.
        return Array(token.utf8).withUnsafeBufferPointer { intern($0) }
    }

    /// The ID of the token with UTF-8 bytes `bytes`, new or existing.
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = SlotHash.slot(of: bytes)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let id = slots[slot]
            if id < 0 { break }
            let entry = entries[Int(id)]
            if entry.hash == hash && entry.count == bytes.count && storedBytes(from: entry.start, equal: bytes) {
                return id
            }
            slot = (slot + 1) & mask
        }
        let id = Int32(entries.count)
        slots[slot] = id
        entries.append(Entry(hash: hash, start: arena.count, count: bytes.count))
        arena.append(contentsOf: bytes)
        // Keeping the table at most half full keeps probe sequences short.
        if 2 * entries.count > slots.count { grow() }
        return id
    }

    /// The token with ID `id`, as a string.
    func string(for id: Int32) -> String {
        let entry = entries[Int(id)]
        return String(decoding: arena[entry.start..<(entry.start + entry.count)], as: UTF8.self)
    }

    /// Whether the arena holds `bytes` from `from` on.
    private func storedBytes(from: Int, equal bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        arena.withUnsafeBufferPointer { arena in
            for offset in 0..<bytes.count where arena[from + offset] != bytes[offset] {
                return false
            }
            return true
        }
    }

    /// Doubles the table and reinserts every ID by its stored hash.
    private mutating func grow() {
        slots = Array(repeating: -1, count: 2 * slots.count)
        let mask = slots.count - 1
        for (id, entry) in entries.enumerated() {
            var slot = Int(truncatingIfNeeded: entry.hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id)
        }
    }
}
