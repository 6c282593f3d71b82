import Testing
@testable import Graders

/// BLEU, GLEU and ROUGE against the Python libraries they port: nltk 3.9.1 `sentence_bleu`
/// (smoothing method1) and `sentence_gleu`, rouge-score 0.1.2 `RougeScorer` F-measures.
struct NGramMetricTests {
    /// `metric` of `input` against `reference`, as the `text_similarity` grader defines it.
    static func score(_ metric: String, input: String, reference: String) -> Double {
        switch metric {
        case "bleu": BLEU.sentenceScore(reference: PythonText.split(reference), hypothesis: PythonText.split(input))
        case "gleu": GLEU.sentenceScore(reference: PythonText.split(reference), hypothesis: PythonText.split(input))
        case "rouge_l": ROUGE.longestCommonSubsequenceF1(reference: reference, candidate: input)
        default: ROUGE.nGramF1(order: Int(String(metric.last!))!, reference: reference, candidate: input)
        }
    }

    // MARK: - Agreement with the Python libraries

    /// Every metric on the reference script's 400 pairs is within 1e-9 of the Python library.
    @Test(arguments: ["bleu", "gleu", "rouge_1", "rouge_2", "rouge_3", "rouge_4", "rouge_5", "rouge_l"])
    func agreesWithTheReferenceLibrary(metric: String) throws {
        let rows = try ReferenceScores.rows(metrics: [metric])
        #expect(rows.count == 400)
        for row in rows {
            let expected = try #require(row.scores[metric] ?? nil, "pair \(row.id): the library raised")
            let actual = Self.score(metric, input: row.input, reference: row.reference)
            #expect(abs(actual - expected) <= 1e-9, "pair \(row.id) \(metric): \(actual), Python \(expected)")
            // The text overloads split and intern in one pass; they must score identically.
            switch metric {
            case "bleu": #expect(BLEU.sentenceScore(referenceText: row.reference, hypothesisText: row.input) == actual, "pair \(row.id)")
            case "gleu": #expect(GLEU.sentenceScore(referenceText: row.reference, hypothesisText: row.input) == actual, "pair \(row.id)")
            default: break
            }
        }
    }

    // MARK: - Known values (computed with the Python libraries)

    /// nltk's docstring example, short hypotheses and the zero cases.
    @Test func bleuKnownValues() {
        let hypothesis = "It is a guide to action which ensures that the military always obeys the commands of the party"
        let reference = "It is a guide to action that ensures that the military will forever heed Party commands"
        // nltk's docstring example (0.4118...).
        expectClose(BLEU.sentenceScore(reference: PythonText.split(reference), hypothesis: PythonText.split(hypothesis)), 0.41180376356915777)
        // Fewer than 4 tokens: the missing orders score epsilon 0.1 / 1 each, so sqrt(0.1).
        expectClose(BLEU.sentenceScore(reference: ["a", "b"], hypothesis: ["a", "b"]), 0.316227766016838)
        expectClose(BLEU.sentenceScore(reference: ["a", "b", "c", "d", "e"], hypothesis: ["a", "b", "x"]), 0.12336445138236939)
        // No unigram match returns 0 before smoothing: empty sides, or code points that differ
        // though Swift's String == calls them equal (precomposed "é" and "e" + U+0301).
        #expect(BLEU.sentenceScore(reference: ["a"], hypothesis: []) == 0)
        #expect(BLEU.sentenceScore(reference: [], hypothesis: ["a"]) == 0)
        #expect(BLEU.sentenceScore(reference: ["caf\u{E9}"], hypothesis: ["cafe\u{301}"]) == 0)
        #expect(BLEU.sentenceScore(reference: ["caf\u{E9}"], hypothesis: ["caf\u{E9}"]) > 0)
    }

    /// nltk's docstring examples and the empty corner case.
    @Test func gleuKnownValues() {
        let hypothesis = "It is a guide to action which ensures that the military always obeys the commands of the party"
        let reference = "It is a guide to action that ensures that the military will forever heed Party commands"
        expectClose(GLEU.sentenceScore(reference: PythonText.split(reference), hypothesis: PythonText.split(hypothesis)), 0.4393939393939394)
        // The "the the the ..." example: repeated n-grams are clipped to the reference's counts.
        expectClose(GLEU.sentenceScore(reference: PythonText.split("the cat sat on the mat"), hypothesis: Array(repeating: "the", count: 7)), 1.0 / 11)
        #expect(GLEU.sentenceScore(reference: [], hypothesis: []) == 0)
        #expect(GLEU.sentenceScore(reference: ["e\u{301}"], hypothesis: ["\u{E9}"]) == 0)
    }

    /// rouge-score's usage example for every order and ROUGE-L.
    @Test func rougeKnownValues() {
        let reference = "The quick brown fox jumps over the lazy dog"
        let candidate = "The quick brown dog jumps on the log."
        let expected = [0.7058823529411765, 0.26666666666666666, 0.15384615384615383, 0, 0]
        for (n, value) in zip(1..., expected) {
            expectClose(ROUGE.nGramF1(order: n, reference: reference, candidate: candidate), value)
        }
        expectClose(ROUGE.longestCommonSubsequenceF1(reference: reference, candidate: candidate), 0.5882352941176471)
        expectClose(ROUGE.longestCommonSubsequenceF1(reference: "İstanbul is big", candidate: "istanbul is BIG"), 0.5714285714285715)
        #expect(ROUGE.longestCommonSubsequenceF1(reference: "", candidate: "a") == 0)
        #expect(ROUGE.nGramF1(order: 1, reference: "!!", candidate: "?") == 0)
    }

