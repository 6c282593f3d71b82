/// What one training step reports, named as the provider and TRL report it (the JSON keys).
///
/// Batch statistics describe the answers sampled at this step from the policy *before* its
/// update (as TRL logs them); `policy…`, `gold…` and `valid…` values describe the policy *after*
/// the update (the checkpoint a client would get). In the exact modes the batch statistics are
/// the exact expectations over the batch's items.
///
/// All fields are plain values, so producing the metrics of a step allocates nothing.
public struct StepMetrics: Sendable, Hashable, Codable {
    /// The step number, from 1.
    public var step: Int
    /// Epochs completed: items drawn so far over the training item count.
    public var epoch: Double
    /// Mean training reward of the step's sampled answers (`train_reward_mean`).
    public var trainRewardMean: Double
    /// Std (n − 1) of those rewards over the whole batch (`reward_std`).
    public var rewardStd: Double
    /// Fraction of the step's groups whose rewards are all equal, i.e. with no learning signal
    /// for GRPO, RLOO and Dr. GRPO (`frac_reward_zero_std`); the exact modes report the expected
    /// fraction Σ_v (Σ_{c: r_c = v} π_c)^G averaged over the batch. 1 means the step learned
    /// nothing. With G = 1 it is 0 (a group of one has no std; TRL's is NaN).
    public var fracRewardZeroStd: Double
    /// Mean entropy of π over the batch's items, in nats, response-level (`entropy`).
    public var entropy: Double
    /// Mean KL(π ‖ π_ref) over the batch's items, exact and response-level (`kl`).
    public var kl: Double
    /// Fraction of (answer, iteration) pairs whose PPO ratio was clipped (`clip_ratio`).
    public var clipRatio: Double
    /// The Euclidean norm of the first iteration's ascent direction (`grad_norm`).
    public var gradientNorm: Double
    /// Mean gold reward of the step's sampled answers, with a gold grader (`train_gold_reward_mean`).
    public var trainGoldRewardMean: Double?
    /// The exact expected training reward of the updated policy over all training items.
    public var policyExpectedReward: Double?
    /// The exact expected gold reward of the updated policy over all training items.
    public var goldRewardMean: Double?
    /// The sampled mean validation reward, `evalSamples` answers per validation item (`valid_reward_mean`).
    public var validRewardMean: Double?
    /// The exact expected validation reward of the updated policy.
    public var validPolicyExpectedReward: Double?
    /// The exact expected gold reward on the validation items.
    public var validGoldRewardMean: Double?

    /// Creates metrics (normally the trainer does).
    public init(
        step: Int, epoch: Double, trainRewardMean: Double, rewardStd: Double, fracRewardZeroStd: Double,
        entropy: Double, kl: Double, clipRatio: Double = 0, gradientNorm: Double = 0,
        trainGoldRewardMean: Double? = nil, policyExpectedReward: Double? = nil, goldRewardMean: Double? = nil,
        validRewardMean: Double? = nil, validPolicyExpectedReward: Double? = nil, validGoldRewardMean: Double? = nil
    ) {
        self.step = step
        self.epoch = epoch
        self.trainRewardMean = trainRewardMean
        self.rewardStd = rewardStd
        self.fracRewardZeroStd = fracRewardZeroStd
        self.entropy = entropy
        self.kl = kl
        self.clipRatio = clipRatio
        self.gradientNorm = gradientNorm
        self.trainGoldRewardMean = trainGoldRewardMean
        self.policyExpectedReward = policyExpectedReward
        self.goldRewardMean = goldRewardMean
        self.validRewardMean = validRewardMean
        self.validPolicyExpectedReward = validPolicyExpectedReward
        self.validGoldRewardMean = validGoldRewardMean
    }

    enum CodingKeys: String, CodingKey {
        case step, epoch, entropy, kl
        case trainRewardMean = "train_reward_mean"
        case rewardStd = "reward_std"
        case fracRewardZeroStd = "frac_reward_zero_std"
        case clipRatio = "clip_ratio"
        case gradientNorm = "grad_norm"
        case trainGoldRewardMean = "train_gold_reward_mean"
        case policyExpectedReward = "policy_expected_reward"
        case goldRewardMean = "gold_reward_mean"
        case validRewardMean = "valid_reward_mean"
        case validPolicyExpectedReward = "valid_policy_expected_reward"
        case validGoldRewardMean = "valid_gold_reward_mean"
    }

    /// Whether every field has the same bits as in `other` (NaN-safe; for determinism checks).
    public func isBitIdentical(to other: StepMetrics) -> Bool {
        func same(_ a: Double?, _ b: Double?) -> Bool { a?.bitPattern == b?.bitPattern }
        return step == other.step && same(epoch, other.epoch) && same(trainRewardMean, other.trainRewardMean)
            && same(rewardStd, other.rewardStd) && same(fracRewardZeroStd, other.fracRewardZeroStd)
            && same(entropy, other.entropy) && same(kl, other.kl) && same(clipRatio, other.clipRatio)
            && same(gradientNorm, other.gradientNorm) && same(trainGoldRewardMean, other.trainGoldRewardMean)
            && same(policyExpectedReward, other.policyExpectedReward) && same(goldRewardMean, other.goldRewardMean)
            && same(validRewardMean, other.validRewardMean) && same(validPolicyExpectedReward, other.validPolicyExpectedReward)
            && same(validGoldRewardMean, other.validGoldRewardMean)
    }
}
