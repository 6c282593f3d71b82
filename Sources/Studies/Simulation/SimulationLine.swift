public import Simulator

/// One line of `rftsim simulate`'s metrics: a step's metrics (snake_case, as ``StepMetrics``
/// encodes them; a value a step does not have, such as `valid_reward_mean` between validations,
/// is absent) plus, for a bandit, `policy`, the answer probabilities after the step, and for a
/// job, `training_seconds` and `cost` so far (the keys of `rftsim run`'s `metrics.jsonl`).
public struct SimulationLine: Encodable, Sendable {
    /// The step's metrics.
    public let metrics: StepMetrics
    /// A bandit's answer probabilities after the step.
    public let policy: [Double]?
    /// A job's simulated training seconds through the step (``JobSimulationSession/trainingSeconds``).
    public let trainingSeconds: Double?
    /// A job's USD through the step: training time at the price sheet plus model-grader tokens
    /// (``JobSimulationSession/cost()``).
    public let cost: Double?

    /// Creates a line.
    public init(metrics: StepMetrics, policy: [Double]? = nil, trainingSeconds: Double? = nil, cost: Double? = nil) {
        self.metrics = metrics
        self.policy = policy
        self.trainingSeconds = trainingSeconds
        self.cost = cost
    }

    /// The line of the step `session` just took, which returned `metrics`.
    ///
    /// - Throws: ``ScenarioError`` from ``JobSimulationSession/cost()``.
    public static func line(_ metrics: StepMetrics, of session: JobSimulationSession) throws(ScenarioError) -> SimulationLine {
        SimulationLine(metrics: metrics, trainingSeconds: session.trainingSeconds, cost: try session.cost())
    }

    private enum CodingKeys: String, CodingKey {
        case policy
        case trainingSeconds = "training_seconds"
        case cost
    }

    public func encode(to encoder: any Encoder) throws {
        try metrics.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(policy, forKey: .policy)
        try container.encodeIfPresent(trainingSeconds, forKey: .trainingSeconds)
        try container.encodeIfPresent(cost, forKey: .cost)
    }
}
