extension METEOR {
    /// The words of one side of a pair as UTF-8 in one buffer of the call's `Arena`, each with a
    /// short key, so that the stages compare them byte for byte (code point for code point, as
    /// Python compares `str`) without a `String` per word. A view: valid until the arena is freed.
    struct WordList {
        /// The words, back to back.
        let bytes: UnsafeMutablePointer<UInt8>
        /// Where each word ends in `bytes` (word `i` starts where word `i - 1` ends).
        let ends: UnsafeMutablePointer<Int>
        /// Each word's `key`.
        let keys: UnsafeMutablePointer<UInt64>
        /// The number of words.
        let count: Int

        /// The arena bytes a list of `count` words of `byteCount` UTF-8 bytes in all takes, for
        /// its lowercase or its stems: Python's `lower` at most grows UTF-8 by half (`İ`), and
        /// stems are never longer than their words.
        static func size(count: Int, byteCount: Int) -> Int {
            Arena.size(of: UInt8.self, count: 2 * byteCount + 16) + Arena.size(of: Int.self, count: count)
                + Arena.size(of: UInt64.self, count: count)
        }

        /// Room for `count` words of at most `byteCount` bytes in all.
        private init(count: Int, byteCount: Int, arena: inout Arena) {
            bytes = arena.take(UInt8.self, count: 2 * byteCount + 16, initializedTo: 0)
            ends = arena.take(Int.self, count: count, initializedTo: 0)
            keys = arena.take(UInt64.self, count: count, initializedTo: 0)
            self.count = count
        }

        /// `[token.lower() for token in tokens]` (METEOR's `preprocess=str.lower`); `byteCount`
        /// is the tokens' total UTF-8 length.
        init(lowercasing tokens: [String], byteCount: Int, arena: inout Arena) {
            self.init(count: tokens.count, byteCount: byteCount, arena: &arena)
            var position = 0
            for index in tokens.indices {
                let output = bytes + position
                // Fast path: ASCII, lowercased eight bytes at a time.
                var key = tokens[index].utf8.withContiguousStorageIfAvailable { Self.lowercaseASCII($0, into: output) }
                if key == nil {
                    var copy = tokens[index]
                    key = copy.withUTF8 { Self.lowercaseASCII($0, into: output) }
                }
                var length = tokens[index].utf8.count
                if key == Self.nonASCII {
                    // Python's `str.lower()` may change the length in UTF-8 (İ, Ⱥ, …).
                    length = 0
                    for byte in PythonLowercase.lower(tokens[index]).utf8 {
                        output[length] = byte
                        length += 1
                    }
                    key = Self.key(UnsafeBufferPointer(start: output, count: length))
                }
                keys[index] = key ?? 0
                position += length
                ends[index] = position
            }
        }

        /// What `lowercaseASCII(_:into:)` returns for text that is not ASCII.
        private static let nonASCII: UInt64 = 0x8080_8080_8080_8080

        /// Writes the lowercase of ASCII `utf8` to `output` (plus up to seven bytes of padding)
        /// and returns its `key`, or `nonASCII` (having written garbage) when `utf8` is not ASCII.
        /// Eight bytes at a time: for bytes below 0x80, adding 0x3F sets the top bit from `A` up
        /// and adding 0x25 from `[` up, so their difference marks exactly the capitals.
        @inline(__always)
        private static func lowercaseASCII(_ utf8: UnsafeBufferPointer<UInt8>, into output: UnsafeMutablePointer<UInt8>) -> UInt64 {
            let count = utf8.count
            guard let input = utf8.baseAddress.map(UnsafeRawPointer.init) else { return 0 }  // the key of ""
            let destination = UnsafeMutableRawPointer(output)
            var key = UInt64(count) &* keyMultiplier
            var offset = 0
            while offset < count {
                var chunk: UInt64 = 0
                if count - offset >= 8 {
                    chunk = input.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                } else {
                    withUnsafeMutableBytes(of: &chunk) { $0.copyMemory(from: UnsafeRawBufferPointer(start: input + offset, count: count - offset)) }
                }
                if chunk & 0x8080_8080_8080_8080 != 0 { return nonASCII }
                let capitals = (chunk &+ 0x3F3F_3F3F_3F3F_3F3F) & ~(chunk &+ 0x2525_2525_2525_2525) & 0x8080_8080_8080_8080
                let lowered = chunk | (capitals >> 2)
                destination.storeBytes(of: lowered, toByteOffset: offset, as: UInt64.self)
                if offset == 0 { key ^= UInt64(littleEndian: lowered) }
                offset += 8
            }
            // An ASCII word whose key happens to be `nonASCII` merely takes the slow path.
            return key
        }

