internal import Foundation

/// 64-bit FNV-1a over bytes: the same value in every process and on every machine (unlike
/// `hashValue`), for cell ids and content hashes.
struct SweepHash {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func combine(_ text: String) {
        for byte in text.utf8 { combine(byte) }
        combine(0)  // a separator, so ("ab", "c") and ("a", "bc") differ
    }

    mutating func combine(_ data: Data) {
        data.withUnsafeBytes { bytes in
            for byte in bytes { combine(byte) }
        }
        combine(0)
    }

    mutating func combine(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    /// Sixteen lower-case hex digits.
    var hex: String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
