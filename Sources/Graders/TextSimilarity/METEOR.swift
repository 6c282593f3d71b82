import Foundation

/// nltk 3.9.1's `meteor_score([reference], hypothesis)` (`nltk/translate/meteor_score.py`) with its
/// defaults: `preprocess=str.lower`, `PorterStemmer()`, WordNet 3.0, alpha 0.9, beta 3, gamma 0.5.
///
/// Words are aligned in three stages, each on what the previous left unmatched: equal lowercased
/// words, then equal Porter stems, then WordNet synonyms. As in nltk, the synonym stage sees the
/// *stems* the second stage produced, each stage walks the hypothesis from its last word to its
/// first and pairs it with the last still unmatched reference word that fits, and strings compare
/// by code points.
enum METEOR {
    /// Relative weight of precision against recall in the harmonic mean.
    static let alpha = 0.9
    /// Shape of the fragmentation penalty.
    static let beta = 3.0
    /// Weight of the fragmentation penalty.
    static let gamma = 0.5

    /// The METEOR score of `hypothesis` against one `reference`, both already tokenized (the text
    /// split with Python's `str.split()`); 0 when nothing matches or either side is empty.
    static func score(reference: [String], hypothesis: [String], wordNet: WordNet) -> Double {
        // nltk's meteor_score is the max over references of single_meteor_score; with one
        // reference it is that reference's score.
        var hypothesisBytes = 0
        var longestToken = 0
        for token in hypothesis {
            hypothesisBytes += token.utf8.count
            longestToken = max(longestToken, token.utf8.count)
        }
        var referenceBytes = 0
        for token in reference {
            referenceBytes += token.utf8.count
            longestToken = max(longestToken, token.utf8.count)
        }
        // Lowercasing at most grows UTF-8 by half; a word has no more code points than bytes.
        let scratchCount = 2 * longestToken + PorterStemmer.headroom
        var arena = Arena(byteCount:
            2 * WordList.size(count: hypothesis.count, byteCount: 2 * hypothesisBytes)
            + 2 * WordList.size(count: reference.count, byteCount: 2 * referenceBytes)
            + Alignment.size(hypothesisCount: hypothesis.count, referenceCount: reference.count, runs: wordNet.maximumRuns)
            + Arena.size(of: UInt32.self, count: scratchCount))
        defer { arena.deallocate() }

        let hypothesisWords = WordList(lowercasing: hypothesis, byteCount: hypothesisBytes, arena: &arena)
        let referenceWords = WordList(lowercasing: reference, byteCount: referenceBytes, arena: &arena)
        var alignment = Alignment(
            hypothesisCount: hypothesis.count, referenceCount: reference.count, runs: wordNet.maximumRuns, arena: &arena)
        alignment.matchEqual(hypothesisWords, referenceWords)
        guard alignment.hasUnmatchedPairs else { return alignment.score() }

        // `_enum_stem_match` stems only what is left; the stems replace the words for the
        // synonym stage too.
        let scratch = UnsafeMutableBufferPointer(
            start: arena.take(UInt32.self, count: scratchCount, initializedTo: 0), count: scratchCount)
        let hypothesisStems = hypothesisWords.stems(where: { alignment.referenceOf[$0] < 0 }, scratch: scratch, arena: &arena)
        let referenceStems = referenceWords.stems(where: { !alignment.referenceMatched[$0] }, scratch: scratch, arena: &arena)
        alignment.matchEqual(hypothesisStems, referenceStems)
        alignment.matchSynonyms(hypothesisStems, referenceStems, wordNet: wordNet)
        return alignment.score()
    }

    /// Which hypothesis word is matched to which reference word, built stage by stage, in the
    /// call's `Arena`.
    struct Alignment {
        /// The number of hypothesis words.
        let hypothesisCount: Int
        /// The number of reference words.
        let referenceCount: Int
        /// For each hypothesis word, the index of its reference word, or -1.
        let referenceOf: UnsafeMutablePointer<Int>
        /// Whether each reference word is matched.
        let referenceMatched: UnsafeMutablePointer<Bool>
        /// Working space: the unmatched reference positions, ascending.
        private let unmatched: UnsafeMutablePointer<Int>
        /// Working space: the lemma-name ids of the words at `unmatched` (-1: none).
        private let lemmaIDs: UnsafeMutablePointer<Int32>
        /// Working space: the synonym runs of one hypothesis word.
        private let runs: UnsafeMutablePointer<Range<Int>>
        /// Room in `runs` (`WordNet.maximumRuns`).
        private let runCapacity: Int
        /// The number of matches so far.
        private(set) var matchCount = 0

        /// The arena bytes an alignment takes.
        static func size(hypothesisCount: Int, referenceCount: Int, runs: Int) -> Int {
            Arena.size(of: Int.self, count: hypothesisCount) + Arena.size(of: Bool.self, count: referenceCount)
                + Arena.size(of: Int.self, count: referenceCount) + Arena.size(of: Int32.self, count: referenceCount)
                + Arena.size(of: Range<Int>.self, count: runs)
        }

        /// No matches yet.
        init(hypothesisCount: Int, referenceCount: Int, runs: Int, arena: inout Arena) {
            self.hypothesisCount = hypothesisCount
            self.referenceCount = referenceCount
            referenceOf = arena.take(Int.self, count: hypothesisCount, initializedTo: -1)
            referenceMatched = arena.take(Bool.self, count: referenceCount, initializedTo: false)
            unmatched = arena.take(Int.self, count: referenceCount, initializedTo: 0)
            lemmaIDs = arena.take(Int32.self, count: referenceCount, initializedTo: 0)
            self.runs = arena.take(Range<Int>.self, count: runs, initializedTo: 0..<0)
            runCapacity = runs
        }

