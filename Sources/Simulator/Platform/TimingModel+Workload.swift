extension TimingModel {
    /// A grader as the timing model sees it: a name (as the metrics event reports it), a type and
    /// optionally its own latency.
    public struct Grader: Sendable, Hashable {
        /// The grader's `name`.
        public var name: String
        /// The grader's `type`.
        public var type: GraderKind
        /// Seconds per training call, overriding ``Parameters/graderLatencySeconds`` for this
        /// grader (e.g. a reasoning grader model); `nil` uses the type's default.
        public var latencySeconds: Double?

        /// Creates a grader.
        public init(name: String, type: GraderKind, latencySeconds: Double? = nil) {
            self.name = name
            self.type = type
            self.latencySeconds = latencySeconds
        }
    }

    /// What one job asks of the platform per step: sizes, token lengths and graders.
    public struct Workload: Sendable, Hashable {
        /// B, prompts per training step (≥ 1).
        public var batchSize: Int
        /// G, samples per prompt (≥ 1).
        public var samplesPerPrompt: Int
        /// Reasoning tokens per training sample at the base model (≥ 0).
        public var reasoningTokensPerSample: Double
        /// Reasoning tokens per validation sample at the base model (≥ 0); default
        /// ``reasoningTokensPerSample`` × ``Parameters/validationReasoningRatio``.
        public var validationReasoningTokensPerSample: Double
        /// Visible answer tokens per sample (≥ 0).
        public var answerTokensPerSample: Double
        /// Items in the validation set (0: no validation).
        public var validationItems: Int
        /// `eval_samples`, samples per validation item (≥ 1).
        public var evalSamples: Int
        /// `eval_interval`: validation happens when the 1-based step is a multiple of it (≥ 1).
        public var evalInterval: Int
        /// The job's step count; the last step validates as well. `nil`: only the interval grid.
        public var totalSteps: Int?
        /// The graders that score every sample; a `multi` grader is listed as its components,
        /// which run one after another on each sample.
        public var graders: [Grader]

        /// Creates a workload from explicit sizes and lengths.
        public init(
            batchSize: Int, samplesPerPrompt: Int, reasoningTokensPerSample: Double, answerTokensPerSample: Double,
            validationItems: Int, evalSamples: Int, evalInterval: Int, totalSteps: Int? = nil, graders: [Grader],
            validationReasoningTokensPerSample: Double? = nil
        ) {
            self.batchSize = batchSize
            self.samplesPerPrompt = samplesPerPrompt
            self.reasoningTokensPerSample = reasoningTokensPerSample
            self.validationReasoningTokensPerSample = validationReasoningTokensPerSample
                ?? reasoningTokensPerSample * Parameters.default.validationReasoningRatio
            self.answerTokensPerSample = answerTokensPerSample
            self.validationItems = validationItems
            self.evalSamples = evalSamples
            self.evalInterval = evalInterval
            self.totalSteps = totalSteps
            self.graders = graders
        }

        /// The workload of a resolved reinforcement job: B, G, `eval_samples`, `eval_interval`,
        /// steps and validation items from `resolved`; reasoning tokens from
        /// ``Parameters/reasoningTokens(effort:lengthFactor:)`` with the job's effort and
        /// ``ResolvedHyperparameters/reasoningLengthFactor`` (or `baseReasoningTokens` at medium
        /// effort, a scenario's `prior.reasoning_tokens`), validation samples × the parameters'
        /// ``Parameters/validationReasoningRatio``; answer tokens from `parameters`.
        ///
        /// - Parameters:
        ///   - resolved: The resolved job.
        ///   - graders: The graders scoring every sample.
        ///   - parameters: The timing constants.
        ///   - baseReasoningTokens: The base model's mean reasoning tokens per training sample at
        ///     medium effort, when the task sets it; `nil` takes ``Parameters/reasoningTokensPerSample``.
        /// - Throws: ``SimulatorError`` (`unsupported`) for a supervised job.
        public init(resolved: ResolvedHyperparameters, graders: [Grader], parameters: Parameters = .default,
                    baseReasoningTokens: Double? = nil) throws(SimulatorError) {
            guard let reinforcement = resolved.reinforcement else {
                throw SimulatorError(.unsupported, field: "method", "the timing model covers reinforcement jobs; this job is supervised")
            }
            var base = parameters
            if let baseReasoningTokens { base.reasoningTokensPerSample = baseReasoningTokens }
            let reasoning = base.reasoningTokens(effort: reinforcement.reasoningEffort, lengthFactor: resolved.reasoningLengthFactor)
            self.init(
                batchSize: resolved.batchSize, samplesPerPrompt: resolved.samplesPerPrompt,
                reasoningTokensPerSample: reasoning,
                answerTokensPerSample: parameters.answerTokensPerSample,
                validationItems: resolved.validationExamples, evalSamples: reinforcement.evalSamples,
                evalInterval: reinforcement.evalInterval, totalSteps: resolved.steps, graders: graders,
                validationReasoningTokensPerSample: reasoning * parameters.validationReasoningRatio)
        }

        /// Tokens decoded per training sample: reasoning plus answer (the event's `completion_tokens_mean`).
        public var completionTokensPerSample: Double {
            reasoningTokensPerSample + answerTokensPerSample
        }

        /// Tokens decoded per validation sample: validation reasoning plus answer.
        public var validationCompletionTokensPerSample: Double {
            validationReasoningTokensPerSample + answerTokensPerSample
        }

        /// Samples (and calls of each grader) per training step: B × G.
        public var trainingSamples: Int { batchSize * samplesPerPrompt }

        /// Samples (and calls of each grader) per validation: validation items × `eval_samples`.
        public var validationSamples: Int { validationItems * evalSamples }

        /// Checks sizes and lengths.
        ///
        /// - Throws: ``SimulatorError`` naming the field (`"workload.batchSize"`).
        public func validate() throws(SimulatorError) {
            let atLeastOne = [("batchSize", batchSize), ("samplesPerPrompt", samplesPerPrompt),
                              ("evalSamples", evalSamples), ("evalInterval", evalInterval)]
            for (name, value) in atLeastOne where value < 1 {
                throw .invalid("workload.\(name)", "\(name) must be ≥ 1, got \(value)")
            }
            guard validationItems >= 0 else {
                throw .invalid("workload.validationItems", "validationItems must be ≥ 0, got \(validationItems)")
            }
            if let totalSteps, totalSteps < 0 {
                throw .invalid("workload.totalSteps", "totalSteps must be ≥ 0, got \(totalSteps)")
            }
            for (name, value) in [("reasoningTokensPerSample", reasoningTokensPerSample), ("answerTokensPerSample", answerTokensPerSample),
                                  ("validationReasoningTokensPerSample", validationReasoningTokensPerSample)]
            where !(value.isFinite && value >= 0) {
                throw .invalid("workload.\(name)", "\(name) must be finite and ≥ 0, got \(value)")
            }
            for (index, grader) in graders.enumerated() {
                if let latency = grader.latencySeconds, !(latency.isFinite && latency >= 0) {
                    throw .invalid("workload.graders[\(index)].latencySeconds", "grader \"\(grader.name)\" latencySeconds must be finite and ≥ 0, got \(latency)")
                }
            }
        }
    }
}
