import Stochastics

/// Which items each step trains on: epochs of shuffled items, taken `batchSize` at a time.
///
/// The order is the concatenation of one permutation per epoch, each drawn (Fisher–Yates) from
/// the stream `StreamKey(seed).child("prompts", epoch)`, which no other purpose uses: changing G,
/// the algorithm or anything but the seed, the item count and the batch size leaves the batches
/// unchanged. A batch can straddle two epochs (then an item may appear twice in it). When the
/// batch is the whole table, every step takes all items in table order and nothing is drawn.
struct PromptSchedule {
    let itemCount: Int
    let batchSize: Int
    private let order: UnsafeMutablePointer<Int>
    private let stream: RandomStream
    private let key: StreamKey
    private var epoch = -1
    private var position: Int
    /// Items handed out so far.
    private(set) var itemsDrawn = 0

    init(itemCount: Int, batchSize: Int, seed: UInt64) {
        self.itemCount = itemCount
        self.batchSize = batchSize
        order = .allocate(capacity: itemCount)
        for i in 0..<itemCount { order[i] = i }
        key = StreamKey(seed: seed).child("prompts")
        stream = RandomStream(key: key)
        position = itemCount
    }

    func deallocate() { order.deallocate() }

    /// Writes the next `batchSize` items into `batch`.
    mutating func next(into batch: UnsafeMutablePointer<Int>) {
        for b in 0..<batchSize {
            if position == itemCount { startEpoch() }
            batch[b] = order[position]
            position += 1
        }
        itemsDrawn += batchSize
    }

    private mutating func startEpoch() {
        epoch += 1
        position = 0
        guard batchSize < itemCount else { return }
        for i in 0..<itemCount { order[i] = i }
        stream.reseed(key.child(.index(UInt64(epoch))))
        for i in stride(from: itemCount - 1, to: 0, by: -1) {
            let j = stream.index(below: i + 1)
            order.swapAt(i, j)
        }
    }
}

extension UnsafeMutablePointer where Pointee == Int {
    @inline(__always) fileprivate func swapAt(_ i: Int, _ j: Int) {
        let t = self[i]
        self[i] = self[j]
        self[j] = t
    }
}
