/// Everything that decides a training run besides the tables: algorithm, sizes, rates, seed.
///
/// Defaults follow TRL's `GRPOTrainer` at the response level where they make sense (G = 8,
/// group std scaling, ε = 0.2, one iteration per batch, β = 0) and plain SGD, the setting in
/// which the mean-field time t = η·n holds.
///
/// ```swift
/// var configuration = TrainerConfiguration(algorithm: .rloo, learningRate: 0.1, batchSize: 4, groupSize: 8, steps: 300)
/// configuration.kl = KLPenalty(beta: 0.05, estimator: .k1)
/// configuration.seed = 7
/// ```
public struct TrainerConfiguration: Sendable, Hashable {
    /// The update rule.
    public var algorithm: Algorithm
    /// η ≥ 0, the step size (SGD) or Adam's learning rate.
    public var learningRate: Double
    /// B, items per step (1 ≤ B ≤ the training item count).
    public var batchSize: Int
    /// G, answers sampled per item (≥ 2 for GRPO, RLOO and Dr. GRPO). The exact modes use it
    /// only for the expected `frac_reward_zero_std`.
    public var groupSize: Int
    /// The number of steps ``Trainer/run()`` takes.
    public var steps: Int
    /// The run seed every random stream is derived from.
    public var seed: UInt64
    /// GRPO's std scaling (ignored by the other algorithms).
    public var rewardScaling: RewardScaling
    /// The KL penalty to the reference policy, if any.
    public var kl: KLPenalty?
    /// θ of the reference policy for the KL penalty and the `kl` metric; `nil` is θ = 0, the base model.
    public var referenceParameters: [Double]?
    /// θ at step 0; `nil` is θ = 0, the base model.
    public var initialParameters: [Double]?
    /// PPO's clipping ε (lower side): ratios outside [1 − ε, 1 + ε_high] stop the gradient of
    /// answers whose advantage pushes further out. Only matters with ``iterationsPerBatch`` > 1.
    public var clipEpsilon: Double
    /// The upper ε (TRL's `epsilon_high`); `nil` means ``clipEpsilon``.
    public var clipEpsilonHigh: Double?
    /// μ, optimizer updates per sampled batch (TRL's `num_iterations`), reusing the answers with
    /// importance ratios π_θ/π_old. One ``TrainingSession/step()`` makes all μ updates.
    public var iterationsPerBatch: Int
    /// SGD or Adam.
    public var optimizer: Optimizer
    /// REINFORCE's baseline rate α ∈ [0, 1] (b ← b + α(mean batch reward − b); 0 = no baseline).
    public var baselineRate: Double
    /// λ > 0 added to the Fisher matrix's diagonal by the `natural` algorithm on non-tabular tables.
    public var naturalDamping: Double
    /// Validate every this many steps; ``Trainer/run()`` also validates after its last step.
    /// `nil`: only after the last step. (Validation needs a validation table.)
    public var evalInterval: Int?
    /// Answers sampled per validation item for the sampled `valid_reward_mean` (≥ 1).
    public var evalSamples: Int
    /// Compute the exact whole-table policy metrics (``StepMetrics/policyExpectedReward``,
    /// ``StepMetrics/goldRewardMean``, tracked probabilities) every this many steps (≥ 1); they
    /// cost one policy evaluation per training item.
    public var policyMetricsInterval: Int
    /// The item whose policy probabilities the metrics track; `nil` tracks item 0 of a
    /// single-item table and nothing otherwise.
    public var trackedItem: Int?
    /// Transfer between items and step-size instability (``TrainingDynamics``); neutral by
    /// default (jobs get ``TrainingDynamics/jobDefault``).
    public var dynamics: TrainingDynamics

    /// Creates a configuration; the remaining fields take their defaults and can be set after.
    public init(
        algorithm: Algorithm = .grpo,
        learningRate: Double = 0.1,
        batchSize: Int = 4,
        groupSize: Int = 8,
        steps: Int = 100,
        seed: UInt64 = 0
    ) {
        self.algorithm = algorithm
        self.learningRate = learningRate
        self.batchSize = batchSize
        self.groupSize = groupSize
        self.steps = steps
        self.seed = seed
        rewardScaling = .group
        kl = nil
        referenceParameters = nil
        initialParameters = nil
        clipEpsilon = 0.2
        clipEpsilonHigh = nil
        iterationsPerBatch = 1
        optimizer = .sgd
        baselineRate = 0.1
        naturalDamping = 1e-4
        evalInterval = nil
        evalSamples = 5
        policyMetricsInterval = 1
        trackedItem = nil
        dynamics = .neutral
    }
}
