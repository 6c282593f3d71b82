extension FuzzyMatch {
    /// A read-only buffer of dense character ids (see `EncodedPair`).
    typealias CharacterIDs = UnsafeBufferPointer<UInt32>

    /// The Indel distance (insertions and deletions, no substitutions) and the longest common
    /// subsequence it derives from: `distance = len1 + len2 - 2 * LCS`.
    ///
    /// The LCS uses Hyyrö's bit-parallel algorithm, 64 characters of the pattern per machine word,
    /// as rapidfuzz does; every result here is exact.
    enum Indel {
        /// The Indel distance between `first` and `second`.
        static func distance(_ first: CharacterIDs, _ second: CharacterIDs, alphabetSize: Int) -> Int {
            first.count + second.count - 2 * longestCommonSubsequence(first, second, alphabetSize: alphabetSize)
        }

        /// `fuzz.ratio`: the normalised Indel similarity `(1 - distance / (len1 + len2)) * 100`,
        /// computed as rapidfuzz computes it (100 for two empty sequences).
        static func ratio(_ first: CharacterIDs, _ second: CharacterIDs, alphabetSize: Int) -> Double {
            let maximum = first.count + second.count
            if maximum == 0 { return 100 }
            let distance = distance(first, second, alphabetSize: alphabetSize)
            return normalizedSimilarity(distance: distance, maximum: maximum)
        }

        /// rapidfuzz's `(1.0 - dist / maximum) * 100`, in that order of floating-point operations.
        @inline(__always)
        static func normalizedSimilarity(distance: Int, maximum: Int) -> Double {
            (1.0 - Double(distance) / Double(maximum)) * 100
        }

        /// The length of the longest common subsequence of `first` and `second`.
        static func longestCommonSubsequence(_ first: CharacterIDs, _ second: CharacterIDs, alphabetSize: Int) -> Int {
            // A common prefix and suffix are always part of an LCS; stripping them is rapidfuzz's fast path too.
            let shortest = min(first.count, second.count)
            var prefix = 0
            while prefix < shortest && first[prefix] == second[prefix] { prefix += 1 }
            var suffix = 0
            while suffix < shortest - prefix && first[first.count - 1 - suffix] == second[second.count - 1 - suffix] {
                suffix += 1
            }
            let rest1 = CharacterIDs(rebasing: first[prefix..<(first.count - suffix)])
            let rest2 = CharacterIDs(rebasing: second[prefix..<(second.count - suffix)])
            if rest1.isEmpty || rest2.isEmpty { return prefix + suffix }
            let (pattern, text) = rest1.count <= rest2.count ? (rest1, rest2) : (rest2, rest1)
            let blocks = (pattern.count + 63) / 64
            let core = withUnsafeTemporaryAllocation(of: UInt64.self, capacity: alphabetSize * blocks) { masks in
                PatternMasks.fill(masks, with: pattern, blocks: blocks, reversed: false)
                return PatternMasks.lcs(masks: UnsafePointer(masks.baseAddress!), blocks: blocks, text: text)
            }
            return prefix + suffix + core
        }
    }
}