        /// A word's length mixed with its first eight bytes: of two words of the same length up
        /// to eight bytes, the keys are equal exactly when the words are.
        @inline(__always)
        private static func key(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
            var key = UInt64(word.count) &* keyMultiplier
            for index in 0..<min(word.count, 8) {
                key ^= UInt64(word[index]) << (UInt64(index) &* 8)
            }
            return key
        }

        /// Spreads a word's length over its key.
        private static let keyMultiplier: UInt64 = 0x9E37_79B9_7F4A_7C15

        /// The bytes of word `index`.
        @inline(__always)
        func word(_ index: Int) -> UnsafeBufferPointer<UInt8> {
            let start = index == 0 ? 0 : ends[index - 1]
            return UnsafeBufferPointer(start: bytes + start, count: ends[index] - start)
        }

        /// Whether word `index` equals word `otherIndex` of `other`, code point for code point.
        @inline(__always)
        func word(_ index: Int, equals otherIndex: Int, of other: WordList) -> Bool {
            guard keys[index] == other.keys[otherIndex] else { return false }
            let mine = word(index)
            let theirs = other.word(otherIndex)
            guard mine.count == theirs.count else { return false }
            // Equal keys and lengths settle it for words of up to eight bytes.
            guard mine.count > 8 else { return true }
            for offset in 8..<mine.count where mine[offset] != theirs[offset] {
                return false
            }
            return true
        }

        /// The length in UTF-8 of the longest word.
        var longestWord: Int {
            var longest = 0
            for index in 0..<count { longest = max(longest, word(index).count) }
            return longest
        }

        /// The Porter stems (`PorterStemmer().stem`) of the words for which `include` holds; the
        /// others become empty words. `scratch` holds at least the longest word's code points
        /// plus `PorterStemmer.headroom`.
        func stems(where include: (Int) -> Bool, scratch: UnsafeMutableBufferPointer<UInt32>, arena: inout Arena) -> WordList {
            let stems = WordList(count: count, byteCount: count == 0 ? 0 : ends[count - 1], arena: &arena)
            var position = 0
            for index in 0..<count {
                if include(index) {
                    var stem = PorterStemmer.Word(base: scratch.baseAddress!, capacity: scratch.count, count: 0)
                    let utf8 = word(index)
                    if !utf8.contains(where: { $0 >= 0x80 }) {
                        for byte in utf8 { stem.append(UInt32(byte)) }
                    } else {
                        _ = transcode(utf8.makeIterator(), from: UTF8.self, to: UTF32.self, stoppingOnError: false) { stem.append($0) }
                    }
                    PorterStemmer.stemLowercased(&stem)
                    let start = position
                    for index in 0..<stem.count {
                        let value = stem[index]
                        if value < 0x80 {
                            stems.bytes[position] = UInt8(value)
                            position += 1
                        } else {
                            UTF8.encode(Unicode.Scalar(value) ?? "\u{FFFD}") { byte in
                                stems.bytes[position] = byte
                                position += 1
                            }
                        }
                    }
                    stems.keys[index] = Self.key(UnsafeBufferPointer(start: stems.bytes + start, count: position - start))
                } else {
                    stems.keys[index] = Self.key(UnsafeBufferPointer(start: stems.bytes + position, count: 0))
                }
                stems.ends[index] = position
            }
            return stems
        }
    }
}
