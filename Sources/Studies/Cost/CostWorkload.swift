internal import Foundation
public import Graders
public import Provider
public import Simulator

/// What a fine-tuning job will do, in the units the price sheets charge: the part of a cost
/// estimate that does not depend on the price sheet.
///
/// - Supervised and DPO: the training file's tokens (`SupervisedTokenEstimate`: about four
///   UTF-8 bytes per token plus chat formatting; a DPO line counts its prompt and preferred
///   output) × the resolved `n_epochs` = ``trainedTokens``.
/// - Reinforcement: the billed ``trainingSeconds`` and the model-grader tokens are what the
///   provider bills for the job: a fresh in-process `Provider` plans it (``DryRun``) with the same
///   simulation `rftsim run` uses, and its `usage_metrics` are read back. Step durations and grader
///   tokens follow the answers sampled at each step, so there is one computation of them, not an
///   estimate beside the bill. Each model grader (`score_model`, `label_model`, also inside
///   `multi`) is called once per sample, so ``graderCalls`` counts steps × batch × samples per
///   prompt training calls and validations × validation items × `eval_samples` validation calls.
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
        /// The totals billed at the grader model's rates (as the provider bills them).
        public var usage: TokenUsage

        /// Creates a record.
        public init(grader: String, model: String, trainingCalls: Int, validationCalls: Int, usage: TokenUsage) {
            self.grader = grader
            self.model = model
            self.trainingCalls = trainingCalls
            self.validationCalls = validationCalls
            self.usage = usage
        }

        /// All calls, training and validation.
        public var calls: Int { trainingCalls + validationCalls }
        /// Mean prompt tokens of a call.
        public var promptTokensPerCall: Double { Double(usage.promptTokens) / Double(max(1, calls)) }
        /// Mean completion tokens of a call.
        public var completionTokensPerCall: Double { Double(usage.completionTokens) / Double(max(1, calls)) }

        enum CodingKeys: String, CodingKey {
            case grader, model, usage
            case trainingCalls = "training_calls"
            case validationCalls = "validation_calls"
            case promptTokensPerCall = "prompt_tokens_per_call"
            case completionTokensPerCall = "completion_tokens_per_call"
        }

        /// Encodes the record and its per-call means.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(grader, forKey: .grader)
            try container.encode(model, forKey: .model)
            try container.encode(trainingCalls, forKey: .trainingCalls)
            try container.encode(validationCalls, forKey: .validationCalls)
            try container.encode(promptTokensPerCall, forKey: .promptTokensPerCall)
            try container.encode(completionTokensPerCall, forKey: .completionTokensPerCall)
            try container.encode(usage, forKey: .usage)
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
    /// Billed core-training-loop seconds (reinforcement, the sum of the planned steps; 0 for
    /// supervised and DPO, billed per token).
    public var trainingSeconds: Double
    /// The timing model's seconds of a step that validates at the base model's mean lengths:
    /// sampling, training, eval and the full iteration (reinforcement); planned steps follow the
    /// lengths actually sampled, so ``trainingSeconds`` is their sum, not a multiple of this.
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
    ///   - assumptions: The timing constants.
    ///   - model: The base model the provider plans the job for (reinforcement).
    ///   - dryRun: How the provider plans a reinforcement job (files, request, simulation); `nil`
    ///     builds one from the examples, `grader` and `hyperparameters` with standard simulation.
    /// - Throws: ``CostEstimateError``: `missingInput` (no training examples; reinforcement without
    ///   a grader or validation examples), `invalidHyperparameters` naming the key, `invalidDataset`
    ///   for a supervised line whose tokens cannot be counted or a job the provider refuses.
    public init(
        method: FineTuningMethod, trainingExamples: [JSONValue], validationExamples: [JSONValue] = [],
        grader: Grader? = nil, hyperparameters: PlatformHyperparameters = PlatformHyperparameters(),
        assumptions: CostAssumptions = .default, model: String = "o4-mini-2025-04-16", dryRun: DryRun? = nil
    ) async throws(CostEstimateError) {
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
            stepTiming = timing.timing(atStep: resolved.steps)
            let validations = timing.validationCount(throughStep: resolved.steps)
            self.validations = validations
            let plan = dryRun ?? Self.dryRun(
                model: model, training: trainingExamples, validation: validationExamples, grader: grader, hyperparameters: hyperparameters)
            let bill = try await Self.plannedBill(plan)
            trainingSeconds = bill.trainingSeconds
            graderCalls = Self.graderCalls(grader, resolved: resolved, validations: validations, validationItems: validationExamples.count,
                                           billed: bill.graderTokens)
        } else {
            trainingFileTokens = try Self.fileTokens(trainingExamples, method: method)
            trainedTokens = SupervisedTokenEstimate.trainedTokens(trainingFileTokens: trainingFileTokens, nEpochs: resolved.nEpochs)
            trainingSeconds = 0
            stepTiming = nil
            validations = 0
            graderCalls = []
        }
    }

    /// The dry run of a job given by its examples alone: standard simulation, no seed.
    static func dryRun(model: String, training: [JSONValue], validation: [JSONValue], grader: Grader,
                       hyperparameters: PlatformHyperparameters) -> DryRun {
        let hyperparametersJSON = (try? JSONEncoder().encode(hyperparameters)).flatMap { try? JSONValue(parsing: $0) } ?? .object([:])
        let graderJSON = grader.json
        // Without validation examples the job runs without validation, as the platform runs it.
        let validationFile = validation.isEmpty ? nil : (name: "valid.jsonl", content: Data(jsonl(validation).utf8))
        return DryRun(training: ("train.jsonl", Data(jsonl(training).utf8)), validation: validationFile) { trainingID, validationID in
            var body: [String: JSONValue] = [
                "model": .string(model), "training_file": .string(trainingID),
                "method": ["type": "reinforcement", "reinforcement": ["grader": graderJSON, "hyperparameters": hyperparametersJSON]],
            ]
            if let validationID { body["validation_file"] = .string(validationID) }
            return .object(body)
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
