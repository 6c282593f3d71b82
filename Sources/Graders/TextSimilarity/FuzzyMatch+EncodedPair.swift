extension FuzzyMatch {
    /// Two texts as one buffer of dense character ids, with their words sorted.
    ///
    /// Ids are assigned in code point order (so comparing ids compares code points, as Python and
    /// rapidfuzz sort words) and are dense (`0..<alphabetSize`), so the bit-parallel LCS can index
    /// its match masks by id instead of hashing code points. One buffer for both texts keeps the
    /// allocations per comparison few.
    struct EncodedPair {
        /// The first text's character ids, then the second's.
        var ids: [UInt32] = []
        /// How many of `ids` are the first text's.
        var firstLength = 0
        /// The first text's words, then the second's, each text's in code point order (repeats kept).
        var words: [Word] = []
        /// How many of `words` are the first text's.
        var firstWordCount = 0
        /// How many of `words` are the second text's.
        var secondWordCount: Int { words.count - firstWordCount }
        /// One more than the largest id used; U+0020 always has an id, for joining words.
        var alphabetSize = 0
        /// The id of U+0020 SPACE.
        var spaceID: UInt32 = 0

        /// Encodes `first` and `second` by Unicode scalar (Python `str` code points).
        init(_ first: String, _ second: String) {
            var first = first
            var second = second
            var large: [UInt32] = []
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 256) { table in
                // First the code points < 256 present (as 1s) and the others (in `large`), ...
                table.initialize(repeating: 0)
                table[0x20] = 1
                first.withUTF8 { bytes1 in
                    second.withUTF8 { bytes2 in
                        // A word takes at least two bytes, but for the last one.
                        let wordCapacity = bytes1.count / 2 + bytes2.count / 2 + 2
                        var length1 = 0
                        var wordCount1 = 0
                        ids = [UInt32](unsafeUninitializedCapacity: bytes1.count + bytes2.count) { buffer, count in
                            words = [Word](unsafeUninitializedCapacity: wordCapacity) { wordBuffer, wordCount in
                                (length1, wordCount1) = Self.decode(
                                    bytes1, into: buffer, at: 0, words: wordBuffer, at: 0, marking: table,
                                    large: &large)
                                (count, wordCount) = Self.decode(
                                    bytes2, into: buffer, at: length1, words: wordBuffer, at: wordCount1,
                                    marking: table, large: &large)
                            }
                        }
                        firstLength = length1
                        firstWordCount = wordCount1
                    }
                }
                // ... then ids in code point order.
                var smallCount: UInt32 = 0
                for code in 0..<256 where table[code] != 0 {
                    table[code] = smallCount
                    smallCount += 1
                }
                if !large.isEmpty { large = Self.sortedUnique(large) }
                alphabetSize = Int(smallCount) + large.count
                spaceID = table[0x20]
                IDTable(small: table, large: large, smallCount: smallCount).encode(&ids)
            }
            ids.withUnsafeBufferPointer { ids in
                words.withUnsafeMutableBufferPointer { words in
                    Word.sort(UnsafeMutableBufferPointer(rebasing: words[..<firstWordCount]), ids)
                    Word.sort(UnsafeMutableBufferPointer(rebasing: words[firstWordCount...]), ids)
                }
            }
        }

        /// Decodes `bytes` into `buffer` from `offset` and its words into `words` from `wordOffset`
        /// (positions in the pair), marking each code point < 256 in `table` and appending the
        /// others to `large`; returns both end offsets.
        ///
        /// Words split like rapidfuzz's C++ `sorted_split`: it gets CPython's string storage as
        /// is, and for 1-byte (Latin-1) strings its `is_space` omits U+0085 and U+00A0.
        private static func decode(
            _ bytes: UnsafeBufferPointer<UInt8>, into buffer: UnsafeMutableBufferPointer<UInt32>, at offset: Int,
            words: UnsafeMutableBufferPointer<Word>, at wordOffset: Int,
            marking table: UnsafeMutableBufferPointer<UInt32>, large: inout [UInt32]
        ) -> (Int, Int) {
            var wide = false
            var latin1Space = false
            var index = 0
            var position = offset
            var wordCount = wordOffset
            var wordStart = -1
            var key: UInt64 = 0
            var keyCount = 0
            while index < bytes.count {
                let code = decodeScalar(bytes, at: &index)
                let isSpace: Bool
                if code < 0x80 {
                    table[Int(code)] = 1
                    isSpace = (0x09...0x0D).contains(code) || (0x1C...0x20).contains(code)
                } else if code < 0x100 {
                    table[Int(code)] = 1
                    latin1Space = latin1Space || code == 0x85 || code == 0xA0
                    isSpace = false
                } else {
                    large.append(code)
                    wide = true
                    isSpace = Unicode.Scalar(code)?.isPythonWhitespace ?? false
                }
                if isSpace {
                    if wordStart >= 0 {
                        words[wordCount] = Word(start: wordStart, end: position, key: key, keyCount: keyCount)
                        wordCount += 1
                        wordStart = -1
                    }
                } else {
                    if wordStart < 0 {
                        wordStart = position
                        key = 0
                        keyCount = 0
                    }
                    if keyCount < Word.keyLength { Word.pack(code, into: &key, count: &keyCount) }
                }
                buffer[position] = code
                position += 1
            }
            if wordStart >= 0 {
                words[wordCount] = Word(start: wordStart, end: position, key: key, keyCount: keyCount)
                wordCount += 1
            }
            if wide && latin1Space {
                // A wider string also splits on U+0085 and U+00A0: split again (rare).
                wordCount = wordOffset
                wordStart = -1
                for index in offset..<position {
                    if Unicode.Scalar(buffer[index])?.isPythonWhitespace ?? false {
                        if wordStart >= 0 {
                            words[wordCount] = Word(start: wordStart, end: index, codes: buffer)
                            wordCount += 1
                            wordStart = -1
                        }
                    } else if wordStart < 0 {
                        wordStart = index
                    }
                }
                if wordStart >= 0 {
                    words[wordCount] = Word(start: wordStart, end: position, codes: buffer)
                    wordCount += 1
                }
            }
            return (position, wordCount)
        }

        /// Decodes the scalar at `index` of well-formed UTF-8 (as a `String` holds) and advances.
        @inline(__always)
        private static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: inout Int) -> UInt32 {
            let lead = UInt32(bytes[index])
            if lead < 0x80 {
                index += 1
                return lead
            }
            let second = UInt32(bytes[index + 1] & 0x3F)
            if lead < 0xE0 {
                index += 2
                return (lead & 0x1F) << 6 | second
            }
            let third = UInt32(bytes[index + 2] & 0x3F)
            if lead < 0xF0 {
                index += 3
                return (lead & 0x0F) << 12 | second << 6 | third
            }
            let fourth = UInt32(bytes[index + 3] & 0x3F)
            index += 4
            return (lead & 0x07) << 18 | second << 12 | third << 6 | fourth
        }

        /// `codes` sorted, without repeats.
        private static func sortedUnique(_ codes: [UInt32]) -> [UInt32] {
            var unique: [UInt32] = []
            for code in codes.sorted() where unique.last != code { unique.append(code) }
            return unique
        }
    }

    /// The code point → id map of an `EncodedPair` under construction.
    private struct IDTable {
        /// Ids of the code points < 256 (only those present are meaningful).
        let small: UnsafeMutableBufferPointer<UInt32>
        /// The code points ≥ 256 present, sorted; their ids follow the small ones.
        let large: [UInt32]
        /// The number of distinct code points < 256.
        let smallCount: UInt32

        /// The id of `code`, which must be present.
        @inline(__always)
        func id(of code: UInt32) -> UInt32 {
            if code < 256 { return small[Int(code)] }
            // Binary search: code points above U+00FF are rare enough not to need a table.
            var low = 0
            var high = large.count
            while low < high {
                let middle = (low + high) / 2
                if large[middle] < code { low = middle + 1 } else { high = middle }
            }
            return smallCount + UInt32(low)
        }

        /// Replaces the code points in `ids` by their ids.
        func encode(_ ids: inout [UInt32]) {
            ids.withUnsafeMutableBufferPointer { codes in
                for index in codes.indices { codes[index] = id(of: codes[index]) }
            }
        }
    }
}
