/// Text handling that reproduces Python's `str` semantics, which the reference libraries
/// (nltk, rouge-score, rapidfuzz) are defined by: code points, not grapheme clusters.
enum PythonText {
    /// Python's `str.split()` with no argument: runs of whitespace separate tokens, and leading
    /// or trailing whitespace makes no empty tokens.
    static func split(_ text: String) -> [String] {
        text.unicodeScalars.split(whereSeparator: \.isPythonWhitespace).map { String(String.UnicodeScalarView($0)) }
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
