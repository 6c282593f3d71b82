public import Graders

/// A fine-tuning job as the API returns it (the spec's `FineTuningJob`, plus the fields the
/// guides show beyond it: `usage_metrics`, `shared_with_openai`, `user_provided_suffix`, `eval_id`).
///
/// Every key the spec requires is always written (`null` when unknown), so clients that parse
/// strictly accept it; `hyperparameters` is always an object (the resolved values once files are
/// validated, the request's until then).
public struct JobObject: WireObject {
    /// The platform's job error, set only for failed jobs.
    public struct Failure: WireObject {
        /// A machine-readable code, e.g. `invalid_n_examples`.
        public var code: String
        /// What went wrong.
        public var message: String
        /// The request field at fault, if any.
        public var param: String?

        /// Creates a job error.
        public init(code: String, message: String, param: String?) {
            self.code = code
            self.message = message
            self.param = param
        }

    }

    public var id: String
    public var createdAt: Int
    public var error: Failure?
    public var fineTunedModel: String?
    public var finishedAt: Int?
    /// `{batch_size, learning_rate_multiplier, n_epochs}` (plus `beta` for DPO).
    public var hyperparameters: JSONValue
    public var model: String
    public var organizationID: String
    public var resultFiles: [String]
    public var status: JobStatus
    public var trainedTokens: Int?
    public var trainingFile: String
    public var validationFile: String?
    public var integrations: JSONValue
    public var seed: Int
    public var estimatedFinish: Int?
    /// `{type, supervised|dpo|reinforcement: {hyperparameters, grader?, response_format?}}`.
    public var method: JSONValue
    public var metadata: [String: String]?
    public var userProvidedSuffix: String?
    /// Time and grader tokens so far (RFT), `null` for other methods; see ``UsageMetrics``.
    public var usageMetrics: UsageMetrics?
    public var sharedWithOpenAI: Bool
    /// The eval the platform makes for an RFT job (`eval_…`), `nil` otherwise.
    public var evalID: String?
}

/// What an RFT job has used so far: the platform documents the field ("the total usage of the job
/// up until the current step … the time spent training, and all tokens used across all model
/// graders") but not its shape; this is ours.
public struct UsageMetrics: WireObject {
    /// Seconds of core training time so far (the billed quantity; queue and validation excluded).
    public var trainingSeconds: Double
    /// `trainingSeconds` in hours, to two decimals, as the invoice shows it.
    public var trainingHours: Double
    /// Steps completed.
    public var stepsCompleted: Int
    /// Model-grader tokens so far, by grader model.
    public var graderTokens: [String: TokenUsage]
}
