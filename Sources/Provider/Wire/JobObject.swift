public import Graders

/// A fine-tuning job as the API returns it (the spec's `FineTuningJob`, plus the fields the
/// guides show beyond it: `usage_metrics`, `shared_with_openai`, `user_provided_suffix`, `eval_id`).
///
/// Every key the spec requires is always written (`null` when unknown), so clients that parse
/// strictly accept it; `hyperparameters` is always an object (the resolved values once files are
/// validated, the request's until then).
public struct JobObject: Sendable, Hashable, Encodable {
    /// The platform's job error, set only for failed jobs.
    public struct Failure: Sendable, Hashable, Encodable {
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

        private enum CodingKeys: String, CodingKey { case code, message, param }
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(code, forKey: .code)
            try c.encode(message, forKey: .message)
            try c.encode(param, forKey: .param)
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

    private enum CodingKeys: String, CodingKey {
        case object, id, createdAt = "created_at", error, fineTunedModel = "fine_tuned_model"
        case finishedAt = "finished_at", hyperparameters, model, organizationID = "organization_id"
        case resultFiles = "result_files", status, trainedTokens = "trained_tokens", trainingFile = "training_file"
        case validationFile = "validation_file", integrations, seed, estimatedFinish = "estimated_finish", method
        case metadata, userProvidedSuffix = "user_provided_suffix", usageMetrics = "usage_metrics"
        case sharedWithOpenAI = "shared_with_openai", evalID = "eval_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("fine_tuning.job", forKey: .object)
        try c.encode(id, forKey: .id)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(error, forKey: .error)
        try c.encode(fineTunedModel, forKey: .fineTunedModel)
        try c.encode(finishedAt, forKey: .finishedAt)
        try c.encode(hyperparameters, forKey: .hyperparameters)
        try c.encode(model, forKey: .model)
        try c.encode(organizationID, forKey: .organizationID)
        try c.encode(resultFiles, forKey: .resultFiles)
        try c.encode(status, forKey: .status)
        try c.encode(trainedTokens, forKey: .trainedTokens)
        try c.encode(trainingFile, forKey: .trainingFile)
        try c.encode(validationFile, forKey: .validationFile)
        try c.encode(integrations, forKey: .integrations)
        try c.encode(seed, forKey: .seed)
        try c.encode(estimatedFinish, forKey: .estimatedFinish)
        try c.encode(method, forKey: .method)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(userProvidedSuffix, forKey: .userProvidedSuffix)
        try c.encode(usageMetrics, forKey: .usageMetrics)
        try c.encode(sharedWithOpenAI, forKey: .sharedWithOpenAI)
        if let evalID { try c.encode(evalID, forKey: .evalID) }
    }
}

/// What an RFT job has used so far: the platform documents the field ("the total usage of the job
/// up until the current step … the time spent training, and all tokens used across all model
/// graders") but not its shape; this is ours.
public struct UsageMetrics: Sendable, Hashable, Encodable {
    /// Seconds of core training time so far (the billed quantity; queue and validation excluded).
    public var trainingSeconds: Double
    /// `trainingSeconds` in hours, to two decimals, as the invoice shows it.
    public var trainingHours: Double
    /// Steps completed.
    public var stepsCompleted: Int
    /// Model-grader tokens so far, by grader model.
    public var graderTokens: [String: TokenUsage]

    private enum CodingKeys: String, CodingKey {
        case trainingSeconds = "training_seconds", trainingHours = "training_hours"
        case stepsCompleted = "steps_completed", graderTokens = "grader_tokens"
    }
}
