/// Simulated reinforcement fine-tuning: trains a ``Policy`` on a ``ResponseTable`` with one of
/// the ``Algorithm``s and reports per-step metrics.
///
/// A trainer is a value: its run is a pure function of the tables and the configuration (seed
/// included), bit-identical whatever thread runs it or how many runs go at once.
///
/// ```swift
/// let table = try ResponseTable.bandit(rewards: [1, 0, 0, 0], copies: 4)
/// var configuration = TrainerConfiguration(algorithm: .grpo, learningRate: 0.1, batchSize: 4, groupSize: 8, steps: 100)
/// configuration.seed = 42
/// let run = try Trainer(table: table, configuration: configuration).run()
/// run.metrics.last?.policyExpectedReward   // ≈ 0.94 (the mean-field value is 0.9422)
/// ```
public struct Trainer: Sendable {
    /// The training items.
    public let table: ResponseTable
    /// The validation items, if any.
    public let validation: ResponseTable?
    /// The run's settings.
    public let configuration: TrainerConfiguration

    /// Creates a trainer after checking the configuration against the tables.
    ///
    /// - Throws: ``SimulatorError`` naming the first invalid field (see
    ///   ``TrainerConfiguration/validate(table:validation:)``).
    public init(table: ResponseTable, validation: ResponseTable? = nil, configuration: TrainerConfiguration) throws(SimulatorError) {
        try configuration.validate(table: table, validation: validation)
        self.table = table
        self.validation = validation
        self.configuration = configuration
    }

    /// A fresh session at step 0, to step through by hand.
    public func makeSession() -> TrainingSession {
        TrainingSession(trainer: self)
    }

    /// Runs ``TrainerConfiguration/steps`` steps, validating on the `evalInterval` grid and after
    /// the last step.
    ///
    /// - Complexity: O(steps · B · (K·F + G)) plus the periodic whole-table and validation passes.
    public func run() -> TrainingRun {
        let session = makeSession()
        let steps = configuration.steps
        var metrics: [StepMetrics] = []
        metrics.reserveCapacity(steps)
        var tracked: [Double] = []
        let trackedCount = session.trackedItem.map { table.candidates(of: $0).count } ?? 0
        tracked.reserveCapacity((steps + 1) * trackedCount)
        session.appendTrackedProbabilities(to: &tracked)
        var checkpoints: [TrainingRun.Checkpoint] = []
        let initial = Policy(unchecked: table, parameters: session.parameters)
        for number in stride(from: 1, through: steps, by: 1) {
            let step = session.step(forceValidation: number == steps)
            metrics.append(step)
            session.appendTrackedProbabilities(to: &tracked)
            if step.validPolicyExpectedReward != nil {
                checkpoints.append(.init(step: number, parameters: session.parameters, metrics: step))
            }
        }
        return TrainingRun(
            configuration: configuration, metrics: metrics, finalParameters: session.parameters,
            initialPolicyExpectedReward: initial.expectedReward(), initialGoldRewardMean: initial.expectedGoldReward(),
            trackedItem: session.trackedItem, trackedProbabilities: tracked, trackedCandidateCount: trackedCount,
            checkpoints: checkpoints)
    }
}
