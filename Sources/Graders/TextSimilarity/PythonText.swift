/// Text handling that reproduces Python's `str` semantics, which the reference libraries
/// (nltk, rouge-score, rapidfuzz) are defined by: code points, not grapheme clusters.
enum PythonText {
    /// Python's `str.split()` with no argument: runs of whitespace separate tokens, and leading
    /// or trailing whitespace makes no empty tokens.
    static func split(_ text: String) -> [String] {
        // Scanned as UTF-8 bytes and cut with `String(decoding:)`: slicing the unicode-scalar view
        // and rebuilding strings from it costs six times as much.
        if let tokens = text.utf8.withContiguousStorageIfAvailable(split) { return tokens }
        var copy = text
        return copy.withUTF8(split)
    }

    /// `split` over valid UTF-8.
    private static func split(_ utf8: UnsafeBufferPointer<UInt8>) -> [String] {
        var tokens: [String] = []
        var tokenStart = -1
        var index = 0
        while index < utf8.count {
            let width = whitespaceWidth(utf8, at: index)
            if width > 0 {
                if tokenStart >= 0 {
                    tokens.append(String(decoding: UnsafeBufferPointer(rebasing: utf8[tokenStart..<index]), as: UTF8.self))
                    tokenStart = -1
                }
                index += width
            } else {
                if tokenStart < 0 { tokenStart = index }
                index += 1
            }
        }
        if tokenStart >= 0 {
            tokens.append(String(decoding: UnsafeBufferPointer(rebasing: utf8[tokenStart...]), as: UTF8.self))
        }
        return tokens
    }

    /// The UTF-8 length of the Python whitespace code point at `index`, or 0 if there is none
    /// (`Unicode.Scalar.isPythonWhitespace`, spelled out in UTF-8).
    @inline(__always)
    private static func whitespaceWidth(_ utf8: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let byte = utf8[index]
        if byte < 0x80 {
            return (byte >= 0x09 && byte <= 0x0D) || (byte >= 0x1C && byte <= 0x20) ? 1 : 0
        }
        // Continuation bytes of a code point are never whitespace on their own: 0x80…0xBF.
        func at(_ offset: Int) -> UInt8 { index + offset < utf8.count ? utf8[index + offset] : 0 }
        switch byte {
        case 0xC2:  // U+0085, U+00A0
            return at(1) == 0x85 || at(1) == 0xA0 ? 2 : 0
        case 0xE1:  // U+1680
            return at(1) == 0x9A && at(2) == 0x80 ? 3 : 0
        case 0xE2:  // U+2000…200A, U+2028, U+2029, U+202F; U+205F
            if at(1) == 0x80 {
                let third = at(2)
                return (third >= 0x80 && third <= 0x8A) || third == 0xA8 || third == 0xA9 || third == 0xAF ? 3 : 0
            }
            return at(1) == 0x81 && at(2) == 0x9F ? 3 : 0
        case 0xE3:  // U+3000
            return at(1) == 0x80 && at(2) == 0x80 ? 3 : 0
        default:
            return 0
        }
    }
}

extension Unicode.Scalar {
    /// Whether Python's `str.isspace()` holds for this code point (CPython's
    /// `_PyUnicode_IsWhitespace`): the characters of bidirectional type WS, B or S, or category Zs.
    var isPythonWhitespace: Bool {
        switch value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            true
        default:
            false
        }
    }
}
