/// rapidfuzz's `fuzz.WRatio` (rapidfuzz 3.10.1, its C++ implementation), ported exactly: the
/// `fuzzy_match` text-similarity metric is `weightedRatio(input, reference) / 100`.
///
/// Texts are compared as Python `str`s are, by Unicode code point (never by `Character`); words
/// are split on Python whitespace, except that rapidfuzz does not split Latin-1-only strings on
/// U+0085 or U+00A0. Sub-scorers take rapidfuzz's `score_cutoff` and may return 0 for a score
/// below it, which never changes the weighted maximum.
enum FuzzyMatch {
    /// `rapidfuzz.fuzz.WRatio(first, second)`, in 0…100.
    static func weightedRatio(_ first: String, _ second: String) -> Double {
        // As in FuzzyWuzzy, an empty string scores 0, even against another empty string.
        if first.isEmpty || second.isEmpty { return 0 }
        let pair = EncodedPair(first, second)
        return pair.ids.withUnsafeBufferPointer { ids in weightedRatio(pair, ids) }
    }

    /// `WRatio` on the encoded pair: plain `ratio` when the lengths are alike, otherwise the
    /// partial scorers, scaled down by how much the lengths differ.
    private static func weightedRatio(_ pair: EncodedPair, _ ids: CharacterIDs) -> Double {
        let unbaseScale = 0.95
        let first = CharacterIDs(rebasing: ids[..<pair.firstLength])
        let second = CharacterIDs(rebasing: ids[pair.firstLength...])
        let len1 = first.count
        let len2 = second.count
        let lengthRatio = len1 > len2 ? Double(len1) / Double(len2) : Double(len2) / Double(len1)
        var endRatio = Indel.ratio(first, second, alphabetSize: pair.alphabetSize)
        if lengthRatio < 1.5 {
            let cutoff = endRatio / unbaseScale
            return max(endRatio, tokenRatio(pair, ids, scoreCutoff: cutoff) * unbaseScale)
        }
        let partialScale = lengthRatio < 8.0 ? 0.9 : 0.6
        var cutoff = endRatio / partialScale
        let partial = partialRatio(first, second, alphabetSize: pair.alphabetSize, scoreCutoff: cutoff)
        endRatio = max(endRatio, partial * partialScale)
        cutoff = max(cutoff, endRatio) / unbaseScale
        return max(endRatio, partialTokenRatio(pair, ids, scoreCutoff: cutoff) * unbaseScale * partialScale)
    }

    /// rapidfuzz's `token_ratio`: the better of `token_sort_ratio` and `token_set_ratio`.
    static func tokenRatio(_ pair: EncodedPair, _ ids: CharacterIDs, scoreCutoff: Double) -> Double {
        if scoreCutoff > 100 { return 0 }
        let sets = WordSets(pair, ids)
        if sets.sharedCount > 0 && (sets.onlyFirstCount == 0 || sets.onlySecondCount == 0) { return 100 }
        let alphabetSize = pair.alphabetSize
        return sets.storage.withUnsafeBufferPointer { storage in
            // token_sort_ratio: the sorted words, repeats kept, joined by spaces.
            let sorted1 = CharacterIDs(rebasing: storage[sets.sortedFirst])
            let sorted2 = CharacterIDs(rebasing: storage[sets.sortedSecond])
            var result = Indel.ratio(sorted1, sorted2, alphabetSize: alphabetSize)
            // token_set_ratio: "shared + only-first" against "shared + only-second"; only the
            // differences need an alignment, the shared part's cost follows from the lengths.
            let only1 = CharacterIDs(rebasing: storage[sets.onlyFirst])
            let only2 = CharacterIDs(rebasing: storage[sets.onlySecond])
            let sharedLength = sets.sharedLength
            let separator = sharedLength > 0 ? 1 : 0
            let sharedPlus1 = sharedLength + separator + only1.count
            let sharedPlus2 = sharedLength + separator + only2.count
            let distance = Indel.distance(only1, only2, alphabetSize: alphabetSize)
            result = max(result, normalizedDistanceScore(distance, sharedPlus1 + sharedPlus2))
            if sharedLength == 0 { return result }
            let shared1 = normalizedDistanceScore(separator + only1.count, sharedLength + sharedPlus1)
            let shared2 = normalizedDistanceScore(separator + only2.count, sharedLength + sharedPlus2)
            return max(result, shared1, shared2)
        }
    }

    /// rapidfuzz's `partial_token_ratio`: the better of `partial_token_sort_ratio` and
    /// `partial_token_set_ratio`; 100 as soon as the texts share a word.
    static func partialTokenRatio(_ pair: EncodedPair, _ ids: CharacterIDs, scoreCutoff: Double) -> Double {
        if scoreCutoff > 100 { return 0 }
        let sets = WordSets(pair, ids)
        if sets.sharedCount > 0 { return 100 }
        let alphabetSize = pair.alphabetSize
        return sets.storage.withUnsafeBufferPointer { storage in
            let sorted1 = CharacterIDs(rebasing: storage[sets.sortedFirst])
            let sorted2 = CharacterIDs(rebasing: storage[sets.sortedSecond])
            let result = partialRatio(sorted1, sorted2, alphabetSize: alphabetSize, scoreCutoff: scoreCutoff)
            // Without repeated words the distinct-word strings are the sorted strings again.
            if pair.firstWordCount == sets.onlyFirstCount && pair.secondWordCount == sets.onlySecondCount {
                return result
            }
            let only1 = CharacterIDs(rebasing: storage[sets.onlyFirst])
            let only2 = CharacterIDs(rebasing: storage[sets.onlySecond])
            let setCutoff = max(scoreCutoff, result)
            return max(result, partialRatio(only1, only2, alphabetSize: alphabetSize, scoreCutoff: setCutoff))
        }
    }

    /// rapidfuzz's `norm_distance`: `100 - 100 * distance / lengthSum` (100 for an empty sum).
    private static func normalizedDistanceScore(_ distance: Int, _ lengthSum: Int) -> Double {
        lengthSum > 0 ? 100.0 - 100.0 * Double(distance) / Double(lengthSum) : 100.0
    }
}