        /// Whether both sides still have unmatched words.
        var hasUnmatchedPairs: Bool {
            matchCount < hypothesisCount && matchCount < referenceCount
        }

        /// Records a match and takes both words out of play.
        @inline(__always)
        private mutating func match(_ hypothesisIndex: Int, _ referenceIndex: Int) {
            referenceOf[hypothesisIndex] = referenceIndex
            referenceMatched[referenceIndex] = true
            matchCount += 1
        }

        /// Fills `unmatched` with the unmatched reference positions, ascending (the order of
        /// nltk's shrinking list), and returns how many there are.
        private func collectUnmatched() -> Int {
            var count = 0
            for j in 0..<referenceCount where !referenceMatched[j] {
                unmatched[count] = j
                count += 1
            }
            return count
        }

        /// Removes entry `k` of the first `count` of `list`.
        @inline(__always)
        private static func remove<T>(_ k: Int, from list: UnsafeMutablePointer<T>, count: Int) {
            (list + k).update(from: list + k + 1, count: count - k - 1)
        }

        /// nltk's `_match_enums`: for each unmatched hypothesis word from the last, the last
        /// unmatched reference word equal to it (by code points).
        mutating func matchEqual(_ hypothesis: WordList, _ reference: WordList) {
            guard hasUnmatchedPairs else { return }
            var unmatchedCount = collectUnmatched()
            if unmatchedCount * (hypothesisCount - matchCount) > 4096 {
                matchEqualHashed(hypothesis, reference, unmatchedCount: unmatchedCount)
                return
            }
            for i in (0..<hypothesisCount).reversed() where referenceOf[i] < 0 {
                let key = hypothesis.keys[i]
                var k = unmatchedCount - 1
                while k >= 0 {
                    let j = unmatched[k]
                    if reference.keys[j] == key, hypothesis.word(i, equals: j, of: reference) {
                        match(i, j)
                        Self.remove(k, from: unmatched, count: unmatchedCount)
                        unmatchedCount -= 1
                        break
                    }
                    k -= 1
                }
                if unmatchedCount == 0 { return }
            }
        }

        /// `matchEqual` for long texts: the same pairing through a table of each key's unmatched
        /// reference positions (ascending, so the last equal one is the one nltk's backward scan
        /// meets first; equal keys of unequal words are told apart by comparing the words).
        private mutating func matchEqualHashed(_ hypothesis: WordList, _ reference: WordList, unmatchedCount: Int) {
            var positions: [UInt64: [Int]] = [:]
            for k in 0..<unmatchedCount {
                positions[reference.keys[unmatched[k]], default: []].append(unmatched[k])
            }
            for i in (0..<hypothesisCount).reversed() where referenceOf[i] < 0 {
                let key = hypothesis.keys[i]
                guard let candidates = positions[key],
                      let last = candidates.lastIndex(where: { hypothesis.word(i, equals: $0, of: reference) })
                else { continue }
                match(i, candidates[last])
                positions[key]!.remove(at: last)
            }
        }

        /// nltk's `_enum_wordnetsyn_match`: for each unmatched hypothesis word from the last, the
        /// last unmatched reference word among its WordNet synonyms or equal to it.
        mutating func matchSynonyms(_ hypothesis: WordList, _ reference: WordList, wordNet: WordNet) {
            guard hasUnmatchedPairs else { return }
            var unmatchedCount = collectUnmatched()
            for k in 0..<unmatchedCount {
                lemmaIDs[k] = wordNet.names.find(reference.word(unmatched[k])) ?? -1
            }
            for i in (0..<hypothesisCount).reversed() where referenceOf[i] < 0 {
                // nltk still looks up synonyms when no reference word is left; nothing can match.
                if unmatchedCount == 0 { return }
                // `synsets` lowercases its argument; a Porter stem is already lowercase.
                var runCount = 0
                wordNet.collectSynonyms(of: hypothesis.word(i)) { run in
                    precondition(runCount < runCapacity)
                    runs[runCount] = run
                    runCount += 1
                }
                let synonymRuns = UnsafeBufferPointer(start: runs, count: runCount)
                var k = unmatchedCount - 1
                while k >= 0 {
                    let j = unmatched[k]
                    if (lemmaIDs[k] >= 0 && runCount > 0 && wordNet.synonymsContain(synonymRuns, lemmaIDs[k]))
                        || hypothesis.word(i, equals: j, of: reference) {
                        match(i, j)
                        Self.remove(k, from: unmatched, count: unmatchedCount)
                        Self.remove(k, from: lemmaIDs, count: unmatchedCount)
                        unmatchedCount -= 1
                        break
                    }
                    k -= 1
                }
            }
        }

        /// nltk's `_count_chunks` over the matches sorted by hypothesis position: one chunk plus
        /// one per break in adjacency on either side.
        func chunkCount() -> Int {
            var chunks = 0
            var previous = (-2, -2)
            for i in 0..<hypothesisCount where referenceOf[i] >= 0 {
                let j = referenceOf[i]
                if !(i == previous.0 + 1 && j == previous.1 + 1) { chunks += 1 }
                previous = (i, j)
            }
            return chunks
        }

        /// `single_meteor_score`'s formula; 0 where nltk's divisions by zero make it return 0.
        func score() -> Double {
            guard matchCount > 0 else { return 0 }
            let matches = Double(matchCount)
            let precision = matches / Double(hypothesisCount)
            let recall = matches / Double(referenceCount)
            let fmean = (precision * recall) / (alpha * precision + (1 - alpha) * recall)
            let fragmentation = Double(chunkCount()) / matches
            let penalty = gamma * pow(fragmentation, beta)
            return (1 - penalty) * fmean
        }
    }
}
