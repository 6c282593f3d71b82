/// The outcome of ``Trainer/run()``: per-step metrics, the final parameters, checkpoints.
public struct TrainingRun: Sendable, Hashable {
    /// θ and metrics at a validation step.
    public struct Checkpoint: Sendable, Hashable {
        /// The step after which the checkpoint was taken.
        public let step: Int
        /// θ at that step.
        public let parameters: [Double]
        /// The step's metrics, validation included.
        public let metrics: StepMetrics
    }

    /// The configuration that ran.
    public let configuration: TrainerConfiguration
    /// One entry per step, steps 1…N.
    public let metrics: [StepMetrics]
    /// θ after the last step.
    public let finalParameters: [Double]
    /// The exact expected training reward of the initial policy (step 0).
    public let initialPolicyExpectedReward: Double
    /// The exact expected gold reward of the initial policy, with gold rewards.
    public let initialGoldRewardMean: Double?
    /// The item whose probabilities were tracked (item 0 of a single-item table by default).
    public let trackedItem: Int?
    /// The tracked item's probabilities at steps 0…N, flat (row n = step n).
    public let trackedProbabilities: [Double]
    /// The tracked item's candidate count (the row length of ``trackedProbabilities``).
    public let trackedCandidateCount: Int
    /// One checkpoint per validation, in step order.
    public let checkpoints: [Checkpoint]

    /// The tracked item's probabilities after `step` updates (0 = initial), or `nil` without tracking.
    public func probabilities(atStep step: Int) -> [Double]? {
        guard trackedCandidateCount > 0, (0...metrics.count).contains(step) else { return nil }
        return Array(trackedProbabilities[(step * trackedCandidateCount)..<((step + 1) * trackedCandidateCount)])
    }

    /// Whether no step had any learning signal (every group's rewards were equal at every
    /// step): callers should warn "no learning signal" (all rewards 0, or a grader that never varies).
    public var hadNoLearningSignal: Bool {
        !metrics.isEmpty && metrics.allSatisfy { $0.fracRewardZeroStd == 1 }
    }

    /// The `count` checkpoints with the highest `valid_reward_mean` (ties: the earlier step),
    /// the ones a provider keeps.
    public func bestCheckpoints(_ count: Int = 3) -> [Checkpoint] {
        Array(checkpoints.enumerated().sorted { a, b in
            let x = a.element.metrics.validRewardMean ?? -.infinity
            let y = b.element.metrics.validRewardMean ?? -.infinity
            return x != y ? x > y : a.offset < b.offset
        }.prefix(count).map(\.element))
    }
}
