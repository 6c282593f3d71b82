/// The durations of one training step, in seconds, as the RFT metrics event's `timing.step`
/// reports them (openai-finetuning-api.md §5.1): `{"eval", "sampling", "training", "full_iteration"}`.
public struct StepTiming: Sendable, Hashable, Codable {
    /// Rollouts: sampling B × G answers and grading them (the event has no separate grading time).
    public var sampling: Double
    /// The policy update (backprop and weight update) on the sampled answers.
    public var training: Double
    /// Validation: sampling and grading validation items × `eval_samples`; 0 except at validation steps.
    public var eval: Double
    /// Everything plus the per-step overhead; the wall-clock time a step adds to the job.
    public var fullIteration: Double

    /// Creates a timing.
    public init(sampling: Double, training: Double, eval: Double, fullIteration: Double) {
        self.sampling = sampling
        self.training = training
        self.eval = eval
        self.fullIteration = fullIteration
    }

    /// The platform's JSON keys.
    enum CodingKeys: String, CodingKey {
        case sampling, training, eval
        case fullIteration = "full_iteration"
    }
}