    /// The tokenizer lowercases as Python's `str.lower()` and keeps only ASCII alphanumerics.
    @Test func rougeTokenizerTreatsUnicodeAsPythonDoes() {
        // Non-ASCII letters separate tokens; "İ" lowercases to "i" + U+0307 (which then
        // separates), the Kelvin sign to "k".
        #expect(ROUGE.tokenize("İstanbul \u{212A}elvin Straße café ÉCOLE x_y2Z") == ["i", "stanbul", "kelvin", "stra", "e", "caf", "cole", "x", "y2z"])
        #expect(ROUGE.tokenize("") == [])
        #expect(ROUGE.tokenize(" ,.; 東京 ") == [])
    }

    // MARK: - Helpers

    /// IDs follow code points, not canonical equivalence, and survive table growth.
    @Test func internerComparesCodePoints() {
        var interner = TokenInterner(expectedTokens: 1)
        let precomposed = interner.intern("caf\u{E9}")
        let decomposed = interner.intern("cafe\u{301}")
        #expect(precomposed != decomposed)
        #expect(interner.intern("caf\u{E9}") == precomposed)
        // Growing past the initial table keeps every ID.
        let ids = (0..<1000).map { interner.intern("token\($0)") }
        #expect((0..<1000).map { interner.intern("token\($0)") } == ids)
        #expect(interner.count == 1002)
        #expect(interner.string(for: decomposed) == "cafe\u{301}")
    }

    /// The fused tokenizer yields `PythonText.split`'s tokens, Unicode whitespace included.
    @Test func whitespaceTokenizerSplitsAsPythonTextDoes() {
        for text in ["", "  ", "a", " a\u{3000}b\u{85}c\u{A0}d\u{200B}e ", "x\u{2028}\u{2029}\u{1680}\u{1C}y\u{0B}z", "é e\u{301} 😀\t東京"] {
            var interner = TokenInterner(expectedTokens: 4)
            var ids: [Int32] = []
            PythonWhitespaceTokenizer.internTokens(of: text, into: &interner, appendingTo: &ids)
            let tokens = ids.map { Array(interner.string(for: $0).unicodeScalars) }
            #expect(tokens == PythonText.split(text).map { Array($0.unicodeScalars) }, "\(text.debugDescription)")
        }
    }

    /// Random short sequences over small alphabets (many repeated n-grams), every order 1–6.
    @Test("Clipped n-gram overlap equals a brute-force count, on both code paths")
    func nGramOverlapMatchesBruteForce() {
        var random = SplitMix64(seed: 42)
        var failures: [String] = []
        for trial in 0..<600 {
            let alphabet = Int32(1 + trial % 6)
            let first = (0..<Int(random.next() % 14)).map { _ in Int32(random.next() % UInt64(alphabet)) }
            let second = (0..<Int(random.next() % 14)).map { _ in Int32(random.next() % UInt64(alphabet)) }
            let tokens = first + second
            let all = NGramOverlap.clippedCounts(tokens: tokens, split: first.count, vocabulary: Int(alphabet), maxOrder: 6)
            for order in 1...6 {
                let expected = Self.bruteForceClipped(first, second, order: order)
                let packed = NGramOverlap.clippedCount(tokens: tokens, split: first.count, vocabulary: Int(alphabet), order: order)
                // With 11-bit IDs, 6 don't fit one 63-bit key: order 6 takes the level-by-level path.
                let levels = NGramOverlap.clippedCount(tokens: tokens, split: first.count, vocabulary: 1 << 11, order: order)
                if [all[order - 1], packed, levels] != [expected, expected, expected] {
                    failures.append("\(first) \(second) order \(order): \(all[order - 1]), \(packed), \(levels), expected \(expected)")
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
    }

    /// Σ over distinct n-grams of min(count in `first`, count in `second`), by dictionary.
    private static func bruteForceClipped(_ first: [Int32], _ second: [Int32], order: Int) -> Int {
        func counts(_ sequence: [Int32]) -> [[Int32]: Int] {
            guard sequence.count >= order else { return [:] }
            return Dictionary((0...(sequence.count - order)).map { (Array(sequence[$0..<($0 + order)]), 1) }, uniquingKeysWith: +)
        }
        let second = counts(second)
        return counts(first).reduce(0) { $0 + min($1.value, second[$1.key] ?? 0) }
    }

    /// `math.fsum`'s documented examples: exact, not left-to-right, summation.
    @Test func fsumRoundsCorrectly() {
        #expect(PythonMath.fsum(Array(repeating: 0.1, count: 10)) == 1.0)
        #expect(PythonMath.fsum([1e100, 1.0, -1e100]) == 1.0)
        #expect(PythonMath.fsum([1, 1e-16, 1e-16]) == 1.0000000000000002)
        #expect(PythonMath.fsum([]) == 0)
    }

    /// A small deterministic generator (SplitMix64) for reproducible random sequences.
    private struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Expects `actual` within 1e-12 of `expected` (libm's log and exp may differ by an ulp
    /// across platforms).
    private func expectClose(_ actual: Double, _ expected: Double, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(abs(actual - expected) <= 1e-12, "\(actual) vs \(expected)", sourceLocation: sourceLocation)
    }
}
