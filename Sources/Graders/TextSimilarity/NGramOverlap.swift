/// Clipped n-gram overlap between two token sequences: for each order n, the sum over distinct
/// n-grams g of min(count of g in the first, count of g in the second), the quantity BLEU, GLEU
/// and ROUGE-N share (`Counter & Counter` in nltk, the min-sum loop in rouge-score).
///
/// N-grams are never materialized. For all orders up to n (``clippedCounts(tokens:split:vocabulary:maxOrder:)``),
/// order k gives every k-gram start position a class (equal k-grams, equal classes; order 1's
/// classes are the token IDs). The (k+1)-gram at p is the pair (k-gram class at p, token at
/// p + k); both are below 2³¹, so the pair packs into one `UInt64` key, and a hash table from
/// keys to new classes yields order k + 1's classes in one pass. Exact for any length: keys are
/// compared whole, so there are no collisions.
enum NGramOverlap {
    /// The clipped overlap for order `order` alone; the same as
    /// `clippedCounts(…, maxOrder: order)[order - 1]`.
    ///
    /// When `order` IDs of the vocabulary's bit width fit in 63 bits (any order up to 5 with
    /// fewer than 4,096 distinct tokens), each n-gram packs into one integer key and a single
    /// pass counts the first sequence's n-grams and clips the second's against them, instead of
    /// building every lower order.
    static func clippedCount(tokens: [Int32], split: Int, vocabulary: Int, order: Int) -> Int {
        precondition(order >= 1)
        let bits = max(1, Int.bitWidth - max(0, vocabulary - 1).leadingZeroBitCount)
        guard order * bits <= 63 else {
            return clippedCounts(tokens: tokens, split: split, vocabulary: vocabulary, maxOrder: order)[order - 1]
        }
        let total = tokens.count
        let firstGrams = split - order + 1
        guard firstGrams > 0, total - split - order + 1 > 0 else { return 0 }
        var tableSize = 16
        while tableSize < 2 * firstGrams { tableSize <<= 1 }
        let tableBits = UInt64(tableSize.trailingZeroBitCount)
        let keyMask: UInt64 = (1 << UInt64(order * bits)) - 1

        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: tableSize) { keys in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: tableSize) { counts in
                // UInt64.max marks an empty slot: keys have at most 63 bits.
                keys.initialize(repeating: UInt64.max)
                return tokens.withUnsafeBufferPointer { tokens in
                    /// The slot holding `key`, or the empty slot where it belongs.
                    func slot(of key: UInt64) -> Int {
                        var slot = Int((key &* 0x9E37_79B9_7F4A_7C15) >> (64 - tableBits))
                        while keys[slot] != key && keys[slot] != UInt64.max { slot = (slot + 1) & (tableSize - 1) }
                        return slot
                    }
                    // The key of the n-gram ending at p is the last `order` IDs, `bits` each.
                    var key: UInt64 = 0
                    for position in 0..<split {
                        key = (key << UInt64(bits) | UInt64(tokens[position])) & keyMask
                        guard position >= order - 1 else { continue }
                        let found = slot(of: key)
                        if keys[found] == key {
                            counts[found] += 1
                        } else {
                            keys[found] = key
                            counts[found] = 1
                        }
                    }
                    // Each occurrence in the second sequence uses up one in the first, if any is
                    // left: min(count in first, count in second) per n-gram.
                    var clipped = 0
                    key = 0
                    for position in split..<total {
                        key = (key << UInt64(bits) | UInt64(tokens[position])) & keyMask
                        guard position - split >= order - 1 else { continue }
                        let found = slot(of: key)
                        if keys[found] == key && counts[found] > 0 {
                            counts[found] -= 1
                            clipped += 1
                        }
                    }
                    return clipped
                }
            }
        }
    }

    /// The clipped overlap for each order 1…`maxOrder` (element n - 1 for order n) of
    /// `tokens[..<split]` and `tokens[split...]`, token IDs below `vocabulary` from one
    /// ``TokenInterner``.
    static func clippedCounts(tokens: [Int32], split: Int, vocabulary: Int, maxOrder: Int) -> [Int] {
        var result = Array(repeating: 0, count: max(0, maxOrder))
        let total = tokens.count
        guard maxOrder > 0, split > 0, split < total else { return result }
        var tableSize = 16
        while tableSize < 2 * total { tableSize <<= 1 }
        let tableBits = UInt64(tableSize.trailingZeroBitCount)

        // One scratch allocation: the table's keys (tableSize UInt64s), then Int32s: the table's
        // classes (tableSize), the class at each position (total), and each class's count in
        // each sequence (max(total, vocabulary) each).
        let countSize = max(total, vocabulary)
        let int32Count = tableSize + total + 2 * countSize
        withUnsafeTemporaryAllocation(
            byteCount: 8 * tableSize + 4 * int32Count, alignment: MemoryLayout<UInt64>.alignment
        ) { raw in
            let tableKey = UnsafeMutableRawBufferPointer(rebasing: raw[..<(8 * tableSize)]).bindMemory(to: UInt64.self)
            let int32s = UnsafeMutableRawBufferPointer(rebasing: raw[(8 * tableSize)...]).bindMemory(to: Int32.self)
            let tableClass = UnsafeMutableBufferPointer(rebasing: int32s[0..<tableSize])
            let classOf = UnsafeMutableBufferPointer(rebasing: int32s[tableSize..<(tableSize + total)])
            let inFirst = UnsafeMutableBufferPointer(rebasing: int32s[(tableSize + total)..<(tableSize + total + countSize)])
            let inSecond = UnsafeMutableBufferPointer(rebasing: int32s[(tableSize + total + countSize)..<int32Count])

            // Order 1: the token IDs are the classes.
            _ = tokens.withUnsafeBufferPointer { classOf.initialize(fromContentsOf: $0) }
            var classCount = vocabulary
            var order = 1
            while true {
                // Clip: Σ over classes of min(occurrences in the first, in the second).
                if order == 1 {
                    inFirst.initialize(repeating: 0)
                    inSecond.initialize(repeating: 0)
                    for position in 0..<split { inFirst[Int(classOf[position])] += 1 }
                    for position in split..<total { inSecond[Int(classOf[position])] += 1 }
                }
                var clipped = 0
                for c in 0..<classCount { clipped += Int(min(inFirst[c], inSecond[c])) }
                result[order - 1] = clipped
                // Once no n-gram is shared, no longer one is: the rest stay 0.
                guard clipped > 0, order < maxOrder else { break }

                // Order n + 1 at each start p that still has room: class of (class[p], token[p + n]).
                // UInt64.max marks an empty slot: no key is, as classes and tokens are below 2³¹.
                tableKey.initialize(repeating: UInt64.max)
                classCount = 0
                tokens.withUnsafeBufferPointer { tokens in
                    for side in 0..<2 {
                        let first = side == 0
                        let start = first ? 0 : split
                        let end = first ? split : total
                        guard end - start > order else { continue }
                        for position in start..<(end - order) {
                            let key = UInt64(UInt32(classOf[position])) << 32 | UInt64(UInt32(tokens[position + order]))
                            var slot = Int((key &* 0x9E37_79B9_7F4A_7C15) >> (64 - tableBits))
                            var c: Int32
                            while true {
                                let stored = tableKey[slot]
                                if stored == key {
                                    c = tableClass[slot]
                                    break
                                }
                                if stored == UInt64.max {
                                    tableKey[slot] = key
                                    c = Int32(classCount)
                                    tableClass[slot] = c
                                    inFirst[classCount] = 0
                                    inSecond[classCount] = 0
                                    classCount += 1
                                    break
                                }
                                slot = (slot + 1) & (tableSize - 1)
                            }
                            classOf[position] = c
                            if first { inFirst[Int(c)] += 1 } else { inSecond[Int(c)] += 1 }
                        }
                    }
                }
                order += 1
            }
        }
        return result
    }
}
