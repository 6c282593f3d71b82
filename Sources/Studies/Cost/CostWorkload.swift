public import Graders
public import Provider
public import Simulator

/// What a fine-tuning job will do, in the units the price sheets charge: the part of a cost
/// estimate that does not depend on the price sheet.
///
/// - Supervised and DPO: the training file's tokens (`SupervisedTokenEstimate`: about four
///   UTF-8 bytes per token plus chat formatting; a DPO line counts its prompt and preferred
///   output) × the resolved `n_epochs` = ``trainedTokens``.
/// - Reinforcement: the resolved hyperparameters give the steps; the `TimingModel` gives the
///   seconds of each step and so the billed ``trainingSeconds``; each model grader (`score_model`,
///   `label_model`, also inside `multi`) is called once per sample, so ``graderCalls`` counts
///   steps × batch × samples per prompt training calls and validations × validation items ×
///   `eval_samples` validation calls, with prompt tokens estimated from the grader's rendered
///   prompt on the dataset's items (`TokenEstimate`) and completion tokens from
///   ``CostAssumptions/graderCompletionTokensPerCall``.
public struct CostWorkload: Sendable, Hashable {
    /// One model grader's calls and tokens over the whole job; encoded with snake_case keys
    /// (`rftsim cost --json`).
    public struct GraderCalls: Sendable, Hashable, Encodable {
        /// The grader's name (a `multi` grader's sub-grader key).
        public var grader: String
        /// The grader model, as the grader names it.
        public var model: String
        /// Calls while training: steps × batch size × samples per prompt.
        public var trainingCalls: Int
        /// Calls while validating: validations × validation items × `eval_samples`.
        public var validationCalls: Int
        /// Mean prompt tokens of a training call (the rendered prompt over the training items).
        public var promptTokensPerTrainingCall: Double
        /// Mean prompt tokens of a validation call (over the validation items).
        public var promptTokensPerValidationCall: Double
        /// Completion tokens per call (``CostAssumptions/graderCompletionTokensPerCall``).
        public var completionTokensPerCall: Int
        /// The totals billed at the grader model's rates.
        public var usage: TokenUsage

        /// Creates a record.
        public init(grader: String, model: String, trainingCalls: Int, validationCalls: Int, promptTokensPerTrainingCall: Double,
                    promptTokensPerValidationCall: Double, completionTokensPerCall: Int, usage: TokenUsage) {
            self.grader = grader
            self.model = model
            self.trainingCalls = trainingCalls
            self.validationCalls = validationCalls
            self.promptTokensPerTrainingCall = promptTokensPerTrainingCall
            self.promptTokensPerValidationCall = promptTokensPerValidationCall
            self.completionTokensPerCall = completionTokensPerCall
            self.usage = usage
        }

        enum CodingKeys: String, CodingKey {
            case grader, model, usage
            case trainingCalls = "training_calls"
            case validationCalls = "validation_calls"
            case promptTokensPerTrainingCall = "prompt_tokens_per_training_call"
            case promptTokensPerValidationCall = "prompt_tokens_per_validation_call"
            case completionTokensPerCall = "completion_tokens_per_call"
        }
    }

    /// The job's method.
    public var method: FineTuningMethod
    /// The hyperparameters with every `"auto"` resolved (examples, batch, epochs, steps, G).
    public var hyperparameters: ResolvedHyperparameters
    /// Tokens of the training file (supervised and DPO; 0 for reinforcement).
    public var trainingFileTokens: Int
    /// Billed training tokens: ``trainingFileTokens`` × `n_epochs` (supervised and DPO; 0 for reinforcement).
    public var trainedTokens: Int
    /// Billed core-training-loop seconds (reinforcement; 0 for supervised and DPO, billed per token).
    public var trainingSeconds: Double
    /// The seconds of a step that validates (the last step always does): sampling, training, eval
    /// and the full iteration; a step that does not validate takes `fullIteration − eval` (reinforcement).
    public var stepTiming: StepTiming?
    /// How many steps validate (reinforcement): every `eval_interval`-th step and the last.
    public var validations: Int
    /// Each model grader's calls and tokens (reinforcement with `score_model`/`label_model` graders).
    public var graderCalls: [GraderCalls]

    /// Training steps.
    public var steps: Int { hyperparameters.steps }
    /// ``trainingSeconds`` in hours.
    public var trainingHours: Double { trainingSeconds / 3600 }

    /// The grader tokens by grader model, as billed (graders sharing a model are summed).
    public var graderTokens: [String: TokenUsage] {
        graderCalls.reduce(into: [:]) { $0[$1.model, default: TokenUsage()] = $0[$1.model, default: TokenUsage()] + $1.usage }
    }

