/// How training a real model departs from the feature model π = softmax(prior + θ·φ): how much
/// of what is learned on one item carries to others, and what too large a step does.
///
/// Both mechanisms are documented with their sources in `docs/DYNAMICS.md`.
///
/// - **Transfer ρ** ∈ [0, 1]. Each training item i gets its own copy ψᵢ of the feature weights,
///   and its policy is softmax(prior + (θ + ψᵢ)·φ); validation items (never trained on) use θ
///   alone. A step's ascent direction d = Σ_slots d_slot splits into a shared part, θ += η·ρ·d
///   (through the optimizer), and an item part, ψᵢ += η·(1 − ρ)·N·d_slot, which is the item's own
///   gradient scaled so that over an epoch an item moves as far as shared learning moves it.
///   In the linear regime a training item therefore learns at the same rate for every ρ while a
///   held-out item learns ρ times as fast: (valid gain)/(train gain) ≈ ρ. ρ = 1 is the plain
///   shared-feature model (no ψ at all).
/// - **Instability κ** ≥ 0 with a **trust region δ₀** ≥ 0: the part of a real update that the
///   features do not capture. After each step the update's size δ is measured in function space,
///   as the root mean square over the batch's items of the spread (standard deviation across the
///   item's candidates) of the logit changes it makes. Within the trust region (δ ≤ δ₀) the
///   feature model is taken as exact; beyond it the off-span part has size σ = κ·(δ − δ₀)²
///   (second order in the excess, as the error of a linear model of a curved objective is). It
///   moves the logits of every item along the table's
///   ``ResponseTable/OffSpanColumns``: a random unit mix of the J direction columns gets σ
///   (a random walk: the weights' norm grows as √Σσ²), and the format column's weight is
///   ``formatDrift``·√Σσ² (malformed answers gain as fast as a random direction grows). The trainer never
///   learns these columns; a table without them ignores κ.
/// - **Length normalisation**: GRPO divides each answer's update by its length, as TRL's
///   `loss_type="grpo"` does (``ResponseTable/answerTokens``; a table without lengths ignores it).
///   Off in ``neutral``, on for jobs (``jobDefault``).
public struct TrainingDynamics: Sendable, Hashable {
    /// ρ ∈ [0, 1], how much of what is learned on the training items carries to other items.
    public var transfer: Double
    /// κ ≥ 0, off-span logit movement per nat² of step beyond the trust region (0: off).
    public var instability: Double
    /// δ₀ ≥ 0, the step size in nats (logit spread) up to which the feature model is exact.
    public var trustRegion: Double
    /// How much faster than a random direction malformed answers gain logit as the off-span
    /// part grows (≥ 0).
    public var formatDrift: Double
    /// Whether GRPO weighs each answer's update by its inverse length.
    ///
    /// Per-sequence normalisation, the length bias of Liu et al. (2025); Dr. GRPO never does.
    public var lengthNormalization: Bool

    /// Creates dynamics; the defaults are neutral (the plain feature model).
    public init(transfer: Double = 1, instability: Double = 0, trustRegion: Double = 0, formatDrift: Double = 1,
                lengthNormalization: Bool = false) {
        self.transfer = transfer
        self.instability = instability
        self.trustRegion = trustRegion
        self.formatDrift = formatDrift
        self.lengthNormalization = lengthNormalization
    }

    /// The plain feature model: full transfer, no instability.
    public static let neutral = TrainingDynamics()

    /// What jobs get unless a scenario says otherwise: full transfer, κ = ``defaultInstability``,
    /// δ₀ = ``defaultTrustRegion`` and GRPO's length normalisation.
    public static let jobDefault = TrainingDynamics(instability: defaultInstability, trustRegion: defaultTrustRegion, lengthNormalization: true)

    /// The default κ for jobs (docs/DYNAMICS.md): with ``defaultTrustRegion``, the scenario
    /// library's sweeps over `learning_rate_multiplier` peak inside the grid and collapse at ×64.
    public static let defaultInstability = 10.0
    /// The default δ₀ for jobs: 0.25 nats, above the largest step of the library's scenarios at
    /// `learning_rate_multiplier` ≤ 4 (0.03–0.22 nats), so their numbers there do not move.
    public static let defaultTrustRegion = 0.25

    /// J, the off-span direction columns a response model gets when its jobs' κ > 0.
    public static let offSpanDirectionCount = 4

    /// Whether the dynamics are the plain feature model.
    public var isNeutral: Bool { transfer == 1 && instability == 0 }

    /// Checks the values.
    ///
    /// - Throws: ``SimulatorError`` naming `dynamics.transfer`, `dynamics.instability` or
    ///   `dynamics.formatDrift`.
    public func validate() throws(SimulatorError) {
        guard transfer.isFinite, (0...1).contains(transfer) else {
            throw .invalid("dynamics.transfer", "transfer must be in [0, 1] (1: what is learned carries to every item; 0: to none), got \(transfer)")
        }
        guard instability.isFinite, instability >= 0 else {
            throw .invalid("dynamics.instability", "instability must be a finite number ≥ 0 (0: off), got \(instability)")
        }
        guard trustRegion.isFinite, trustRegion >= 0 else {
            throw .invalid("dynamics.trustRegion", "trustRegion must be a finite number of nats ≥ 0, got \(trustRegion)")
        }
        guard formatDrift.isFinite, formatDrift >= 0 else {
            throw .invalid("dynamics.formatDrift", "formatDrift must be a finite number ≥ 0, got \(formatDrift)")
        }
    }
}
