extension FuzzyMatch {
    /// The match masks of a pattern: for each character id, one bit per pattern position holding
    /// that character, `blocks` 64-bit words per id.
    struct PatternMasks: ~Copyable {
        /// Words per character id.
        let blocks: Int
        /// The number of pattern characters.
        let length: Int
        /// `alphabetSize * blocks` masks, those of id `c` at `c * blocks ..< (c + 1) * blocks`.
        let masks: UnsafeMutableBufferPointer<UInt64>

        /// The masks of `pattern`, or of `pattern` reversed.
        init(_ pattern: CharacterIDs, alphabetSize: Int, reversed: Bool = false) {
            length = pattern.count
            blocks = max(1, (pattern.count + 63) / 64)
            masks = .allocate(capacity: alphabetSize * blocks)
            Self.fill(masks, with: pattern, blocks: blocks, reversed: reversed)
        }

        deinit { masks.deallocate() }

        /// The LCS of the pattern and `text`.
        func lcs(_ text: CharacterIDs) -> Int {
            Self.lcs(masks: UnsafePointer(masks.baseAddress!), blocks: blocks, text: text)
        }

        /// Zeroes `masks`, then sets the bit of each position of `pattern` (counted from its end if
        /// `reversed`) in its character's mask.
        static func fill(
            _ masks: UnsafeMutableBufferPointer<UInt64>, with pattern: CharacterIDs, blocks: Int, reversed: Bool
        ) {
            masks.initialize(repeating: 0)
            let count = pattern.count
            for index in 0..<count {
                let position = reversed ? count - 1 - index : index
                masks[Int(pattern[index]) * blocks + (position >> 6)] |= 1 &<< UInt64(position & 63)
            }
        }

        /// Hyyrö's bit-parallel LCS of the pattern behind `masks` and `text`.
        static func lcs(masks: UnsafePointer<UInt64>, blocks: Int, text: CharacterIDs) -> Int {
            // Up to four words the state lives in registers; the sum's carry ripples word to word.
            switch blocks {
            case 1:
                var state = UInt64.max
                for id in text {
                    let u = state & masks[Int(id)]
                    state = (state &+ u) | (state &- u)
                }
                return (~state).nonzeroBitCount
            case 2:
                var s0 = UInt64.max, s1 = UInt64.max
                for id in text {
                    let row = masks + Int(id) &* 2
                    let u0 = s0 & row[0], u1 = s1 & row[1]
                    let (x0, c0) = s0.addingReportingOverflow(u0)
                    let x1 = s1 &+ u1 &+ (c0 ? 1 : 0)
                    s0 = x0 | (s0 &- u0)
                    s1 = x1 | (s1 &- u1)
                }
                return (~s0).nonzeroBitCount + (~s1).nonzeroBitCount
            case 3:
                var s0 = UInt64.max, s1 = UInt64.max, s2 = UInt64.max
                for id in text {
                    let row = masks + Int(id) &* 3
                    let u0 = s0 & row[0], u1 = s1 & row[1], u2 = s2 & row[2]
                    let (x0, c0) = s0.addingReportingOverflow(u0)
                    let (x1, c1) = addWithCarry(s1, u1, c0)
                    let x2 = s2 &+ u2 &+ (c1 ? 1 : 0)
                    s0 = x0 | (s0 &- u0)
                    s1 = x1 | (s1 &- u1)
                    s2 = x2 | (s2 &- u2)
                }
                return (~s0).nonzeroBitCount + (~s1).nonzeroBitCount + (~s2).nonzeroBitCount
            case 4:
                var s0 = UInt64.max, s1 = UInt64.max, s2 = UInt64.max, s3 = UInt64.max
                for id in text {
                    let row = masks + Int(id) &* 4
                    let u0 = s0 & row[0], u1 = s1 & row[1], u2 = s2 & row[2], u3 = s3 & row[3]
                    let (x0, c0) = s0.addingReportingOverflow(u0)
                    let (x1, c1) = addWithCarry(s1, u1, c0)
                    let (x2, c2) = addWithCarry(s2, u2, c1)
                    let x3 = s3 &+ u3 &+ (c2 ? 1 : 0)
                    s0 = x0 | (s0 &- u0)
                    s1 = x1 | (s1 &- u1)
                    s2 = x2 | (s2 &- u2)
                    s3 = x3 | (s3 &- u3)
                }
                return (~s0).nonzeroBitCount + (~s1).nonzeroBitCount + (~s2).nonzeroBitCount + (~s3).nonzeroBitCount
            default:
                return longLCS(masks: masks, blocks: blocks, text: text)
            }
        }

