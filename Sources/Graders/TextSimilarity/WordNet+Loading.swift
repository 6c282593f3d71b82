import Foundation

extension WordNet {
    /// A file's bytes, for parsing.
    struct Source {
        /// The bytes.
        let bytes: UnsafeBufferPointer<UInt8>
        /// The file, for error messages.
        let path: String

        /// Calls `body` with each line's number and a cursor over it (without the newline).
        func forEachLine(_ body: (Int, inout Cursor) throws -> Void) rethrows {
            guard let base = bytes.baseAddress else { return }
            var start = 0
            var number = 1
            while start < bytes.count {
                var end = bytes.count
                if let newline = memchr(base + start, 0x0A, bytes.count - start) {
                    end = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(newline))
                }
                var cursor = Cursor(bytes: base, position: start, end: end)
                try body(number, &cursor)
                start = end + 1
                number += 1
            }
        }

        /// The bytes of `range`.
        func slice(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: bytes[range])
        }
    }

    /// The whitespace-separated tokens of one line (Python's `line.split()` on ASCII), read from
    /// the left.
    struct Cursor {
        /// The file's bytes.
        let bytes: UnsafePointer<UInt8>
        /// Where the next token search starts.
        private(set) var position: Int
        /// Where the line ends.
        let end: Int

        /// A cursor at `position`.
        init(bytes: UnsafePointer<UInt8>, position: Int, end: Int) {
            self.bytes = bytes
            self.position = position
            self.end = end
        }

        /// Whether the line starts with a space (nltk skips such lines of the index files).
        var startsWithSpace: Bool { position < end && bytes[position] == 0x20 }

        /// The next token's byte range, if any.
        mutating func next() -> Range<Int>? {
            while position < end, Self.isSpace(bytes[position]) { position += 1 }
            guard position < end else { return nil }
            let start = position
            while position < end, !Self.isSpace(bytes[position]) { position += 1 }
            return start..<position
        }

        /// Skips `count` tokens; false if the line has fewer.
        mutating func skip(_ count: Int) -> Bool {
            for _ in 0..<count where next() == nil { return false }
            return true
        }

        /// The next token as a non-negative integer in `radix`, if it is one.
        mutating func nextInteger(radix: Int = 10) -> Int? {
            guard let token = next() else { return nil }
            return integer(token, radix: radix)
        }

        /// The non-negative integer written in `range` in `radix`, if it is one.
        func integer(_ range: Range<Int>, radix: Int = 10) -> Int? {
            guard !range.isEmpty, range.count < 18 else { return nil }
            var value = 0
            for position in range {
                let byte = bytes[position]
                let digit: Int
                switch byte {
                case 0x30...0x39: digit = Int(byte - 0x30)
                case 0x61...0x66: digit = Int(byte - 0x61 + 10)
                case 0x41...0x46: digit = Int(byte - 0x41 + 10)
                default: return nil
                }
                guard digit < radix else { return nil }
                value = value * radix + digit
            }
            return value
        }

        /// Python's `str.isspace()` on an ASCII byte.
        @inline(__always)
        static func isSpace(_ byte: UInt8) -> Bool {
            byte <= 0x20 && (byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) || byte >= 0x1C)
        }
    }

    /// The mutable state of loading, turned into `WordNet`'s immutable tables at the end of `init`.
    struct Builder {
        /// `WordNet.lemmas` so far (WordNet 3.0 has 147,306).
        var lemmas = ByteStringTable(expectedCount: 160_000)
        /// `WordNet.entryRanges` so far.
        var entryRanges: [Int32] = []
        /// `WordNet.postings` so far.
        var postings: [Int32] = []
        /// `WordNet.names` so far (WordNet 3.0 has 84,487 without `_`).
        var names = ByteStringTable(expectedCount: 90_000)
        /// `WordNet.exceptionWords` so far.
        var exceptionWords = ByteStringTable()
        /// `WordNet.exceptionRanges` so far.
        var exceptionRanges: [Int32] = []
        /// The forms of `WordNet.exceptionForms` so far.
        var exceptionForms: [String] = []
        /// The current data file's synsets in file order: byte offsets, and where each one's
        /// lemma-name ids start in `synsetNames` (one extra end marker).
        var synsetOffsets: [Int] = []
        var synsetStarts: [Int] = []
        var synsetNames: [Int32] = []

        /// Adds one `index.*` file (nltk's `_load_lemma_pos_offset_map`): lines starting with a
        /// space are the license; the others are
        /// `lemma pos synset_cnt p_cnt [ptr_symbol]… sense_cnt tagsense_cnt synset_offset…`.
        /// Each file's lines all carry its own part of speech, whose data file is `data`.
        mutating func addIndex(_ index: Source, pos: Int, data: Source) throws {
            try readSynsets(data)
            let letter = Array("nvar".utf8)[pos]
            try index.forEachLine { lineNumber, cursor in
                if cursor.startsWithSpace { return }
                guard let lemma = cursor.next() else { return }
                func fail(_ reason: String) -> LoadError { .malformed(path: index.path, line: lineNumber, reason: reason) }
                guard let posToken = cursor.next(), posToken.count == 1, index.bytes[posToken.lowerBound] == letter else {
                    throw fail("expected part of speech \(Character(UnicodeScalar(letter)))")
                }
                guard let synsetCount = cursor.nextInteger(), let pointerCount = cursor.nextInteger(),
                      cursor.skip(pointerCount), let senseCount = cursor.nextInteger(), cursor.skip(1)
                else { throw fail("expected counts") }
                guard synsetCount > 0, senseCount == synsetCount else { throw fail("sense and synset counts differ") }
                // The merged names go straight to the end of `postings`, then are sorted and
                // made distinct in place.
                let start = postings.count
                for _ in 0..<synsetCount {
                    guard let offset = cursor.nextInteger() else { throw fail("expected a synset offset") }
                    guard let synset = synsetNumber(offset) else {
                        throw LoadError.malformed(path: data.path, line: 0, reason: "no synset at byte offset \(offset)")
                    }
                    postings.append(contentsOf: synsetNames[synsetStarts[synset]..<synsetStarts[synset + 1]])
                }
                postings[start...].sort()
                var kept = start
                for position in start..<postings.count where position == start || postings[position] != postings[kept - 1] {
                    postings[kept] = postings[position]
                    kept += 1
                }
                postings.removeLast(postings.count - kept)
                let entry = lemmas.insert(index.slice(lemma))
                if Int(entry) * 8 == entryRanges.count { entryRanges += [0, -1, 0, -1, 0, -1, 0, -1] }
                // A repeated lemma replaces the earlier line, as nltk's dictionary assignment does.
                entryRanges[Int(entry) * 8 + pos * 2] = Int32(start)
                entryRanges[Int(entry) * 8 + pos * 2 + 1] = Int32(postings.count)
            }
        }

        /// The position in `synsetOffsets` of the synset at byte `offset`, if one starts there.
        func synsetNumber(_ offset: Int) -> Int? {
            var low = 0
            var high = synsetOffsets.count
            while low < high {
                let middle = (low + high) / 2
                if synsetOffsets[middle] < offset { low = middle + 1 } else { high = middle }
            }
            return low < synsetOffsets.count && synsetOffsets[low] == offset ? low : nil
        }

        /// Reads the lemma names of every synset of a data file, in file order, keeping the ids
        /// of those without `_` (nltk's `synset.lemmas()`, filtered as METEOR does).
        ///
        /// A data line starts `synset_offset lex_filenum ss_type w_cnt word lex_id …`, `w_cnt` in
        /// hexadecimal. nltk seeks to the offset and checks that the line there starts with it, so
        /// a line must sit at the byte offset it names. nltk strips a word's syntactic marker with
        /// `re.match(r"(.*?)(\(.*\))?$")`, which cuts at the first `(` when the name ends in `)`.
        mutating func readSynsets(_ data: Source) throws {
            synsetOffsets.removeAll(keepingCapacity: true)
            synsetStarts.removeAll(keepingCapacity: true)
            synsetNames.removeAll(keepingCapacity: true)
            try data.forEachLine { lineNumber, cursor in
                if cursor.startsWithSpace { return }
                let lineStart = cursor.position
                guard let offset = cursor.next() else { return }
                guard offset.count == 8, cursor.integer(offset) == lineStart, cursor.skip(2),
                      let wordCount = cursor.nextInteger(radix: 16)
                else { throw LoadError.malformed(path: data.path, line: lineNumber, reason: "not a synset line at its own byte offset") }
                synsetOffsets.append(lineStart)
                synsetStarts.append(synsetNames.count)
                for _ in 0..<wordCount {
                    guard var name = cursor.next(), cursor.skip(1) else {
                        throw LoadError.malformed(path: data.path, line: lineNumber, reason: "expected \(wordCount) words")
                    }
                    if data.bytes[name.upperBound - 1] == UInt8(ascii: ")"),
                       let open = name.firstIndex(where: { data.bytes[$0] == UInt8(ascii: "(") }) {
                        name = name.lowerBound..<open
                    }
                    if name.contains(where: { data.bytes[$0] == UInt8(ascii: "_") }) { continue }
                    synsetNames.append(names.insert(data.slice(name)))
                }
            }
            synsetStarts.append(synsetNames.count)
        }

        /// Adds one exception list (nltk's `_load_exception_map`: `word base…` per line; a
        /// repeated word replaces the earlier line).
        mutating func addExceptions(_ file: Source, pos: Int) {
            file.forEachLine { _, cursor in
                guard let first = cursor.next() else { return }
                let word = exceptionWords.insert(file.slice(first))
                if Int(word) * 8 == exceptionRanges.count { exceptionRanges += [0, -1, 0, -1, 0, -1, 0, -1] }
                exceptionRanges[Int(word) * 8 + pos * 2] = Int32(exceptionForms.count)
                while let form = cursor.next() {
                    exceptionForms.append(String(decoding: file.slice(form), as: UTF8.self))
                }
                exceptionRanges[Int(word) * 8 + pos * 2 + 1] = Int32(exceptionForms.count)
            }
        }
    }
}
