/// The outcome of a simulated supervised job: per-step metrics, the retained checkpoints and,
/// with an answer space, the tuned policy's parameters.
public struct SupervisedRun: Sendable, Hashable {
    /// The settings it ran with.
    public var configuration: SupervisedConfiguration
    /// One entry per step, in order.
    public var metrics: [SupervisedStepMetrics]
    /// The checkpoints of the last (at most three) epochs, oldest first.
    public var checkpoints: [SupervisedCheckpoint]
    /// Final θ (one per feature of the training table); `nil` without an answer space.
    public var parameters: [Double]?

    /// Creates a run.
    public init(configuration: SupervisedConfiguration, metrics: [SupervisedStepMetrics],
                checkpoints: [SupervisedCheckpoint], parameters: [Double]?) {
        self.configuration = configuration
        self.metrics = metrics
        self.checkpoints = checkpoints
        self.parameters = parameters
    }

    /// The tuned model over `table` (any table with the training table's features, e.g. the whole
    /// dataset for an RFT grader): `Policy(table:parameters:)` with the final θ, so its exact
    /// reward is `policy(on: table).expectedReward()`.
    ///
    /// - Throws: ``SimulatorError`` (field `parameters`) without an answer space or when the
    ///   feature counts differ.
    public func policy(on table: ResponseTable) throws(SimulatorError) -> Policy {
        guard let parameters else {
            throw .invalid("parameters", "this supervised run had no answer space, so it has no policy parameters")
        }
        return try Policy(table: table, parameters: parameters)
    }
}
