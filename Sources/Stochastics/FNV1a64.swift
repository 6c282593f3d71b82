/// 64-bit FNV-1a (Fowler, Noll, Vo), byte at a time: a hash that is the same in every process
/// and on every machine, unlike `hashValue`.
///
/// The one FNV-1a of the package: stream keys, the provider's stable ids and seeds, and sweep
/// cell ids all hash with it.
///
/// ```swift
/// var hash = FNV1a64()
/// hash.combine("ftjob-abc")
/// let value = hash.value
/// ```
public struct FNV1a64: Sendable, Hashable {
    /// The hash of the bytes combined so far (the offset basis before any).
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Starts a hash.
    public init() {}

    /// Mixes one byte in.
    public mutating func combine(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    /// Mixes in the UTF-8 bytes of `text` (no separator: use ``combine(_:)-(UInt8)`` for one).
    public mutating func combine(_ text: String) {
        for byte in text.utf8 { combine(byte) }
    }

    /// The hash of `text`'s UTF-8 bytes.
    public static func hash(_ text: String) -> UInt64 {
        var hash = FNV1a64()
        hash.combine(text)
        return hash.value
    }
}
