/// One component of the path that names a child random stream: a word or a number.
///
/// ```swift
/// let key = StreamKey(seed: 42).child("train").child(step).child(item)
/// ```
public enum StreamLabel: Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    /// A purpose, such as `"sampling"` or `"validation"`.
    case name(String)
    /// A step, item or sample index.
    case index(UInt64)

    public init(stringLiteral value: String) { self = .name(value) }
    public init(integerLiteral value: UInt64) { self = .index(value) }

    /// The label's 64-bit FNV-1a hash over a type tag byte (1 for an index, 2 for a name)
    /// followed by the value's bytes (eight little-endian bytes, or the UTF-8 of the name),
    /// so that `.index(1)` and `.name("1")` never coincide.
    public var hashValue64: UInt64 {
        var hash = FNV1a64()
        switch self {
        case .index(let value):
            hash.combine(1)
            for shift in stride(from: 0, to: 64, by: 8) { hash.combine(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
        case .name(let text):
            hash.combine(2)
            for byte in text.utf8 { hash.combine(byte) }
        }
        return hash.value
    }
}

/// The identity of a random stream: a 64-bit value derived from a run seed and a path of labels.
///
/// Derivation is a pure function of (seed, labels), never of any generator's state, so a child
/// stream gives the same draws whatever order children are made in and whichever thread makes
/// or uses them. The hash, fixed as part of RFTSim's reproducibility contract:
///
/// - `mix(z)` is the SplitMix64 finaliser: `z ^= z >> 30; z &*= 0xbf58476d1ce4e5b9;
///   z ^= z >> 27; z &*= 0x94d049bb133111eb; z ^= z >> 31`.
/// - The key of a seed `s` is `mix(s &+ 0x9e3779b97f4a7c15)`.
/// - The child of key `k` under label `l` is `mix(k ^ mix(h(l) &+ 0x9e3779b97f4a7c15))`, where
///   `h` is ``StreamLabel/hashValue64``.
///
/// Creating a key allocates nothing, so hot loops can derive one per step and item.
public struct StreamKey: Hashable, Sendable, CustomStringConvertible {
    /// The derived 64-bit value that seeds a generator.
    public let value: UInt64

    /// The root key of a run seed.
    public init(seed: UInt64) {
        value = Self.mix(seed &+ Self.golden)
    }

    /// A key with an explicit value, as stored in a results file.
    public init(value: UInt64) {
        self.value = value
    }

    /// The key of the child stream named by `label`.
    public func child(_ label: StreamLabel) -> StreamKey {
        StreamKey(value: Self.mix(value ^ Self.mix(label.hashValue64 &+ Self.golden)))
    }

    /// The key of the descendant named by `labels`, applied left to right.
    public func child(_ labels: StreamLabel...) -> StreamKey {
        labels.reduce(self) { $0.child($1) }
    }

    public var description: String {
        let hex = String(value, radix: 16)
        return "StreamKey(0x" + String(repeating: "0", count: 16 - hex.count) + hex + ")"
    }

    private static let golden: UInt64 = 0x9e37_79b9_7f4a_7c15

    /// The SplitMix64 output function (Steele, Lea & Flood 2014).
    static func mix(_ input: UInt64) -> UInt64 {
        var z = input
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
