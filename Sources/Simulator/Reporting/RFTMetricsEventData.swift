internal import Stochastics

/// The `data` of the platform's RFT `metrics` event (openai-finetuning-api.md §5.1), one per
/// training step, with the platform's JSON keys.
///
/// Keys starting with `valid_` (and `full_valid_mean_reward`, `full_valid_mean_parse_error`,
/// `valid_reasoning_tokens_mean`) are present only at validation steps: they are `nil`, and
/// omitted from the JSON, elsewhere. Made by ``RFTMetricsRecorder``; see it for how every
/// number is computed. Encode with `JSONEncoder` and `.sortedKeys` for byte-stable output.
public struct RFTMetricsEventData: Sendable, Hashable, Codable {
    /// The 1-based step.
    public var step: Int
    /// Grader tokens per model grader, and the policy's reasoning tokens.
    public var usage: Usage
    /// Error rates and counts per grader.
    public var errors: Errors
    /// Rewards, overall and per grader.
    public var scores: Scores
    /// Step durations and per-grader latencies.
    public var timing: Timing
    /// The job's step count.
    public var totalSteps: Int
    /// Mean reward of the step's sampled training answers.
    public var trainMeanReward: Double
    /// Reasoning tokens per training sample.
    public var reasoningTokensMean: Double
    /// Completion (reasoning + answer) tokens per training sample.
    public var completionTokensMean: Double
    /// Mean reward over the full validation set, at validation steps.
    public var fullValidMeanReward: Double?
    /// Share of the step's training answers whose grading raised `unresponsive_reward_error`.
    public var meanUnresponsiveRewards: Double
    /// Grader-model tokens per grader model (`train_…` this step, `eval_…` this validation).
    public var modelGradersTokenUsage: [String: ModelTokenUsage]
    /// Share of validation answers with `sample_parse_error`, at validation steps.
    public var fullValidMeanParseError: Double?
    /// Reasoning tokens per validation sample, at validation steps.
    public var validReasoningTokensMean: Double?

    /// `usage`.
    public struct Usage: Sendable, Hashable, Codable {
        /// One entry per model grader (`score_model`, `label_model`); other graders use no tokens.
        public var graders: [GraderTokens]
        /// The policy's reasoning tokens.
        public var samples: SampleTokens
    }

    /// `usage.graders[]`: one model grader's tokens (`_mean` per call, `_count` in total).
    public struct GraderTokens: Sendable, Hashable, Codable {
        public var name: String
        public var type: String
        /// The grader model.
        public var model: String
        public var trainPromptTokensMean: Double
        public var validPromptTokensMean: Double?
        public var trainPromptTokensCount: Double
        public var validPromptTokensCount: Double?
        public var trainCompletionTokensMean: Double
        public var validCompletionTokensMean: Double?
        public var trainCompletionTokensCount: Double
        public var validCompletionTokensCount: Double?

        enum CodingKeys: String, CodingKey {
            case name, type, model
            case trainPromptTokensMean = "train_prompt_tokens_mean", validPromptTokensMean = "valid_prompt_tokens_mean"
            case trainPromptTokensCount = "train_prompt_tokens_count", validPromptTokensCount = "valid_prompt_tokens_count"
            case trainCompletionTokensMean = "train_completion_tokens_mean", validCompletionTokensMean = "valid_completion_tokens_mean"
            case trainCompletionTokensCount = "train_completion_tokens_count", validCompletionTokensCount = "valid_completion_tokens_count"
        }
    }

    /// `usage.samples`: the policy's reasoning tokens (`_mean` per sample, `_count` in total).
    public struct SampleTokens: Sendable, Hashable, Codable {
        public var trainReasoningTokensMean: Double
        public var validReasoningTokensMean: Double?
        public var trainReasoningTokensCount: Double
        public var validReasoningTokensCount: Double?

        enum CodingKeys: String, CodingKey {
            case trainReasoningTokensMean = "train_reasoning_tokens_mean", validReasoningTokensMean = "valid_reasoning_tokens_mean"
            case trainReasoningTokensCount = "train_reasoning_tokens_count", validReasoningTokensCount = "valid_reasoning_tokens_count"
        }
    }

    /// `errors`.
    public struct Errors: Sendable, Hashable, Codable {
        /// One entry per grader (sub-grader of a multi grader).
        public var graders: [GraderErrorStatistics]
    }

    /// `scores`.
    public struct Scores: Sendable, Hashable, Codable {
        /// One entry per grader (sub-grader of a multi grader).
        public var graders: [GraderScore]
        /// The overall reward's means.
        public var trainRewardMean: Double
        public var validRewardMean: Double?

        enum CodingKeys: String, CodingKey {
            case graders
            case trainRewardMean = "train_reward_mean", validRewardMean = "valid_reward_mean"
        }
    }

    /// `scores.graders[]`: one grader's mean score.
    public struct GraderScore: Sendable, Hashable, Codable {
        public var name: String
        public var type: String
        public var trainRewardMean: Double
        public var validRewardMean: Double?

        enum CodingKeys: String, CodingKey {
            case name, type
            case trainRewardMean = "train_reward_mean", validRewardMean = "valid_reward_mean"
        }
    }

    /// `timing`.
    public struct Timing: Sendable, Hashable, Codable {
        /// `eval`, `sampling`, `training`, `full_iteration` in seconds.
        public var step: StepTiming
        /// Mean call latency per grader.
        public var graders: [GraderLatency]
    }

    /// `model_graders_token_usage[model]`: integer token totals of one grader model.
    public struct ModelTokenUsage: Sendable, Hashable, Codable {
        public var trainPromptTokens: Int
        public var trainCompletionTokens: Int
        public var trainCachedTokens: Int
        public var evalPromptTokens: Int
        public var evalCompletionTokens: Int
        public var evalCachedTokens: Int

        enum CodingKeys: String, CodingKey {
            case trainPromptTokens = "train_prompt_tokens", trainCompletionTokens = "train_completion_tokens"
            case trainCachedTokens = "train_cached_tokens", evalPromptTokens = "eval_prompt_tokens"
            case evalCompletionTokens = "eval_completion_tokens", evalCachedTokens = "eval_cached_tokens"
        }
    }

    enum CodingKeys: String, CodingKey {
        case step, usage, errors, scores, timing
        case totalSteps = "total_steps"
        case trainMeanReward = "train_mean_reward"
        case reasoningTokensMean = "reasoning_tokens_mean"
        case completionTokensMean = "completion_tokens_mean"
        case fullValidMeanReward = "full_valid_mean_reward"
        case meanUnresponsiveRewards = "mean_unresponsive_rewards"
        case modelGradersTokenUsage = "model_graders_token_usage"
        case fullValidMeanParseError = "full_valid_mean_parse_error"
        case validReasoningTokensMean = "valid_reasoning_tokens_mean"
    }

    /// Whether the step validated.
    public var isValidationStep: Bool { fullValidMeanReward != nil }

    /// The event's `message`, in the platform's format: `"Step 10/20 , train mean reward=0.42,
    /// full validation mean reward=0.68, full validation mean parse error=0.00"`; without the
    /// validation parts at other steps (`"Step 3/20 , train mean reward=0.42"`).
    public var message: String {
        var text = "Step \(step)/\(totalSteps) , train mean reward=\(NumberText.fixed(trainMeanReward, decimals: 2))"
        if let fullValidMeanReward {
            text += ", full validation mean reward=\(NumberText.fixed(fullValidMeanReward, decimals: 2))"
            text += ", full validation mean parse error=\(NumberText.fixed(fullValidMeanParseError ?? 0, decimals: 2))"
        }
        return text
    }
}
