/// The outcome of grading one sample, in the shape of the platform's `graders/run` response.
public struct GraderResult: Hashable, Sendable, Codable {
    /// The score.
    public var reward: Double
    /// What happened while grading.
    public var metadata: Metadata
    /// Each sub-grader's score, by key, for a `multi` grader; empty otherwise.
    public var subRewards: [String: Double]
    /// Tokens used by model graders, summed per grader model.
    public var modelGraderTokenUsagePerModel: [String: TokenUsage]

    public init(reward: Double, metadata: Metadata, subRewards: [String: Double] = [:], modelGraderTokenUsagePerModel: [String: TokenUsage] = [:]) {
        self.reward = reward
        self.metadata = metadata
        self.subRewards = subRewards
        self.modelGraderTokenUsagePerModel = modelGraderTokenUsagePerModel
    }

    enum CodingKeys: String, CodingKey {
        case reward, metadata
        case subRewards = "sub_rewards"
        case modelGraderTokenUsagePerModel = "model_grader_token_usage_per_model"
    }

    /// `metadata` of a `graders/run` response.
    public struct Metadata: Hashable, Sendable, Codable {
        public var name: String
        public var type: String
        public var errors: GraderErrors
        /// Seconds the grading took (simulated unless measured; see `GradingOptions`).
        public var executionTime: Double
        /// Raw scores worth showing: a model grader's unclipped output, a `multi` grader's
        /// sub-scores.
        public var scores: [String: Double]
        /// Model-grader token usage, or `nil` for graders that use no model.
        public var tokenUsage: TokenUsage?
        /// The grader model that answered, or `nil`.
        public var sampledModelName: String?

        public init(name: String, type: String, errors: GraderErrors = GraderErrors(), executionTime: Double = 0,
                    scores: [String: Double] = [:], tokenUsage: TokenUsage? = nil, sampledModelName: String? = nil) {
            self.name = name
            self.type = type
            self.errors = errors
            self.executionTime = executionTime
            self.scores = scores
            self.tokenUsage = tokenUsage
            self.sampledModelName = sampledModelName
        }

        enum CodingKeys: String, CodingKey {
            case name, type, errors, scores
            case executionTime = "execution_time"
            case tokenUsage = "token_usage"
            case sampledModelName = "sampled_model_name"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            type = try container.decode(String.self, forKey: .type)
            errors = try container.decode(GraderErrors.self, forKey: .errors)
            executionTime = try container.decode(Double.self, forKey: .executionTime)
            scores = try container.decode([String: Double].self, forKey: .scores)
            // The wire form is the total (an integer); the detailed form is accepted too.
            if let total = try? container.decodeIfPresent(Int.self, forKey: .tokenUsage) {
                tokenUsage = TokenUsage(completionTokens: total)
            } else {
                tokenUsage = try container.decodeIfPresent(TokenUsage.self, forKey: .tokenUsage)
            }
            sampledModelName = try container.decodeIfPresent(String.self, forKey: .sampledModelName)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(type, forKey: .type)
            try container.encode(errors, forKey: .errors)
            try container.encode(executionTime, forKey: .executionTime)
            try container.encode(scores, forKey: .scores)
            // The total as an integer, or null (not absent: the key is required), as the spec and the SDK declare it.
            try container.encode(tokenUsage?.totalTokens, forKey: .tokenUsage)
            try container.encode(sampledModelName, forKey: .sampledModelName)
        }
    }
}

/// Token counts of model-grader calls.
public struct TokenUsage: Hashable, Sendable, Codable {
    public var promptTokens: Int
    public var completionTokens: Int
    public var totalTokens: Int
    public var cachedTokens: Int

    public init(promptTokens: Int = 0, completionTokens: Int = 0, cachedTokens: Int = 0) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = promptTokens + completionTokens
        self.cachedTokens = cachedTokens
    }

    /// The element-wise sum.
    public static func + (lhs: TokenUsage, rhs: TokenUsage) -> TokenUsage {
        TokenUsage(promptTokens: lhs.promptTokens + rhs.promptTokens, completionTokens: lhs.completionTokens + rhs.completionTokens,
                   cachedTokens: lhs.cachedTokens + rhs.cachedTokens)
    }

    enum CodingKeys: String, CodingKey {
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case totalTokens = "total_tokens"
        case cachedTokens = "cached_tokens"
    }
}

/// The error flags of `metadata.errors`; every flag is always present.
public struct GraderErrors: Hashable, Sendable, Codable {
    public var formulaParseError = false
    public var sampleParseError = false
    public var truncatedObservationError = false
    public var unresponsiveRewardError = false
    public var invalidVariableError = false
    public var otherError = false
    public var pythonGraderServerError = false
    public var pythonGraderServerErrorType: String?
    public var pythonGraderRuntimeError = false
    public var pythonGraderRuntimeErrorDetails: String?
    public var modelGraderServerError = false
    public var modelGraderRefusalError = false
    public var modelGraderParseError = false
    public var modelGraderServerErrorDetails: String?