        /// The LCS for patterns of more than four words, four words at a time: all of the text
        /// against words 0–3, keeping each row's carry out, then against words 4–7 with those
        /// carries in, and so on; the state stays in registers.
        private static func longLCS(masks: UnsafePointer<UInt64>, blocks: Int, text: CharacterIDs) -> Int {
            withUnsafeTemporaryAllocation(of: Bool.self, capacity: text.count) { carries in
                carries.initialize(repeating: false)
                var total = 0
                var block = 0
                while block + 4 <= blocks {
                    var s0 = UInt64.max, s1 = UInt64.max, s2 = UInt64.max, s3 = UInt64.max
                    for (row, id) in text.enumerated() {
                        let masks = masks + (Int(id) &* blocks &+ block)
                        let u0 = s0 & masks[0], u1 = s1 & masks[1], u2 = s2 & masks[2], u3 = s3 & masks[3]
                        let (x0, c0) = addWithCarry(s0, u0, carries[row])
                        let (x1, c1) = addWithCarry(s1, u1, c0)
                        let (x2, c2) = addWithCarry(s2, u2, c1)
                        let (x3, c3) = addWithCarry(s3, u3, c2)
                        carries[row] = c3
                        s0 = x0 | (s0 &- u0)
                        s1 = x1 | (s1 &- u1)
                        s2 = x2 | (s2 &- u2)
                        s3 = x3 | (s3 &- u3)
                    }
                    total += (~s0).nonzeroBitCount + (~s1).nonzeroBitCount + (~s2).nonzeroBitCount
                        + (~s3).nonzeroBitCount
                    block += 4
                }
                while block < blocks {
                    var state = UInt64.max
                    for (row, id) in text.enumerated() {
                        let u = state & masks[Int(id) &* blocks &+ block]
                        let sum: UInt64
                        (sum, carries[row]) = addWithCarry(state, u, carries[row])
                        state = sum | (state &- u)
                    }
                    total += (~state).nonzeroBitCount
                    block += 1
                }
                return total
            }
        }

        /// `a + b + carry`, and whether it overflowed.
        @inline(__always)
        static func addWithCarry(_ a: UInt64, _ b: UInt64, _ carry: Bool) -> (UInt64, Bool) {
            let (partial, overflow1) = a.addingReportingOverflow(b)
            let (sum, overflow2) = partial.addingReportingOverflow(carry ? 1 : 0)
            return (sum, overflow1 || overflow2)
        }

        /// Advances the multi-word LCS state by one text character with match masks `row`.
        @inline(__always)
        static func step(_ state: UnsafeMutableBufferPointer<UInt64>, masks row: UnsafePointer<UInt64>, blocks: Int) {
            var carry = false
            for word in 0..<blocks {
                let value = state[word]
                let u = value & row[word]
                let sum: UInt64
                (sum, carry) = addWithCarry(value, u, carry)
                state[word] = sum | (value &- u)
            }
        }

        /// The number of zero bits in `state`: the LCS so far (bits past the pattern stay set).
        @inline(__always)
        static func popcountOfComplement(_ state: UnsafeMutableBufferPointer<UInt64>) -> Int {
            var total = 0
            for value in state { total &+= (~value).nonzeroBitCount }
            return total
        }

        /// The LCS of the pattern with each prefix `text[..<n]`, `n` in `0...text.count`; with
        /// masks built `reversed`, pass the text reversed to get the LCS of each suffix instead.
        func lcsOfPrefixes(_ text: some Sequence<UInt32>, count: Int) -> [Int] {
            var result = [Int](repeating: 0, count: count + 1)
            let base = UnsafePointer(masks.baseAddress!)
            if blocks == 1 {
                var state = UInt64.max
                var index = 0
                for id in text {
                    let u = state & base[Int(id)]
                    state = (state &+ u) | (state &- u)
                    index += 1
                    result[index] = (~state).nonzeroBitCount
                }
                return result
            }
            let blocks = self.blocks
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: blocks) { state in
                state.initialize(repeating: .max)
                var index = 0
                for id in text {
                    Self.step(state, masks: base + Int(id) * blocks, blocks: blocks)
                    index += 1
                    result[index] = Self.popcountOfComplement(state)
                }
            }
            return result
        }
    }
}
