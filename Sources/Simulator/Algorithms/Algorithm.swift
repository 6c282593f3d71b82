/// How each training step turns the current policy into a parameter update.
///
/// The sampled algorithms follow TRL at the level of whole responses (one "token" per answer;
/// see `policy-gradient-dynamics.md` §1): per step, `batchSize` items, G answers sampled per
/// item, rewards looked up, an advantage per answer, and the ascent direction
/// (1/(B·G)) Σᵢ Aᵢ ∇log π(cᵢ) with ∇log π(c) = φ(c) − E_π[φ]. The raw values are the names used
/// in configuration files.
public enum Algorithm: String, CaseIterable, Sendable, Codable {
    /// The exact expected-reward gradient over the batch's items; no sampling:
    /// (1/B) Σ_items Σ_c π_c (r_c − r̄) ∇log π(c).
    case exact
    /// Natural policy gradient with exact expectations: the exact gradient preconditioned by the
    /// Fisher matrix Cov_π[φ]. For a tabular table (one-hot features, see
    /// ``ResponseTable/isTabular``) it is the closed form θ_c += η (r_c − r̄) per item, averaged
    /// over the batch's items, i.e. multiplicative weights (exactly the natural gradient when
    /// items share no column or are identical copies; with shared columns it is the mean of the
    /// per-item natural gradients); otherwise (F̄ + λI)⁻¹ g with F̄ the batch-mean Fisher matrix
    /// and λ = ``TrainerConfiguration/naturalDamping``.
    case natural
    /// REINFORCE with a moving baseline b: Aᵢ = rᵢ − b, where after each step
    /// b ← b + α (mean batch reward − b), α = ``TrainerConfiguration/baselineRate``, b₀ = 0.
    /// α = 0 is REINFORCE without a baseline.
    case reinforce
    /// REINFORCE leave-one-out: Aᵢ = rᵢ − (Σⱼ rⱼ − rᵢ)/(G − 1) within the item's group.
    case rloo
    /// GRPO: Aᵢ = (rᵢ − mean_group)/(std + 10⁻⁴) with the std (Bessel, n − 1) chosen by
    /// ``TrainerConfiguration/rewardScaling``; TRL's default.
    case grpo
    /// Dr. GRPO: Aᵢ = rᵢ − mean_group, no std, constant normaliser 1/(B·G).
    case drGRPO = "dr_grpo"

    /// Whether the algorithm samples answers (everything but `exact` and `natural`).
    public var isSampled: Bool { self != .exact && self != .natural }

    /// Whether the algorithm needs at least two answers per group (a group baseline).
    public var needsGroups: Bool { self == .rloo || self == .grpo || self == .drGRPO }

    /// Whether a group's advantages sum to zero (so E_π[φ] drops out of the gradient).
    var advantagesSumToZero: Bool { needsGroups }
}

/// Which standard deviation GRPO divides the group-centred reward by (TRL's `scale_rewards`).
public enum RewardScaling: String, CaseIterable, Sendable, Codable {
    /// The std of the item's own group of G rewards (TRL's default, `True`).
    case group
    /// The std of all B·G rewards of the step; the mean stays per group.
    case batch
    /// No scaling: GRPO becomes Dr. GRPO (TRL's `False`).
    case none
}

/// Where the KL penalty to the reference policy enters.
public enum KLEstimator: String, CaseIterable, Sendable, Codable {
    /// k1 in the reward: rᵢ ← rᵢ − β (log π_old(cᵢ) − log π_ref(cᵢ)) before advantages (TRL RLOO,
    /// PPO); its fixed point is the Gibbs tilt π_ref e^{r/β}/Z (reverse KL).
    case k1
    /// k3 as a loss: + β (π_ref/π − log(π_ref/π) − 1) per answer (TRL GRPO); its gradient is
    /// that of the forward KL(π_ref ‖ π), fixed point β π_ref/(β + r̄ − r).
    case k3
}

/// A KL penalty toward the reference policy.
public struct KLPenalty: Sendable, Hashable, Codable {
    /// β ≥ 0, the penalty's weight.
    public var beta: Double
    /// Where the penalty enters.
    public var estimator: KLEstimator

    /// Creates a penalty.
    public init(beta: Double, estimator: KLEstimator) {
        self.beta = beta
        self.estimator = estimator
    }
}
