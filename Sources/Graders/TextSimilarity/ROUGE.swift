/// ROUGE-N and ROUGE-L F-measures exactly as rouge-score 0.1.2 computes
/// `RougeScorer(["rougeN"]).score(reference, candidate)["rougeN"].fmeasure` (and `"rougeL"`) with
/// its default options: the default tokenizer, no stemming.
enum ROUGE {
    /// rouge-score's default tokenizer (`tokenize.tokenize(text, None)`): Python's `str.lower()`,
    /// runs of anything but `[a-z0-9]` become spaces, split on whitespace, empty tokens dropped.
    ///
    /// So a token is a maximal run of ASCII letters and digits after lowercasing. Other letters
    /// ("é", "東", "ß") separate tokens. Only two non-ASCII code points lowercase to ASCII
    /// alphanumerics (exhaustively checked over all of Unicode): U+212A KELVIN SIGN becomes "k",
    /// and U+0130 "İ" becomes "i" followed by U+0307 COMBINING DOT ABOVE, which ends the token.
    static func tokenize(_ text: String) -> [String] {
        var interner = TokenInterner(expectedTokens: text.utf8.count / 4)
        var ids: [Int32] = []
        tokenIDs(text, into: &interner, appendingTo: &ids)
        return ids.map { interner.string(for: $0) }
    }

    /// The ROUGE-N F-measure (`rouge1` … `rouge9`) for n-grams of `order` n ≥ 1.
    static func nGramF1(order n: Int, reference: String, candidate: String) -> Double {
        // rouge-score raises ValueError for n <= 0.
        precondition(n >= 1, "ROUGE-N requires a positive n")
        var interner = TokenInterner(expectedTokens: (reference.utf8.count + candidate.utf8.count) / 4)
        // The candidate's token IDs, then the reference's.
        var ids: [Int32] = []
        tokenIDs(candidate, into: &interner, appendingTo: &ids)
        let candidateCount = ids.count
        tokenIDs(reference, into: &interner, appendingTo: &ids)
        let referenceCount = ids.count - candidateCount
        let intersection = NGramOverlap.clippedCount(tokens: ids, split: candidateCount, vocabulary: interner.count, order: n)
        // `_score_ngrams` divides by at least 1, so sides without n-grams give 0, not NaN.
        let precision = Double(intersection) / Double(max(candidateCount - n + 1, 1))
        let recall = Double(intersection) / Double(max(referenceCount - n + 1, 1))
        return fmeasure(precision: precision, recall: recall)
    }

    /// The ROUGE-L F-measure: longest common subsequence of the token sequences.
    static func longestCommonSubsequenceF1(reference: String, candidate: String) -> Double {
        var interner = TokenInterner(expectedTokens: (reference.utf8.count + candidate.utf8.count) / 4)
        var referenceIDs: [Int32] = []
        var candidateIDs: [Int32] = []
        tokenIDs(reference, into: &interner, appendingTo: &referenceIDs)
        tokenIDs(candidate, into: &interner, appendingTo: &candidateIDs)
        guard !referenceIDs.isEmpty, !candidateIDs.isEmpty else { return 0 }
        let length = Double(longestCommonSubsequenceLength(referenceIDs, candidateIDs))
        return fmeasure(precision: length / Double(candidateIDs.count), recall: length / Double(referenceIDs.count))
    }

    /// `scoring.fmeasure`, with Python's evaluation order so that it rounds identically.
    private static func fmeasure(precision: Double, recall: Double) -> Double {
        precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
    }

    /// Appends the IDs of `text`'s tokens (see ``tokenize(_:)``), interned into `interner`, to `ids`.
    ///
    /// Works on UTF-8 bytes: ASCII bytes never occur inside a multi-byte character, and the two
    /// special code points are recognized by their encodings (U+0130 is C4 B0, U+212A is E2 84 AA).
    private static func tokenIDs(_ text: String, into interner: inout TokenInterner, appendingTo ids: inout [Int32]) {
        var text = text
        text.withUTF8 { bytes in
            // Lowercased token bytes never outnumber the text's bytes.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count + 1) { lowered in
                var tokenStart = 0
                var length = 0
                /// Interns the token built in `lowered[tokenStart..<length]`, if any.
                func finishToken() {
                    guard length > tokenStart else { return }
                    ids.append(interner.intern(UnsafeBufferPointer(rebasing: lowered[tokenStart..<length])))
                    tokenStart = length
                }
                var index = 0
                while index < bytes.count {
                    let byte = bytes[index]
                    switch byte {
                    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                        lowered[length] = byte
                        length += 1
                        index += 1
                    case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                        lowered[length] = byte | 0x20
                        length += 1
                        index += 1
                    case 0xC4 where index + 1 < bytes.count && bytes[index + 1] == 0xB0:
                        // "İ".lower() == "i\u{307}": the "i" joins the token, the dot ends it.
                        lowered[length] = UInt8(ascii: "i")
                        length += 1
                        finishToken()
                        index += 2
                    case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x84 && bytes[index + 2] == 0xAA:
                        lowered[length] = UInt8(ascii: "k")
                        length += 1
                        index += 3
                    default:
                        finishToken()
                        index += 1
                    }
                }
                finishToken()
            }
        }
    }

    /// The length of a longest common subsequence of `a` and `b`, by the standard dynamic
    /// program with one rolling row over the shorter sequence.
    private static func longestCommonSubsequenceLength(_ a: [Int32], _ b: [Int32]) -> Int {
        let (outer, inner) = a.count >= b.count ? (a, b) : (b, a)
        var row = Array(repeating: Int32(0), count: inner.count + 1)
        row.withUnsafeMutableBufferPointer { row in
            inner.withUnsafeBufferPointer { inner in
                for token in outer {
                    // `diagonal` is the previous row's value at j - 1, before it is overwritten.
                    var diagonal: Int32 = 0
                    for j in 1...inner.count {
                        let above = row[j]
                        row[j] = inner[j - 1] == token ? diagonal + 1 : max(above, row[j - 1])
                        diagonal = above
                    }
                }
            }
        }
        return Int(row[inner.count])
    }
}
