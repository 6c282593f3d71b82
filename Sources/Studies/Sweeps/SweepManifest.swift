/// What a sweep folder holds (`sweep.json`): the scenario and its content hash, the varied keys,
/// seeds, steps, target, every cell id in canonical order, and the shard.
///
/// A resumed sweep must have the same manifest as the folder it resumes; merged folders must
/// agree on everything but the shard (and where the scenario file was, which may differ between
/// machines: the content hash decides).
public struct SweepManifest: Codable, Hashable, Sendable {
    /// The scenario a sweep varies.
    public struct Scenario: Codable, Hashable, Sendable {
        /// The scenario file as given on the command line (informational).
        public var path: String
        /// The scenario's `name`.
        public var name: String
        /// FNV-1a (64-bit, hex) over the scenario file, its data files and its graders.
        public var contentHash: String

        /// Creates the scenario part.
        public init(path: String, name: String, contentHash: String) {
            self.path = path
            self.name = name
            self.contentHash = contentHash
        }

        enum CodingKeys: String, CodingKey {
            case path, name
            case contentHash = "content_hash"
        }
    }

    /// The manifest format; 1.
    public var format: Int
    public var scenario: Scenario
    /// `--set` overrides, in order.
    public var overrides: [String]
    /// The varied keys, in `--vary` order.
    public var keys: [String]
    /// The `--vary` options, written back canonically.
    public var vary: [String]
    /// `--random N`, if given.
    public var random: Int?
    /// The seed of the random draw of cells.
    public var sweepSeed: UInt64
    /// Runs per cell.
    public var seeds: Int
    /// `--steps`, if given.
    public var steps: Int?
    /// `--target`, if given (otherwise each cell's `target.reward`).
    public var target: Double?
    /// Every cell's id, in canonical order (all shards).
    public var cells: [String]
    /// The shard whose cells this folder holds.
    public var shard: SweepShard
    /// The inference volume each cell is priced with (`--inference-requests`, `--tokens-per-request`), if any.
    public var inferenceVolume: CostEstimate.InferenceVolume?
    /// `--parameter-uncertainty`: `true` when given, absent (`nil`) otherwise.
    public var parameterUncertainty: Bool?

    /// Creates a manifest.
    public init(scenario: Scenario, overrides: [String], keys: [String], vary: [String], random: Int?, sweepSeed: UInt64,
                seeds: Int, steps: Int?, target: Double?, cells: [String], shard: SweepShard) {
        self.format = 1
        self.scenario = scenario
        self.overrides = overrides
        self.keys = keys
        self.vary = vary
        self.random = random
        self.sweepSeed = sweepSeed
        self.seeds = seeds
        self.steps = steps
        self.target = target
        self.cells = cells
        self.shard = shard
    }

    /// The same sweep with another shard (and the scenario path left as it is).
    public func withShard(_ shard: SweepShard) -> SweepManifest {
        var copy = self
        copy.shard = shard
        return copy
    }

    /// Whether `other` describes the same sweep, whatever its shard and scenario path.
    public func agrees(with other: SweepManifest) -> Bool {
        difference(from: other, ignoringShard: true) == nil
    }

    /// The first field that differs from `other`, described for a message; `nil` when none does.
    public func difference(from other: SweepManifest, ignoringShard: Bool) -> String? {
        func show<T>(_ value: T?) -> String { value.map { "\($0)" } ?? "none" }
        if format != other.format { return "format \(format) vs \(other.format)" }
        if scenario.contentHash != other.scenario.contentHash {
            return "scenario content hash \(scenario.contentHash) vs \(other.scenario.contentHash) (the scenario or its files changed)"
        }
        if overrides != other.overrides { return "--set \(overrides) vs \(other.overrides)" }
        if vary != other.vary { return "--vary \(vary) vs \(other.vary)" }
        if random != other.random { return "--random \(show(random)) vs \(show(other.random))" }
        if sweepSeed != other.sweepSeed { return "--sweep-seed \(sweepSeed) vs \(other.sweepSeed)" }
        if seeds != other.seeds { return "--seeds \(seeds) vs \(other.seeds)" }
        if steps != other.steps { return "--steps \(show(steps)) vs \(show(other.steps))" }
        if target != other.target { return "--target \(show(target)) vs \(show(other.target))" }
        if cells != other.cells || keys != other.keys { return "the cells differ" }
        if inferenceVolume != other.inferenceVolume {
            func volume(_ value: CostEstimate.InferenceVolume?) -> String {
                value.map { "\($0.requests) requests of \($0.inputTokensPerRequest)/\($0.outputTokensPerRequest) tokens" } ?? "none"
            }
            return "--inference-requests/--tokens-per-request \(volume(inferenceVolume)) vs \(volume(other.inferenceVolume))"
        }
        if (parameterUncertainty ?? false) != (other.parameterUncertainty ?? false) {
            return "--parameter-uncertainty \(parameterUncertainty ?? false) vs \(other.parameterUncertainty ?? false)"
        }
        if !ignoringShard, shard != other.shard { return "--shard \(shard) vs \(other.shard)" }
        return nil
    }

    enum CodingKeys: String, CodingKey {
        case format, scenario, overrides, keys, vary, random, seeds, steps, target, cells, shard
        case sweepSeed = "sweep_seed"
        case inferenceVolume = "inference_volume"
        case parameterUncertainty = "parameter_uncertainty"
    }
}
