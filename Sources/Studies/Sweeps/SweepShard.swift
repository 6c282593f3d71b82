/// Which part of a sweep's cells one process runs: cell number k (0-based, canonical order)
/// belongs to shard `k mod count`.
///
/// Round-robin keeps shards balanced when the cost of a cell grows along a varied key (batch
/// size, steps). Indexes are 0-based, as Kubernetes' `JOB_COMPLETION_INDEX` and a Slurm
/// `--array=0-(N-1)` give them.
///
/// ```swift
/// let shard = try SweepShard(parsing: "1/3")
/// shard.contains(cellIndex: 4)   // true: 4 mod 3 = 1
/// ```
public struct SweepShard: Hashable, Sendable, Codable, CustomStringConvertible {
    /// This shard's number, in `0..<count`.
    public let index: Int
    /// The number of shards.
    public let count: Int

    /// The whole sweep in one process (`0/1`).
    public static let whole = SweepShard(unchecked: 0, 1)

    private init(unchecked index: Int, _ count: Int) {
        self.index = index
        self.count = count
    }

    /// Creates shard `index` of `count`.
    ///
    /// - Throws: ``SweepError`` unless `count ≥ 1` and `0 ≤ index < count`.
    public init(index: Int, count: Int) throws(SweepError) {
        guard count >= 1 else {
            throw SweepError(.invalidSpecification, "--shard \(index)/\(count): the shard count must be at least 1")
        }
        guard (0..<count).contains(index) else {
            let examples = count == 1 ? "the only shard is 0/1" : count == 2 ? "shards are 0/2 and 1/2" : "shards are 0/\(count) to \(count - 1)/\(count)"
            throw SweepError(.invalidSpecification, "--shard \(index)/\(count): the index must be from 0 to \(count - 1) (0-based); \(examples)")
        }
        self.init(unchecked: index, count)
    }

    /// Reads `INDEX/COUNT`, e.g. `0/4`.
    ///
    /// - Throws: ``SweepError`` for text that is not two whole numbers around `/`, or an index
    ///   outside `0..<COUNT`.
    public init(parsing text: String) throws(SweepError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw SweepError(.invalidSpecification, "--shard '\(text)': write INDEX/COUNT with whole numbers, e.g. --shard 0/4 (INDEX from 0 to COUNT-1)")
        }
        try self.init(index: index, count: count)
    }

    /// Whether the cell at position `cellIndex` of the canonical order is this shard's.
    public func contains(cellIndex: Int) -> Bool { cellIndex % count == index }

    /// Whether this is the whole sweep.
    public var isWhole: Bool { count == 1 }

    /// `INDEX/COUNT`.
    public var description: String { "\(index)/\(count)" }
}
