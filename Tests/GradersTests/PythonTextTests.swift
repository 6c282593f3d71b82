import Testing

@testable import Graders

struct PythonTextTests {
    /// The definition: split on runs of `isPythonWhitespace` code points.
    private func reference(_ text: String) -> [String] {
        text.unicodeScalars.split(whereSeparator: \.isPythonWhitespace).map { String(String.UnicodeScalarView($0)) }
    }

    @Test func splitsOnEveryPythonWhitespaceCodePoint() {
        let spaces: [Unicode.Scalar] = [
            "\u{09}", "\u{0A}", "\u{0B}", "\u{0C}", "\u{0D}", "\u{1C}", "\u{1D}", "\u{1E}", "\u{1F}", " ", "\u{85}", "\u{A0}",
            "\u{1680}", "\u{2000}", "\u{2005}", "\u{200A}", "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}",
        ]
        for space in spaces {
            #expect(PythonText.split("a\(space)b") == ["a", "b"], "U+\(String(space.value, radix: 16))")
        }
        // Not whitespace in Python: zero-width space, BOM, U+180E.
        for other: Unicode.Scalar in ["\u{200B}", "\u{FEFF}", "\u{180E}", "\u{2060}"] {
            #expect(PythonText.split("a\(other)b").count == 1)
        }
    }

    @Test func agreesWithTheCodePointDefinitionOnMixedText() {
        var state: UInt64 = 42
        let pieces = ["a", "é", "e\u{301}", " ", "\u{3000}", "\u{85}", "東京", "😀", "\t\n", "\u{2029}", "x", "\u{202F}", "\u{E000}", ""]
        for _ in 0..<2_000 {
            var text = ""
            for _ in 0..<12 {
                state = state &* 6_364_136_223_846_793_005 &+ 1
                text += pieces[Int(state >> 33) % pieces.count]
            }
            #expect(PythonText.split(text).map { Array($0.unicodeScalars) } == reference(text).map { Array($0.unicodeScalars) })
        }
        #expect(PythonText.split("") == [])
        #expect(PythonText.split("   ") == [])
    }
}
