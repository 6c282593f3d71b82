/// A set of byte strings with dense ids (0, 1, 2, … in insertion order), found by content.
///
/// WordNet has some 150,000 lemmas; as `[String: Int]` they take a second to load and compare by
/// canonical equivalence. Here they live in one byte buffer with an open-addressing table of ids,
/// and compare byte for byte: for UTF-8 that is code point for code point, as Python compares `str`.
struct ByteStringTable: Sendable {
    /// The strings, back to back.
    private var bytes: [UInt8] = []
    /// Where each string ends in `bytes` (string `i` starts where string `i - 1` ends).
    private var ends: [Int32] = []
    /// Hash slots: the hash's high 32 bits, then id + 1 in the low 32 bits (0: empty). Keeping
    /// part of the hash in the slot spares a cache miss on the strings for most non-matches.
    /// The count is a power of two.
    private var slots = [UInt64](repeating: 0, count: 1024)

    /// The number of strings.
    var count: Int { ends.count }

    /// Creates an empty table with room for about `expectedCount` strings before it grows.
    init(expectedCount: Int = 0) {
        var capacity = 1024
        while capacity < expectedCount * 2 { capacity *= 2 }
        slots = [UInt64](repeating: 0, count: capacity)
    }

    /// The bytes of string `id`.
    func withBytes<Result>(of id: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        let start = id == 0 ? 0 : Int(ends[Int(id) - 1])
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<Int(ends[Int(id)])])) }
    }

    /// String `id`.
    func string(_ id: Int32) -> String {
        withBytes(of: id) { String(decoding: $0, as: UTF8.self) }
    }

    /// The id of `key`, if present.
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int32? {
        let hash = SlotHash.slot(of: key)
        let tag = hash & 0xFFFF_FFFF_0000_0000
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let id = Int32(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if equals(id, key) { return id }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The id of `key`, if present.
    func find(_ key: String) -> Int32? {
        var key = key
        return key.withUTF8 { find($0) }
    }

    /// The id of `key`, adding it first if absent.
    @discardableResult
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        if let id = find(key) { return id }
        let id = Int32(ends.count)
        bytes.append(contentsOf: key)
        ends.append(Int32(bytes.count))
        // Keep the load factor at most one half, so probe runs stay short.
        if ends.count * 2 > slots.count {
            rehash(capacity: slots.count * 2)
        } else {
            place(id, hash: SlotHash.slot(of: key))
        }
        return id
    }

    /// Whether string `id` is `key`.
    @inline(__always)
    private func equals(_ id: Int32, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = id == 0 ? 0 : Int(ends[Int(id) - 1])
        let end = Int(ends[Int(id)])
        guard end - start == key.count else { return false }
        return bytes.withUnsafeBufferPointer { stored in
            var offset = 0
            while offset < key.count {
                if stored[start + offset] != key[offset] { return false }
                offset += 1
            }
            return true
        }
    }

    /// Puts `id` into the first free slot of its probe run.
    private mutating func place(_ id: Int32, hash: UInt64) {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = (hash & 0xFFFF_FFFF_0000_0000) | UInt64(id + 1)
    }

    /// Rebuilds the slots with `capacity` of them.
    private mutating func rehash(capacity: Int) {
        slots = [UInt64](repeating: 0, count: capacity)
        for id in 0..<Int32(ends.count) {
            let hash = withBytes(of: id) { SlotHash.slot(of: $0) }
            place(id, hash: hash)
        }
    }
}
