/// 64-bit FNV-1a, byte at a time, with an optional final mix for hash-table slots: the one FNV-1a
/// of `Graders`.
///
/// `Graders` is a root module (it imports neither `Stochastics` nor any other of ours), so it keeps
/// this internal copy of `Stochastics.FNV1a64` rather than depend on it; a test pins the two equal.
struct SlotHash {
    /// The FNV-1a hash of the bytes combined so far (the offset basis before any).
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Mixes one byte in.
    @inline(__always)
    mutating func combine(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    /// The hash with a final mix, so that its low bits (a table's slot) depend on every byte.
    var slotValue: UInt64 {
        var hash = value ^ (value >> 29)
        hash = hash &* 0xbf58_476d_1ce4_e5b9
        return hash ^ (hash >> 32)
    }

    /// The slot hash (FNV-1a and the final mix) of `bytes`.
    @inline(__always)
    static func slot(of bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = SlotHash()
        for byte in bytes { hash.combine(byte) }
        return hash.slotValue
    }
}
