internal import Foundation
internal import Stochastics

/// Stochastics' FNV-1a over fields, each ended by a 0 byte: the same value in every process and
/// on every machine (unlike `hashValue`), for cell ids and content hashes.
struct SweepHash {
    private var hash = FNV1a64()
    var value: UInt64 { hash.value }

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
        hash.combine(byte)
    }

    /// Sixteen lower-case hex digits.
    var hex: String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}
