/// Everything that defines a sweep, as `rftsim sweep` reads it from its options.
///
/// ```swift
/// var specification = SweepSpecification(scenarioPath: "scenarios/security-compliance", seeds: 32)
/// specification.variations = [try SweepVariation(parsing: "hyperparameters.batch_size=8,16,32")]
/// specification.steps = 300
/// let plan = try SweepPlan(specification)
/// ```
public struct SweepSpecification: Hashable, Sendable {
    /// The scenario: a folder with `scenario.yaml`, or the file.
    public var scenarioPath: String
    /// `--set key=value` overrides applied to the scenario before any cell's values.
    public var overrides: [String]
    /// The varied keys, in the order given (the first varies slowest in the grid).
    public var variations: [SweepVariation]
    /// `--random N`: draw N cells (from the grid, or from ranges) instead of the whole grid.
    public var randomCount: Int?
    /// The seed of the random draw of cells; `nil` uses the scenario's `seed`.
    public var sweepSeed: UInt64?
    /// Runs per cell (seeds), ≥ 1.
    public var seeds: Int
    /// The valid reward a run must reach; `nil` uses each cell's `target.reward`.
    public var target: Double?
    /// Training steps per run, overriding the step count the hyperparameters give.
    public var steps: Int?
    /// The part of the cells this process runs.
    public var shard: SweepShard
    /// `--inference-requests N --tokens-per-request IN/OUT`: each cell's runs are also priced with
    /// that use of the tuned model, under every price sheet with data sharing off and on.
    public var inferenceVolume: CostEstimate.InferenceVolume?
    /// `--parameter-uncertainty`: each run draws the calibrated parameters from the scenario's
    /// `calibration:` covariance (docs/CALIBRATION.md), so intervals cover the fit's uncertainty.
    public var parameterUncertainty = false

    /// Creates a specification; vary keys and options are set on the value.
    public init(scenarioPath: String, overrides: [String] = [], variations: [SweepVariation] = [], randomCount: Int? = nil,
                sweepSeed: UInt64? = nil, seeds: Int, target: Double? = nil, steps: Int? = nil, shard: SweepShard = .whole) {
        self.scenarioPath = scenarioPath
        self.overrides = overrides
        self.variations = variations
        self.randomCount = randomCount
        self.sweepSeed = sweepSeed
        self.seeds = seeds
        self.target = target
        self.steps = steps
        self.shard = shard
    }

    /// The largest grid a sweep enumerates (use `--random N` beyond it).
    public static let maximumCells = 100_000

    /// Checks the options that do not need the scenario.
    ///
    /// - Throws: ``SweepError`` for seeds, a random count or steps below 1, a non-finite
    ///   target, a key varied twice, or a range without `--random`.
    public func validate() throws(SweepError) {
        guard seeds >= 1 else {
            throw SweepError(.invalidSpecification, "--seeds \(seeds): a sweep needs at least 1 seed per cell (e.g. --seeds 16)")
        }
        if let randomCount, randomCount < 1 {
            throw SweepError(.invalidSpecification, "--random \(randomCount): draw at least 1 cell, or leave --random out for the whole grid")
        }
        if let steps, steps < 1 {
            throw SweepError(.invalidSpecification, "--steps \(steps): a run needs at least 1 step")
        }
        if let target, !target.isFinite {
            throw SweepError(.invalidSpecification, "--target must be a finite reward such as 0.8")
        }
        var keys = Set<String>()
        for variation in variations where !keys.insert(variation.key).inserted {
            throw SweepError(.invalidSpecification, "--vary \(variation.key) is given twice; list all its values in one --vary")
        }
        if randomCount == nil, let range = variations.first(where: \.isRange) {
            throw SweepError(.invalidSpecification, "--vary \(range.canonicalText): a range is drawn from, so it needs --random N; for a grid list the values (--vary \(range.key)=a,b,c)")
        }
    }
}