    /// Works out what a job will do.
    ///
    /// - Parameters:
    ///   - method: The job's method.
    ///   - trainingExamples: The training file's lines (JSON objects in the method's format).
    ///   - validationExamples: The validation file's lines; reinforcement needs at least one.
    ///   - grader: The reinforcement grader (required for reinforcement, ignored otherwise).
    ///   - hyperparameters: The job's `method.<type>.hyperparameters`; absent keys are `"auto"`.
    ///   - assumptions: The timing and grader constants.
    /// - Throws: ``CostEstimateError``: `missingInput` (no training examples; reinforcement without
    ///   a grader or validation examples), `invalidHyperparameters` naming the key, `invalidDataset`
    ///   for a supervised line whose tokens cannot be counted.
    public init(
        method: FineTuningMethod, trainingExamples: [JSONValue], validationExamples: [JSONValue] = [],
        grader: Grader? = nil, hyperparameters: PlatformHyperparameters = PlatformHyperparameters(),
        assumptions: CostAssumptions = .default
    ) throws(CostEstimateError) {
        guard !trainingExamples.isEmpty else {
            throw CostEstimateError(.missingInput, "the training file has no examples; a job needs at least one (the provider asks for 10)")
        }
        let resolved: ResolvedHyperparameters
        do {
            resolved = try hyperparameters.resolve(
                method: method == .reinforcement ? .reinforcement : .supervised,
                trainingExamples: trainingExamples.count, validationExamples: validationExamples.count)
        } catch {
            throw CostEstimateError(.invalidHyperparameters, "hyperparameters: \(error.message)", cause: error)
        }
        self.method = method
        self.hyperparameters = resolved
        if method == .reinforcement {
            guard let grader else {
                throw CostEstimateError(.missingInput, "a reinforcement job needs a grader: its calls and latency are part of the cost")
            }
            guard !validationExamples.isEmpty else {
                throw CostEstimateError(.missingInput, "a reinforcement job needs a validation file as well as a training file (the provider refuses one without)")
            }
            trainingFileTokens = 0
            trainedTokens = 0
            let timing: TimingModel
            do {
                timing = try TimingModel(
                    parameters: assumptions.timing,
                    workload: .init(resolved: resolved, graders: TimingModel.Grader.components(of: grader), parameters: assumptions.timing))
            } catch {
                throw CostEstimateError(.invalidHyperparameters, "the timing model refuses this job: \(error.message)", cause: error)
            }
            trainingSeconds = timing.wallClockSeconds(forSteps: resolved.steps)
            stepTiming = timing.timing(atStep: resolved.steps)
            validations = timing.validationCount(throughStep: resolved.steps)
            graderCalls = Self.graderCalls(
                grader, resolved: resolved, validations: validations, training: trainingExamples, validation: validationExamples,
                assumptions: assumptions)
        } else {
            trainingFileTokens = try Self.fileTokens(trainingExamples, method: method)
            trainedTokens = SupervisedTokenEstimate.trainedTokens(trainingFileTokens: trainingFileTokens, nEpochs: resolved.nEpochs)
            trainingSeconds = 0
            stepTiming = nil
            validations = 0
            graderCalls = []
        }
    }

    /// A `multi` grader's sub-graders by sorted key, or the grader itself.
    static func components(of grader: Grader) -> [(name: String, grader: Grader)] {
        if case .multi(let multi) = grader {
            return multi.graders.keys.sorted().map { ($0, multi.graders[$0]!) }
        }
        return [(grader.name, grader)]
    }

    /// Training-file tokens of a supervised or DPO file.
    private static func fileTokens(_ examples: [JSONValue], method: FineTuningMethod) throws(CostEstimateError) -> Int {
        var total = 0
        for (index, example) in examples.enumerated() {
            do {
                total += try SupervisedTokenEstimate.tokens(inExample: method == .dpo ? supervisedForm(ofPreference: example) : example)
            } catch {
                throw CostEstimateError(.invalidDataset, "training example \(index + 1): \(error.message); its tokens cannot be counted", cause: error)
            }
        }
        return total
    }

    /// A DPO line as an SFT example (prompt messages + preferred output), as the provider counts its tokens.
    static func supervisedForm(ofPreference line: JSONValue) -> JSONValue {
        guard case .array(var messages)? = line["input"]?["messages"], case .array(let preferred)? = line["preferred_output"] else {
            return line
        }
        messages += preferred
        return ["messages": .array(messages)]
    }
}
