/// Two token sequences (a hypothesis and a reference) as integer IDs from one
/// ``TokenInterner``, so that equal tokens (equal code points) have equal IDs on both sides.
struct InternedPair {
    /// The first sequence's IDs, then the second's.
    let ids: [Int32]
    /// How many of ``ids`` belong to the first sequence.
    let split: Int
    /// The number of distinct tokens (every ID is below it).
    let vocabulary: Int

    /// The length of the second sequence.
    var secondCount: Int { ids.count - split }

    /// Interns already split tokens.
    init(first: [String], second: [String]) {
        var interner = TokenInterner(expectedTokens: first.count + second.count)
        var ids: [Int32] = []
        ids.reserveCapacity(first.count + second.count)
        for token in first { ids.append(interner.intern(token)) }
        for token in second { ids.append(interner.intern(token)) }
        self.ids = ids
        split = first.count
        vocabulary = interner.count
    }

    /// Interns the tokens of two texts split as by Python's `str.split()`
    /// (``PythonWhitespaceTokenizer``), without creating the token strings.
    init(firstText: String, secondText: String) {
        var interner = TokenInterner(expectedTokens: (firstText.utf8.count + secondText.utf8.count) / 4)
        var ids: [Int32] = []
        PythonWhitespaceTokenizer.internTokens(of: firstText, into: &interner, appendingTo: &ids)
        split = ids.count
        PythonWhitespaceTokenizer.internTokens(of: secondText, into: &interner, appendingTo: &ids)
        self.ids = ids
        vocabulary = interner.count
    }

    /// The clipped n-gram overlap of the two sequences for orders 1…`maxOrder`
    /// (``NGramOverlap/clippedCounts(tokens:split:vocabulary:maxOrder:)``).
    func clippedCounts(maxOrder: Int) -> [Int] {
        NGramOverlap.clippedCounts(tokens: ids, split: split, vocabulary: vocabulary, maxOrder: maxOrder)
    }
}
