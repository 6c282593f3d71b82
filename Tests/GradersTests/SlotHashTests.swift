import Testing

@testable import Graders

/// `SlotHash` is Graders' copy of `Stochastics.FNV1a64`: the published FNV-1a test vectors pin it
/// (the same ones `NumberTextTests` pins `FNV1a64` to), so the two cannot drift apart.
struct SlotHashTests {
    @Test("SlotHash is 64-bit FNV-1a: the published test vectors", arguments: [
        ("", 0xcbf2_9ce4_8422_2325), ("a", 0xaf63_dc4c_8601_ec8c), ("foobar", 0x8594_4171_f739_67e8),
    ] as [(String, UInt64)])
    func fnv1aVectors(text: String, expected: UInt64) {
        var hash = SlotHash()
        for byte in text.utf8 { hash.combine(byte) }
        #expect(hash.value == expected)
    }
}
