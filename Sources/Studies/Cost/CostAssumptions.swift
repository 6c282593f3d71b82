public import Simulator

/// The constants a cost estimate rests on where the platform publishes none.
///
/// - ``timing``: the `TimingModel` constants that turn a reinforcement job's steps into billed
///   hours (`docs/HYPERPARAMETERS.md` §4; calibrated to the reference job); the provider bills
///   simulated jobs with the same model, so an estimate agrees with what `rftsim serve` bills.
/// - ``graderCompletionTokensPerCall``: what a grader model answers per call. The reference's RFT
///   metrics event (openai-finetuning-api.md §5.1, one gpt-4o `score_model` grader) reports
///   `train_completion_tokens_mean` 138.53 and `valid_completion_tokens_mean` 140.5; RFTSim uses 139
///   for both. A reasoning grader model may answer at much greater length; raise it for one.
/// - The sample a grader prompt quotes (`{{sample.output_text}}`, `{{sample.output_json…}}`) is
///   taken to be `TimingModel/Parameters/answerTokensPerSample` tokens long (46: the reference's
///   visible answer).
public struct CostAssumptions: Sendable, Hashable {
    /// The timing model's constants.
    public var timing: TimingModel.Parameters
    /// Completion tokens of one grader-model call (prompt tokens are estimated from the data).
    public var graderCompletionTokensPerCall: Int

    /// Creates assumptions.
    ///
    /// - Parameters:
    ///   - timing: The timing model's constants; `TimingModel/Parameters/default` unless calibrated otherwise.
    ///   - graderCompletionTokensPerCall: Completion tokens per grader-model call (≥ 0).
    public init(timing: TimingModel.Parameters = .default, graderCompletionTokensPerCall: Int = 139) {
        self.timing = timing
        self.graderCompletionTokensPerCall = graderCompletionTokensPerCall
    }

    /// The defaults: `TimingModel/Parameters/default` and 139 completion tokens per grader call.
    public static let `default` = CostAssumptions()
}
