/// The hyperparameters of an OpenAI fine-tuning job, as `method.<type>.hyperparameters` carries
/// them: each field is `"auto"` or a number, in the platform's snake_case JSON.
///
/// A `nil` field is absent from the JSON, which the platform treats as its default (`"auto"`, or
/// `"default"` for `reasoning_effort`). The reinforcement-only fields must stay `nil` for a
/// supervised job. Allowed values (openai-finetuning-api.md §2.1, SPEC
/// `FineTuneReinforcementHyperparameters` / `FineTuneSupervisedHyperparameters`):
///
/// | key | method | allowed |
/// |---|---|---|
/// | `n_epochs` | both | `"auto"` or integer 1…50 |
/// | `batch_size` | both | `"auto"` or integer 1…256 (and ≤ the training examples) |
/// | `learning_rate_multiplier` | both | `"auto"` or number > 0 |
/// | `compute_multiplier` | reinforcement | `"auto"` or number in (0.00001, 10] |
/// | `eval_interval` | reinforcement | `"auto"` or integer ≥ 1 |
/// | `eval_samples` | reinforcement | `"auto"` or integer in 1…10 (Azure's range; OpenAI documents ≥ 1) |
/// | `reasoning_effort` | reinforcement | `"default"`, `"low"`, `"medium"`, `"high"` |
///
/// The job-level `seed` is not a hyperparameter; pass it to
/// ``ResolvedHyperparameters/trainerConfiguration(algorithm:seed:)``.
///
/// ```swift
/// let json = #"{"n_epochs": 2, "batch_size": "auto", "compute_multiplier": 1.5}"#
/// let hyperparameters = try JSONDecoder().decode(PlatformHyperparameters.self, from: Data(json.utf8))
/// let resolved = try hyperparameters.resolve(method: .reinforcement, trainingExamples: 640, validationExamples: 20)
/// resolved.batchSize         // 64   (auto: ceil(640 / 10), at most 64)
/// resolved.samplesPerPrompt  // 12   (round(8 × 1.5))
/// resolved.steps             // 20   (ceil(2 × 640 / 64))
/// ```
public struct PlatformHyperparameters: Sendable, Hashable, Codable {
    /// The fine-tuning method whose hyperparameters these are (`method.type`).
    public enum Method: String, Sendable, Hashable, Codable, CaseIterable {
        /// `"supervised"` (SFT).
        case supervised
        /// `"reinforcement"` (RFT).
        case reinforcement
    }

    /// `n_epochs`: passes over the training set; integer 1…50.
    public var nEpochs: HyperparameterValue<Int>?
    /// `batch_size`: training examples per step; integer 1…256.
    public var batchSize: HyperparameterValue<Int>?
    /// `learning_rate_multiplier`: scales the base learning rate; number > 0.
    public var learningRateMultiplier: HyperparameterValue<Double>?
    /// `compute_multiplier` (reinforcement): exploration compute per step; number in (0.00001, 10].
    public var computeMultiplier: HyperparameterValue<Double>?
    /// `eval_interval` (reinforcement): training steps between validation runs; integer ≥ 1.
    public var evalInterval: HyperparameterValue<Int>?
    /// `eval_samples` (reinforcement): samples per validation item; integer in 1…10.
    public var evalSamples: HyperparameterValue<Int>?
    /// `reasoning_effort` (reinforcement).
    public var reasoningEffort: ReasoningEffort?

    /// Creates hyperparameters; every omitted field is absent (the platform's default).
    public init(
        nEpochs: HyperparameterValue<Int>? = nil,
        batchSize: HyperparameterValue<Int>? = nil,
        learningRateMultiplier: HyperparameterValue<Double>? = nil,
        computeMultiplier: HyperparameterValue<Double>? = nil,
        evalInterval: HyperparameterValue<Int>? = nil,
        evalSamples: HyperparameterValue<Int>? = nil,
        reasoningEffort: ReasoningEffort? = nil
    ) {
        self.nEpochs = nEpochs
        self.batchSize = batchSize
        self.learningRateMultiplier = learningRateMultiplier
        self.computeMultiplier = computeMultiplier
        self.evalInterval = evalInterval
        self.evalSamples = evalSamples
        self.reasoningEffort = reasoningEffort
    }

    /// The platform's JSON keys.
    enum CodingKeys: String, CodingKey {
        case nEpochs = "n_epochs"
        case batchSize = "batch_size"
        case learningRateMultiplier = "learning_rate_multiplier"
        case computeMultiplier = "compute_multiplier"
        case evalInterval = "eval_interval"
        case evalSamples = "eval_samples"
        case reasoningEffort = "reasoning_effort"
    }

    /// The JSON keys a method accepts, in the order the platform documents them.
    public static func keys(for method: Method) -> [String] {
        switch method {
        case .supervised: ["batch_size", "learning_rate_multiplier", "n_epochs"]
        case .reinforcement:
            ["batch_size", "learning_rate_multiplier", "n_epochs", "reasoning_effort",
             "compute_multiplier", "eval_interval", "eval_samples"]
        }
    }
}
