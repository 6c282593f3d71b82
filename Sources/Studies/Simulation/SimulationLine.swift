public import Simulator

/// One line of `rftsim simulate`'s metrics: a step's metrics (snake_case, as the provider will
/// report them) plus, for a bandit, `policy`, the answer probabilities after the step.
public struct SimulationLine: Encodable, Sendable {
    public let metrics: StepMetrics
    public let policy: [Double]?

    /// The lines of a run, one per step.
    public static func lines(of run: TrainingRun) -> [SimulationLine] {
        run.metrics.map { SimulationLine(metrics: $0, policy: run.probabilities(atStep: $0.step)) }
    }

    private enum CodingKeys: String, CodingKey { case policy }

    public func encode(to encoder: any Encoder) throws {
        try metrics.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(policy, forKey: .policy)
    }
}
