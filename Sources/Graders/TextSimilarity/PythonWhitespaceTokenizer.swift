/// Python's `str.split()` fused with token interning: the IDs of a text's whitespace-separated
/// tokens, without creating a `String` per token.
///
/// Gives the same tokens as ``PythonText/split(_:)`` (whitespace is
/// `Unicode.Scalar.isPythonWhitespace`), each interned straight from the text's UTF-8 bytes.
enum PythonWhitespaceTokenizer {
    /// Appends to `ids` the IDs, interned into `interner`, of the tokens `PythonText.split(text)`
    /// would return.
    static func internTokens(of text: String, into interner: inout TokenInterner, appendingTo ids: inout [Int32]) {
        var text = text
        text.withUTF8 { bytes in
            var tokenStart = -1  // -1: between tokens
            var index = 0
            while index < bytes.count {
                let (scalar, width) = decode(bytes, at: index)
                if scalar.isPythonWhitespace {
                    if tokenStart >= 0 {
                        ids.append(interner.intern(UnsafeBufferPointer(rebasing: bytes[tokenStart..<index])))
                        tokenStart = -1
                    }
                } else if tokenStart < 0 {
                    tokenStart = index
                }
                index += width
            }
            if tokenStart >= 0 {
                ids.append(interner.intern(UnsafeBufferPointer(rebasing: bytes[tokenStart..<bytes.count])))
            }
        }
    }

    /// The scalar whose UTF-8 encoding starts at `index` and its length in bytes. `bytes` is a
    /// Swift string's storage, hence valid UTF-8.
    @inline(__always)
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(bytes[index])
        if lead < 0x80 { return (Unicode.Scalar(UInt8(lead)), 1) }
        let width = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        var value = lead & (0x7F >> width)
        for offset in 1..<width {
            value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
        }
        // Valid UTF-8 decodes to a valid scalar; the fallback is never taken.
        return (Unicode.Scalar(value) ?? "\u{FFFD}", width)
    }
}
