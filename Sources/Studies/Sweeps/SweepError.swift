/// A sweep that cannot be planned, run or merged, with a message that says what to change.
///
/// ```swift
/// do { _ = try SweepShard(parsing: "3/2") } catch { print(error) }
/// // --shard 3/2: the index must be below the count; shards are 0/2 and 1/2
/// ```
public struct SweepError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem it is; more codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidSpecification, invalidScenario, invalidCell, outputConflict, incomplete, io
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A malformed option: `--vary`, `--shard`, `--seeds`, `--random`, `--steps`, `--target`.
        public static let invalidSpecification = Code(.invalidSpecification)
        /// The base scenario cannot be read, or a varied key does not exist.
        public static let invalidScenario = Code(.invalidScenario)
        /// One cell's scenario is invalid (the message names the cell and the key).
        public static let invalidCell = Code(.invalidCell)
        /// The output folder holds a different sweep, or merged folders disagree.
        public static let outputConflict = Code(.outputConflict)
        /// A merge is missing cells, or has one twice.
        public static let incomplete = Code(.incomplete)
        /// A file could not be read or written.
        public static let io = Code(.io)

        public var description: String { base.rawValue }
    }

    /// The kind of problem.
    public let code: Code
    /// The full sentence for the user.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}

extension SweepError {
    /// A cell whose scenario is invalid: `cell 2 (batch_size=64): hyperparameters.batch_size: …`.
    static func invalidCell(_ cellName: String, _ error: ScenarioError) -> SweepError {
        SweepError(.invalidCell, "\(cellName): \(error.key.isEmpty ? "" : "\(error.key): ")\(error.message)")
    }
}
