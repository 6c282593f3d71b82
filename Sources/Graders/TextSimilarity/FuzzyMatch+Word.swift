extension FuzzyMatch {
    /// A word of a text: the half-open range `start..<end` of its character ids.
    struct Word {
        /// Index of the word's first character in `EncodedPair.ids`.
        var lower: UInt32
        /// Index one past the word's last character.
        var upper: UInt32
        /// The word's first code points packed big-endian, 9 bits each, as `code + 1` (0 past the
        /// end), at most `keyLength` of them and none after one ≥ U+00FF (packed as 256), then one
        /// bit set if they are not the whole word: ordering keys orders words, and equal keys are
        /// equal words unless that bit is set.
        var sortKey: UInt64

        /// Code points per sort key.
        static var keyLength: Int { 7 }

        /// The high bit of each of the `keyLength` 9-bit fields, set only by a clamped code point.
        private static var clampedBits: UInt64 { 0x4020_1008_0402_0100 }

        /// The word `start..<end` with the `keyCount` code points packed in `key` (right-aligned).
        init(start: Int, end: Int, key: UInt64, keyCount: Int) {
            lower = UInt32(start)
            upper = UInt32(end)
            let aligned = key &<< UInt64(9 * (Self.keyLength - keyCount))
            let partial = end - start > Self.keyLength || aligned & Self.clampedBits != 0
            sortKey = aligned &<< 1 | (partial ? 1 : 0)
        }

        /// The word `start..<end` of `codes` (code points), its key computed from them.
        init(start: Int, end: Int, codes: UnsafeMutableBufferPointer<UInt32>) {
            var key: UInt64 = 0
            var keyCount = 0
            var index = start
            while index < end && keyCount < Self.keyLength {
                Self.pack(codes[index], into: &key, count: &keyCount)
                index += 1
            }
            self.init(start: start, end: end, key: key, keyCount: keyCount)
        }

        /// Packs `code` into `key`, which holds `count < keyLength` code points.
        @inline(__always)
        static func pack(_ code: UInt32, into key: inout UInt64, count: inout Int) {
            let clamped = min(code, 0xFF)
            key = key &<< 9 | UInt64(clamped + 1)
            count += 1
            if clamped == 0xFF {
                // Code points after one the key cannot tell apart would misorder words: close it.
                key = key &<< UInt64(9 * (keyLength - count))
                count = keyLength
            }
        }

        /// Index of the word's first character in `EncodedPair.ids`.
        var start: Int { Int(lower) }
        /// Index one past the word's last character.
        var end: Int { Int(upper) }
        /// The number of characters in the word.
        var count: Int { Int(upper &- lower) }

        /// Compares words `x` and `y` of `ids` lexicographically by code point: -1, 0 or 1.
        @inline(__always)
        static func compare(_ ids: CharacterIDs, _ x: Word, _ y: Word) -> Int {
            if x.sortKey != y.sortKey { return x.sortKey < y.sortKey ? -1 : 1 }
            if x.sortKey & 1 == 0 { return 0 }
            let common = min(x.count, y.count)
            var offset = 0
            while offset < common {
                let a = ids[x.start + offset]
                let b = ids[y.start + offset]
                if a != b { return a < b ? -1 : 1 }
                offset += 1
            }
            return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
        }

        /// Whether `x` sorts before `y` (both of `ids`).
        @inline(__always)
        static func precedes(_ x: Word, _ y: Word, _ ids: CharacterIDs) -> Bool {
            x.sortKey != y.sortKey ? x.sortKey < y.sortKey : compare(ids, x, y) < 0
        }

        /// Sorts `words` (of `ids`) in code point order: insertion sort of short runs, then
        /// bottom-up merges; the sort keys settle nearly every comparison.
        static func sort(_ words: UnsafeMutableBufferPointer<Word>, _ ids: CharacterIDs) {
            let count = words.count
            let run = 8
            guard let base = words.baseAddress, count > 1 else { return }
            for start in stride(from: 0, to: count, by: run) {
                insertionSort(base, start..<min(start + run, count), ids)
            }
            if count <= run { return }
            withUnsafeTemporaryAllocation(of: Word.self, capacity: count) { scratch in
                var source = base
                var target = scratch.baseAddress!
                var width = run
                while width < count {
                    for low in stride(from: 0, to: count, by: 2 * width) {
                        merge(source, low, min(low + width, count), min(low + 2 * width, count), into: target, ids)
                    }
                    swap(&source, &target)
                    width *= 2
                }
                if source != base { base.update(from: source, count: count) }
            }
        }

        /// Sorts `words[range]` by insertion.
        private static func insertionSort(
            _ words: UnsafeMutablePointer<Word>, _ range: Range<Int>, _ ids: CharacterIDs
        ) {
            for index in range.dropFirst() {
                let word = words[index]
                var slot = index
                while slot > range.lowerBound && precedes(word, words[slot - 1], ids) {
                    words[slot] = words[slot - 1]
                    slot -= 1
                }
                words[slot] = word
            }
        }

        /// Merges the sorted `source[low..<middle]` and `source[middle..<high]` into
        /// `target[low..<high]`, stably.
        private static func merge(
            _ source: UnsafeMutablePointer<Word>, _ low: Int, _ middle: Int, _ high: Int,
            into target: UnsafeMutablePointer<Word>, _ ids: CharacterIDs
        ) {
            var left = low
            var right = middle
            for slot in low..<high {
                let takeRight = left == middle || (right < high && precedes(source[right], source[left], ids))
                (target + slot).initialize(to: source[takeRight ? right : left])
                if takeRight { right += 1 } else { left += 1 }
            }
        }
    }
}
