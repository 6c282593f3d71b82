import Testing
@testable import Graders

struct FuzzyMatchTests {
    /// Values from `rapidfuzz.fuzz.WRatio` 3.10.1 (C++), one per rule of the port.
    static let knownValues: [(String, String, Double)] = [
        ("this is a test", "this is a test!", 96.55172413793103),
        // token_ratio (lengths within 1.5×): word order and repeats do not matter, scaled by 0.95.
        ("fuzzy wuzzy was a bear", "wuzzy fuzzy was a bear", 95),
        ("fuzzy was a bear", "fuzzy fuzzy was a bear", 95),
        ("New York Mets vs Atlanta Braves", "Atlanta Braves vs New York Mets", 95),
        // Partial scorers (lengths 1.5× to 8× apart, scaled by 0.9; 8× and more, by 0.6).
        ("test", "this is a test of the partial ratio", 60),
        ("partial ratio tset", "this is a test of the partial ratio function in rapidfuzz", 85.5),
        ("ab", "xyzxyzxyzxyzxyzab", 60),
        (
            "the quick br0wn f0x jumps 0ver the lazy d0g and keeps running far away",
            "yesterday the quick brown fox jumps over the lazy dog and keeps running far away from the farmer",
            79.51807228915662
        ),
        (String(repeating: "abcdefghij", count: 7), "xx" + String(repeating: "abcdefghij", count: 7) + String(repeating: "yy", count: 40), 90),
        // Empty strings score 0, even two of them; blank ones are compared as sorted (empty) words.
        ("", "", 0),
        ("", "abc", 0),
        (" ", "\t", 95),
        ("!!", "?!?!", 66.66666666666667),
        ("abcd", "bcda", 75),
        ("hello world", "HELLO WORLD", 9.090909090909093),
        ("the the the", "the", 90),
        // Code points, not Characters.
        ("café crème", "creme cafe", 76),
        ("東京 日本語", "日本語 東京", 95),
        ("😀 rocket", "rocket 😀🚀", 89.41176470588236),
        // rapidfuzz splits Latin-1-only strings on U+00A0 (and U+0085) only when the string is wider.
        ("a\u{A0}b", "b a", 63.333333333333336),
        ("a\u{A0}b\u{100}", "b a\u{100}", 71.25),
    ]

    @Test(arguments: knownValues)
    func matchesRapidfuzz(_ first: String, _ second: String, _ expected: Double) {
        #expect(abs(FuzzyMatch.weightedRatio(first, second) - expected) <= 1e-9)
        #expect(abs(FuzzyMatch.weightedRatio(second, first) - expected) <= 1e-9)
    }

    @Test func agreesWithRapidfuzzOnGeneratedPairs() throws {
        let rows = try ReferenceScores.rows(metrics: ["fuzzy_match"])
        for row in rows {
            let expected = try #require(row.scores["fuzzy_match"] ?? nil)
            let actual = FuzzyMatch.weightedRatio(row.input, row.reference) / 100
            #expect(abs(actual - expected) <= 1e-9, "pair \(row.id): \(row.input.debugDescription) vs \(row.reference.debugDescription)")
        }
    }
}
