/// A job's hyperparameters with every `"auto"` replaced by a value, and their meaning for the
/// simulator: G, the learning rate, the step count and the reasoning-length factor.
///
/// Made by ``PlatformHyperparameters/resolve(method:trainingExamples:validationExamples:baseLearningRate:)``.
/// The mappings onto the simulator are RFTSim's (documented per property and in
/// `docs/HYPERPARAMETERS.md`):
///
/// - `steps = ceil(n_epochs × trainingExamples / batch_size)` (an epoch is "the number of steps in
///   the training set divided by the batch size", openai-finetuning-api.md §5.2);
/// - `learningRate = baseLearningRate × learning_rate_multiplier`;
/// - `samplesPerPrompt` G `= max(2, round(8 × compute_multiplier))` (1 for supervised jobs);
/// - `reasoningLengthFactor = clamp(√compute_multiplier, 0.5, 2)` (1 for supervised jobs).
public struct ResolvedHyperparameters: Sendable, Hashable {
    /// The reinforcement-only values.
    public struct Reinforcement: Sendable, Hashable {
        /// `compute_multiplier`, in (0.00001, 10].
        public var computeMultiplier: Double
        /// `eval_interval` ≥ 1: validate when the 1-based step is a multiple of it (and after the last step).
        public var evalInterval: Int
        /// `eval_samples` ≥ 1: samples per validation item at a validation step.
        public var evalSamples: Int
        /// `reasoning_effort`, never ``ReasoningEffort/default`` (resolved to ``ReasoningEffort/medium``).
        public var reasoningEffort: ReasoningEffort

        /// Creates the reinforcement values (unchecked; use the resolver for checked values).
        public init(computeMultiplier: Double, evalInterval: Int, evalSamples: Int, reasoningEffort: ReasoningEffort) {
            self.computeMultiplier = computeMultiplier
            self.evalInterval = evalInterval
            self.evalSamples = evalSamples
            self.reasoningEffort = reasoningEffort
        }
    }

    /// The simulator learning rate at `learning_rate_multiplier` 1: 0.1, ``TrainerConfiguration``'s
    /// default η (RFTSim's choice; the platform's base rate is not published).
    public static let defaultBaseLearningRate = 0.1

    /// The job's method.
    public var method: PlatformHyperparameters.Method
    /// `n_epochs`, 1…50.
    public var nEpochs: Int
    /// `batch_size`, 1…min(256, trainingExamples).
    public var batchSize: Int
    /// `learning_rate_multiplier` > 0.
    public var learningRateMultiplier: Double
    /// The reinforcement values; `nil` for a supervised job.
    public var reinforcement: Reinforcement?
    /// N, the training examples the values were resolved for.
    public var trainingExamples: Int
    /// The validation examples (0 when there is no validation file).
    public var validationExamples: Int
    /// The simulator learning rate at multiplier 1.
    public var baseLearningRate: Double

    /// Creates resolved values (unchecked; use the resolver for checked values).
    public init(
        method: PlatformHyperparameters.Method, nEpochs: Int, batchSize: Int, learningRateMultiplier: Double,
        reinforcement: Reinforcement?, trainingExamples: Int, validationExamples: Int,
        baseLearningRate: Double = defaultBaseLearningRate
    ) {
        self.method = method
        self.nEpochs = nEpochs
        self.batchSize = batchSize
        self.learningRateMultiplier = learningRateMultiplier
        self.reinforcement = reinforcement
        self.trainingExamples = trainingExamples
        self.validationExamples = validationExamples
        self.baseLearningRate = baseLearningRate
    }

    /// Training steps: `ceil(n_epochs × trainingExamples / batch_size)`.
    public var steps: Int {
        (nEpochs * trainingExamples + batchSize - 1) / batchSize
    }

    /// The simulator's η: `baseLearningRate × learning_rate_multiplier`.
    public var learningRate: Double {
        baseLearningRate * learningRateMultiplier
    }

    /// G, samples per prompt: `max(2, round(8 × compute_multiplier))` (8 at the default 1, 80 at
    /// the maximum 10); 1 for supervised jobs. The platform does not publish G; Azure describes
    /// the multiplier as "greater number of samples being rolled per instance" (§2.1).
    public var samplesPerPrompt: Int {
        guard let reinforcement else { return 1 }
        return Self.samplesPerPrompt(computeMultiplier: reinforcement.computeMultiplier)
    }

    /// How much longer than at `compute_multiplier` 1 each sample reasons:
    /// `clamp(√compute_multiplier, 0.5, 2)`; 1 for supervised jobs. BILLING says higher values
    /// "encourage the model to reason more verbosely" (§6.1).
    public var reasoningLengthFactor: Double {
        guard let reinforcement else { return 1 }
        return Self.reasoningLengthFactor(computeMultiplier: reinforcement.computeMultiplier)
    }

    /// G for a compute multiplier: `max(2, round(8 × m))`.
    public static func samplesPerPrompt(computeMultiplier m: Double) -> Int {
        max(2, Int((8 * m).rounded()))
    }

    /// The reasoning-length factor for a compute multiplier: `clamp(√m, 0.5, 2)`.
    public static func reasoningLengthFactor(computeMultiplier m: Double) -> Double {
        min(2, max(0.5, m.squareRoot()))
    }

    /// The values as the platform echoes them on the job: every key explicit, none `"auto"`.
    public var platformHyperparameters: PlatformHyperparameters {
        var echoed = PlatformHyperparameters(
            nEpochs: .value(nEpochs), batchSize: .value(batchSize), learningRateMultiplier: .value(learningRateMultiplier))
        if let reinforcement {
            echoed.computeMultiplier = .value(reinforcement.computeMultiplier)
            echoed.evalInterval = .value(reinforcement.evalInterval)
            echoed.evalSamples = .value(reinforcement.evalSamples)
            echoed.reasoningEffort = reinforcement.reasoningEffort
        }
        return echoed
    }

    /// A trainer configuration with these sizes and rates; everything else keeps
    /// ``TrainerConfiguration``'s defaults.
    ///
    /// Sets `batchSize`, `groupSize` (G), `learningRate`, `steps`, and for reinforcement jobs
    /// `evalInterval` and `evalSamples`. A supervised job's G of 1 needs a non-group algorithm
    /// (e.g. `.reinforce`) to pass ``TrainerConfiguration/validate(table:validation:)``.
    ///
    /// - Parameters:
    ///   - algorithm: The update rule (GRPO by default).
    ///   - seed: The job's `seed`.
    public func trainerConfiguration(algorithm: Algorithm = .grpo, seed: UInt64 = 0) -> TrainerConfiguration {
        var configuration = TrainerConfiguration(
            algorithm: algorithm, learningRate: learningRate, batchSize: batchSize,
            groupSize: samplesPerPrompt, steps: steps, seed: seed)
        if let reinforcement {
            configuration.evalInterval = reinforcement.evalInterval
            configuration.evalSamples = reinforcement.evalSamples
        }
        return configuration
    }
}