    public init() {}

    /// Whether any flag is set.
    public var any: Bool {
        formulaParseError || sampleParseError || truncatedObservationError || unresponsiveRewardError || invalidVariableError
            || otherError || pythonGraderServerError || pythonGraderRuntimeError || modelGraderServerError
            || modelGraderRefusalError || modelGraderParseError
    }

    /// The names of the flags that are set, as the platform spells them.
    public var raised: [String] {
        let flags: [(Bool, String)] = [
            (formulaParseError, "formula_parse_error"), (sampleParseError, "sample_parse_error"),
            (truncatedObservationError, "truncated_observation_error"), (unresponsiveRewardError, "unresponsive_reward_error"),
            (invalidVariableError, "invalid_variable_error"), (otherError, "other_error"),
            (pythonGraderServerError, "python_grader_server_error"), (pythonGraderRuntimeError, "python_grader_runtime_error"),
            (modelGraderServerError, "model_grader_server_error"), (modelGraderRefusalError, "model_grader_refusal_error"),
            (modelGraderParseError, "model_grader_parse_error"),
        ]
        return flags.filter(\.0).map(\.1)
    }

    /// Sets every flag set in `other` (details too), as a `multi` grader reports its sub-graders'.
    public mutating func merge(_ other: GraderErrors) {
        formulaParseError = formulaParseError || other.formulaParseError
        sampleParseError = sampleParseError || other.sampleParseError
        truncatedObservationError = truncatedObservationError || other.truncatedObservationError
        unresponsiveRewardError = unresponsiveRewardError || other.unresponsiveRewardError
        invalidVariableError = invalidVariableError || other.invalidVariableError
        otherError = otherError || other.otherError
        pythonGraderServerError = pythonGraderServerError || other.pythonGraderServerError
        pythonGraderServerErrorType = pythonGraderServerErrorType ?? other.pythonGraderServerErrorType
        pythonGraderRuntimeError = pythonGraderRuntimeError || other.pythonGraderRuntimeError
        pythonGraderRuntimeErrorDetails = pythonGraderRuntimeErrorDetails ?? other.pythonGraderRuntimeErrorDetails
        modelGraderServerError = modelGraderServerError || other.modelGraderServerError
        modelGraderRefusalError = modelGraderRefusalError || other.modelGraderRefusalError
        modelGraderParseError = modelGraderParseError || other.modelGraderParseError
        modelGraderServerErrorDetails = modelGraderServerErrorDetails ?? other.modelGraderServerErrorDetails
    }

    enum CodingKeys: String, CodingKey {
        case formulaParseError = "formula_parse_error"
        case sampleParseError = "sample_parse_error"
        case truncatedObservationError = "truncated_observation_error"
        case unresponsiveRewardError = "unresponsive_reward_error"
        case invalidVariableError = "invalid_variable_error"
        case otherError = "other_error"
        case pythonGraderServerError = "python_grader_server_error"
        case pythonGraderServerErrorType = "python_grader_server_error_type"
        case pythonGraderRuntimeError = "python_grader_runtime_error"
        case pythonGraderRuntimeErrorDetails = "python_grader_runtime_error_details"
        case modelGraderServerError = "model_grader_server_error"
        case modelGraderRefusalError = "model_grader_refusal_error"
        case modelGraderParseError = "model_grader_parse_error"
        case modelGraderServerErrorDetails = "model_grader_server_error_details"
    }

    public func encode(to encoder: any Encoder) throws {
        // Every key is required in the platform's response, details as null when absent.
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(formulaParseError, forKey: .formulaParseError)
        try container.encode(sampleParseError, forKey: .sampleParseError)
        try container.encode(truncatedObservationError, forKey: .truncatedObservationError)
        try container.encode(unresponsiveRewardError, forKey: .unresponsiveRewardError)
        try container.encode(invalidVariableError, forKey: .invalidVariableError)
        try container.encode(otherError, forKey: .otherError)
        try container.encode(pythonGraderServerError, forKey: .pythonGraderServerError)
        try container.encode(pythonGraderServerErrorType, forKey: .pythonGraderServerErrorType)
        try container.encode(pythonGraderRuntimeError, forKey: .pythonGraderRuntimeError)
        try container.encode(pythonGraderRuntimeErrorDetails, forKey: .pythonGraderRuntimeErrorDetails)
        try container.encode(modelGraderServerError, forKey: .modelGraderServerError)
        try container.encode(modelGraderRefusalError, forKey: .modelGraderRefusalError)
        try container.encode(modelGraderParseError, forKey: .modelGraderParseError)
        try container.encode(modelGraderServerErrorDetails, forKey: .modelGraderServerErrorDetails)
    }
}
