/// A real (or simulated) job's per-step metrics, as `rftsim calibrate` reads them from the job's
/// metrics events or its results CSV (``PilotReader``).
public struct PilotRecord: Sendable, Hashable {
    /// What the pilot was read from.
    public enum Source: String, Sendable, Hashable {
        /// Metrics events (`client.fine_tuning.jobs.list_events`: one per line, or a list page).
        case events
        /// The job's results CSV.
        case resultsCSV = "results_csv"
    }

    /// One grader's mean call latency at a step (`timing.graders[]`).
    public struct GraderLatency: Sendable, Hashable {
        /// The grader's `type` (`score_model`).
        public var type: String
        /// `train_execution_latency_mean` (seconds).
        public var train: Double
        /// `valid_execution_latency_mean` (seconds), at validation steps.
        public var valid: Double?
    }

    /// One step's metrics.
    public struct Step: Sendable, Hashable {
        /// The 1-based step.
        public var step: Int
        /// `train_reward_mean` (`train_mean_reward`).
        public var trainReward: Double
        /// `valid_reward_mean` (`full_valid_mean_reward`), at validation steps.
        public var validReward: Double?
        /// `timing.step`, when the pilot has it (events only).
        public var timing: StepSeconds?
        /// Training samples of the step (`train_reasoning_tokens_count / train_reasoning_tokens_mean`).
        public var trainSamples: Int?
        /// `completion_tokens_mean`: reasoning plus answer tokens per training sample.
        public var completionTokensMean: Double?
        /// `reasoning_tokens_mean`: reasoning tokens per training sample.
        public var reasoningTokensMean: Double?
        /// Validation samples of the step (`valid_reasoning_tokens_count / valid_reasoning_tokens_mean`).
        public var validSamples: Int?
        /// `valid_reasoning_tokens_count`: reasoning tokens of the step's validation samples.
        public var validReasoningTokens: Double?
        /// Per-grader call latencies.
        public var graderLatencies: [GraderLatency]
    }

    /// `timing.step`: seconds per phase.
    public struct StepSeconds: Sendable, Hashable {
        public var sampling: Double
        public var training: Double
        public var eval: Double
        public var fullIteration: Double
    }

    /// The file read.
    public var path: String
    /// Events or results CSV.
    public var source: Source
    /// The steps in step order, one per step.
    public var steps: [Step]
    /// `total_steps` of the events, when given.
    public var totalSteps: Int?

    /// The steps that report timing.
    public var timedSteps: [Step] { steps.filter { $0.timing != nil } }
    /// The steps with a validation reward.
    public var validationSteps: [Step] { steps.filter { $0.validReward != nil } }
}
