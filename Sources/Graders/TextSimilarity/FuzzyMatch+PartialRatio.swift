extension FuzzyMatch {
    /// `fuzz.partial_ratio`: the best `ratio` of the shorter sequence against any substring of the
    /// longer one that rapidfuzz (C++, 3.x) considers; in 0...100.
    ///
    /// Candidates are every full-length window of the longer sequence, its prefixes shorter than
    /// the needle and its suffixes up to the needle's length; with equal lengths, also the other
    /// way round. A result below `scoreCutoff` may be returned as 0, as rapidfuzz does.
    static func partialRatio(
        _ first: CharacterIDs, _ second: CharacterIDs, alphabetSize: Int, scoreCutoff: Double
    ) -> Double {
        let (needle, haystack) = first.count <= second.count ? (first, second) : (second, first)
        if scoreCutoff > 100 { return 0 }
        if needle.isEmpty { return haystack.isEmpty ? 100 : 0 }
        let score = partialRatioAlignment(needle, haystack, alphabetSize: alphabetSize, scoreCutoff: scoreCutoff)
        if score != 100 && needle.count == haystack.count {
            let reverse = partialRatioAlignment(
                haystack, needle, alphabetSize: alphabetSize, scoreCutoff: max(scoreCutoff, score))
            if reverse > score { return reverse }
        }
        return score
    }

    /// rapidfuzz's `partial_ratio_impl` for `needle.count <= haystack.count`, both non-empty.
    private static func partialRatioAlignment(
        _ needle: CharacterIDs, _ haystack: CharacterIDs, alphabetSize: Int, scoreCutoff: Double
    ) -> Double {
        let len1 = needle.count
        let len2 = haystack.count
        var cutoff = scoreCutoff
        var best = 0.0
        let masks = PatternMasks(needle, alphabetSize: alphabetSize)
        if len2 > len1 {
            let bestDistance = bestWindowDistance(masks, haystack, scoreCutoff: cutoff)
            if bestDistance == 0 { return 100 }
            let score = (1.0 - Double(bestDistance) / Double(2 * len1)) * 100
            if score >= cutoff {
                cutoff = score
                best = score
            }
        }
        // All prefixes haystack[..<i], i in 1..<len1, in one pass; a prefix can never score 100.
        if len1 > 1 {
            let prefixLCS = masks.lcsOfPrefixes(haystack[..<(len1 - 1)], count: len1 - 1)
            var prefixBest = 0.0
            for length in 1..<len1 {
                let maximum = len1 + length
                let score = Indel.normalizedSimilarity(distance: maximum - 2 * prefixLCS[length], maximum: maximum)
                prefixBest = max(prefixBest, score)
            }
            if prefixBest >= cutoff && prefixBest > best {
                cutoff = prefixBest
                best = prefixBest
            }
        }
        // All suffixes haystack[(len2 - k)...], k in 1...len1: the reversed pattern against the
        // reversed haystack gives the LCS of each suffix in one pass.
        let reversedMasks = PatternMasks(needle, alphabetSize: alphabetSize, reversed: true)
        let suffixLCS = reversedMasks.lcsOfPrefixes(haystack[(len2 - len1)...].reversed(), count: len1)
        var suffixBest = 0.0
        for length in 1...len1 {
            let maximum = len1 + length
            let score = Indel.normalizedSimilarity(distance: maximum - 2 * suffixLCS[length], maximum: maximum)
            suffixBest = max(suffixBest, score)
        }
        if suffixBest >= cutoff && suffixBest > best { best = suffixBest }
        return best
    }

    /// The smallest Indel distance between the needle behind `masks` and a full-length window
    /// `haystack[start..<start + len1]`, `start` in `0..<len2 - len1`, if below rapidfuzz's cutoff
    /// distance for `scoreCutoff`; `Int.max` otherwise.
    ///
    /// rapidfuzz's window bisection: shifting a window by one changes its distance by at most 2,
    /// so a range whose end points bound every inner distance above the best so far is skipped.
    private static func bestWindowDistance(
        _ masks: borrowing PatternMasks, _ haystack: CharacterIDs, scoreCutoff: Double
    ) -> Int {
        let len1 = masks.length
        let windowCount = haystack.count - len1
        let maximum = 2 * len1
        let normalizedCutoff = min(1.0, 1.0 - scoreCutoff / 100 + 0.00001)
        var cutoffDistance = Int((Double(maximum) * normalizedCutoff).rounded(.up))
        var bestDistance = Int.max
        var scores = [Int](repeating: .max, count: windowCount)
        var windows = [(0, windowCount - 1)]
        var nextWindows: [(Int, Int)] = []
        while !windows.isEmpty {
            for (low, high) in windows {
                for end in 0..<2 {
                    let start = end == 0 ? low : high
                    if scores[start] != .max { continue }
                    let distance = maximum - 2 * masks.lcs(CharacterIDs(rebasing: haystack[start..<(start + len1)]))
                    scores[start] = distance
                    if distance < cutoffDistance {
                        cutoffDistance = distance
                        bestDistance = distance
                        if distance == 0 { return 0 }
                    }
                }
                let cellDiff = high - low
                if cellDiff == 1 { continue }
                let knownEdits = abs(scores[low] - scores[high])
                let minScore = min(scores[low], scores[high]) - (cellDiff + knownEdits / 2)
                if minScore < cutoffDistance {
                    let center = cellDiff / 2
                    nextWindows.append((low, low + center))
                    nextWindows.append((low + center, high))
                }
            }
            swap(&windows, &nextWindows)
            nextWindows.removeAll(keepingCapacity: true)
        }
        return bestDistance
    }
}
