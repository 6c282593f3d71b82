extension FuzzyMatch {
    /// Both texts' sorted words joined by spaces, and the words only one text has, joined:
    /// rapidfuzz's `sorted_split(…).join()` and `set_decomposition`, in one buffer.
    struct WordSets {
        /// All joined strings, at the ranges below.
        var storage: [UInt32] = []
        /// The first text's words in code point order, repeats kept, joined (`token_sort`).
        var sortedFirst = 0..<0
        /// The second text's words in code point order, repeats kept, joined.
        var sortedSecond = 0..<0
        /// The distinct words only the first text has, sorted and joined.
        var onlyFirst = 0..<0
        /// The distinct words only the second text has, sorted and joined.
        var onlySecond = 0..<0
        /// The number of distinct words only the first text has.
        var onlyFirstCount = 0
        /// The number of distinct words only the second text has.
        var onlySecondCount = 0
        /// The number of distinct words both texts have.
        var sharedCount = 0
        /// The length of the shared words joined by spaces.
        var sharedLength = 0

        /// Joins and decomposes the words of `pair`, whose ids are `ids`.
        init(_ pair: EncodedPair, _ ids: CharacterIDs) {
            let space = pair.spaceID
            pair.words.withUnsafeBufferPointer { words in
                let words1 = UnsafeBufferPointer(rebasing: words[..<pair.firstWordCount])
                let words2 = UnsafeBufferPointer(rebasing: words[pair.firstWordCount...])
                let length1 = Self.joinedLength(words1)
                let length2 = Self.joinedLength(words2)
                // The only-first and only-second strings are no longer than the sorted ones.
                let capacity = 2 * (length1 + length2)
                storage = [UInt32](unsafeUninitializedCapacity: capacity) { out, count in
                    var position = 0
                    for word in words1 { Self.append(word, from: ids, to: out, at: &position, start: 0, space: space) }
                    sortedFirst = 0..<position
                    for word in words2 {
                        Self.append(word, from: ids, to: out, at: &position, start: length1, space: space)
                    }
                    sortedSecond = length1..<position
                    var only1 = position
                    var only2 = position + length1
                    // Both lists are sorted, so a merge finds the shared words; repeats count once.
                    var index1 = 0
                    var index2 = 0
                    while index1 < words1.count || index2 < words2.count {
                        let order: Int
                        if index1 == words1.count {
                            order = 1
                        } else if index2 == words2.count {
                            order = -1
                        } else {
                            order = Word.compare(ids, words1[index1], words2[index2])
                        }
                        if order <= 0 {
                            let word = words1[index1]
                            if order == 0 {
                                sharedLength += (sharedCount > 0 ? 1 : 0) + word.count
                                sharedCount += 1
                            } else {
                                let start = length1 + length2
                                Self.append(word, from: ids, to: out, at: &only1, start: start, space: space)
                                onlyFirstCount += 1
                            }
                            index1 = Self.skipRepeats(of: word, in: words1, from: index1, ids)
                        }
                        if order >= 0 {
                            let word = words2[index2]
                            if order > 0 {
                                let start = 2 * length1 + length2
                                Self.append(word, from: ids, to: out, at: &only2, start: start, space: space)
                                onlySecondCount += 1
                            }
                            index2 = Self.skipRepeats(of: word, in: words2, from: index2, ids)
                        }
                    }
                    onlyFirst = (length1 + length2)..<only1
                    onlySecond = (2 * length1 + length2)..<only2
                    // Everything up to `count` must be initialised: zero the room only-first left unused.
                    if onlySecond.lowerBound > only1 {
                        (out.baseAddress! + only1).initialize(repeating: 0, count: onlySecond.lowerBound - only1)
                    }
                    count = onlySecond.upperBound
                }
            }
        }

        /// Copies `word` to `out` at `position`, after a space unless `position` is `start`.
        @inline(__always)
        private static func append(
            _ word: Word, from ids: CharacterIDs, to out: UnsafeMutableBufferPointer<UInt32>,
            at position: inout Int, start: Int, space: UInt32
        ) {
            if position > start {
                out[position] = space
                position += 1
            }
            (out.baseAddress! + position).initialize(from: ids.baseAddress! + word.start, count: word.count)
            position += word.count
        }

        /// The index of the first word after `index` that differs from `word`.
        private static func skipRepeats(
            of word: Word, in words: UnsafeBufferPointer<Word>, from index: Int, _ ids: CharacterIDs
        ) -> Int {
            var next = index + 1
            while next < words.count && Word.compare(ids, words[next], word) == 0 { next += 1 }
            return next
        }

        /// The length of `words` joined with single spaces.
        static func joinedLength(_ words: UnsafeBufferPointer<Word>) -> Int {
            words.isEmpty ? 0 : words.reduce(words.count - 1) { $0 + $1.count }
        }
    }
}
