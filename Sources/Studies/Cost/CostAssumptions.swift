public import Simulator

/// The constants a cost estimate rests on where the platform publishes none.
///
/// - ``timing``: the `TimingModel` constants that turn a reinforcement job's steps into seconds
///   (`docs/HYPERPARAMETERS.md` §4; calibrated to the reference job). The billed seconds and
///   grader tokens themselves come from the provider's plan of the job (``CostWorkload``), which
///   uses the default constants; ``timing`` sets the per-step figure the report shows.
public struct CostAssumptions: Sendable, Hashable {
    /// The timing model's constants.
    public var timing: TimingModel.Parameters

    /// Creates assumptions.
    ///
    /// - Parameter timing: The timing model's constants; `TimingModel/Parameters/default` unless calibrated otherwise.
    public init(timing: TimingModel.Parameters = .default) {
        self.timing = timing
    }

    /// The defaults: `TimingModel/Parameters/default`.
    public static let `default` = CostAssumptions()
}
