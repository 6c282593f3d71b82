internal import Foundation
internal import Provider
internal import Simulator

/// A pattern in a finished run that usually means the tuned model will disappoint, with the
/// numbers that show it. `rftsim run` prints them as warnings; the report and `summary.json`
/// list them.
///
/// The rules look at the base and final policies' exact expected rewards on the validation set
/// (and the gold grader's, when the scenario has one), so seed noise does not trigger them.
/// They apply to reinforcement jobs; a supervised job gets none.
public struct RunDiagnostic: Sendable, Hashable {
    /// What was found.
    public enum Kind: String, Sendable, CaseIterable {
        /// Every group's samples scored the same at every step: all advantages were 0.
        case noLearningSignal = "no_learning_signal"
        /// The valid reward rose while the gold grader's reward fell.
        case rewardHacking = "reward_hacking"
        /// The training reward is far above a valid reward that did not improve.
        case overfitting
        /// The valid reward did not improve, for another reason (e.g. nothing learnable, or a
        /// base model already at the ceiling of what it can reach).
        case noImprovement = "no_improvement"
        /// Training destabilised: the valid reward fell below its start after rising, or the
        /// policy's entropy collapsed while the reward fell (usually a step that is too large).
        case unstableTraining = "unstable_training"
        /// The tuned model solves fewer validation items at the largest k than the base model:
        /// RL sharpened what the model samples and narrowed what it can reach.
        case narrowedCoverage = "narrowed_coverage"
    }

    /// What was found.
    public var kind: Kind
    /// One sentence with the numbers, and what to do about it.
    public var message: String

    /// Valid-reward changes smaller than this count as no improvement.
    static let improvementThreshold = 0.01
    /// A gold reward falling by more than this while the valid reward rises by `riseThreshold` is hacking.
    static let goldFallThreshold = 0.02
    static let riseThreshold = 0.05
    /// A training reward this far above the final valid reward, with the valid reward flat, is overfitting.
    static let overfittingGap = 0.2
    /// Steps at the end whose mean training reward stands for "where training got to".
    static let tailSteps = 5
    /// A valid reward this far below its peak while the training reward rose this much since is overfitting.
    static let overfittingFall = 0.03
    /// A valid reward this far below its peak (or its start) counts as a fall.
    static let fallThreshold = 0.02
    /// Entropy below this share of the first step's counts as collapsed.
    static let entropyCollapseRatio = 0.5
    /// pass@k at the largest k this much below the base model's, while pass@1 rose by `riseThreshold`, is narrowed coverage.
    static let coverageLoss = 0.02
    /// A base model within this of its reachable ceiling has little left to learn.
    static let ceilingMargin = 0.05

    /// A valid reward this far below its peak, with the entropy collapsed, is a crash even above the start.
    static let crashThreshold = 0.1

    /// Whether a run's exact valid rewards (`start`, then one per validation) and entropies
    /// (one per step) show instability: the valid reward fell below its start after rising, or
    /// the entropy collapsed to under half its first value while the valid reward fell (below its
    /// start, or more than 0.1 below its peak).
    public static func isUnstable(validStart: Double, valid: [Double], entropy: [Double]) -> Bool {
        guard let last = valid.last, let peak = valid.max() else { return false }
        if peak > validStart + fallThreshold, last < validStart { return true }
        if let first = entropy.first, let final = entropy.last, first > 0, final < entropyCollapseRatio * first,
           last < validStart || last < peak - crashThreshold {
            return true
        }
        return false
    }
}

extension ScenarioRunResult {
    /// The run's diagnostics, in the order of ``RunDiagnostic/Kind``'s cases; empty when nothing
    /// looks wrong.
    public var diagnostics: [RunDiagnostic] {
        guard trace.method == .reinforcement, !trace.steps.isEmpty,
              let validStart = trace.initialValidReward, let validEnd = trace.finalValidReward else { return [] }
        let format = { (value: Double) in String(format: "%.3f", value) }
        let validChange = "\(format(validStart)) → \(format(validEnd))"
        var found: [RunDiagnostic] = []

        let zeroVariance = trace.steps.compactMap { $0.metrics?.fracRewardZeroStd }
        let noSignal = zeroVariance.count == trace.steps.count && zeroVariance.allSatisfy { $0 >= 1 }
        if noSignal {
            found.append(.init(kind: .noLearningSignal, message:
                "no learning signal: every group's samples scored the same at every step (frac_reward_zero_std = 1), so every "
                    + "advantage was 0 and the policy never moved (valid reward \(validChange)). A base model that never succeeds "
                    + "cannot be improved by RFT: evaluate it first, make the task or the grader give partial credit, or start from "
                    + "a model that sometimes succeeds."))
        }
        if let goldStart = trace.initialGoldReward, let goldEnd = trace.finalGoldReward,
           validEnd - validStart >= RunDiagnostic.riseThreshold, goldEnd < goldStart - RunDiagnostic.goldFallThreshold {
            found.append(.init(kind: .rewardHacking, message:
                "reward hacking: the valid reward rose \(validChange) while the gold grader's fell \(format(goldStart)) → "
                    + "\(format(goldEnd)): the model learns what the training grader rewards, not what you measure. Tighten the "
                    + "grader (or make the gold grader part of it) and check samples of the outputs."))
        }
        let tail = trace.steps.suffix(RunDiagnostic.tailSteps).compactMap { $0.reinforcement?.trainMeanReward }
        let trainEnd = tail.isEmpty ? nil : tail.reduce(0, +) / Double(tail.count)
        let flat = validEnd - validStart < RunDiagnostic.riseThreshold
        var overfitting = false
        // Classic overfitting: the valid reward peaked and fell back while the training reward kept rising.
        let validPath = trace.steps.compactMap { step in step.metrics?.validPolicyExpectedReward.map { (step: step.step, reward: $0) } }
        let trainPath = trace.steps.compactMap { $0.metrics?.policyExpectedReward ?? $0.reinforcement?.trainMeanReward }
        if !noSignal, let peak = validPath.max(by: { $0.reward < $1.reward }), peak.step < trace.steps.count,
           peak.reward - validEnd >= RunDiagnostic.overfittingFall, validEnd > validStart - RunDiagnostic.fallThreshold,
           let trainAtPeak = trainPath.dropFirst(peak.step - 1).first, let trainLast = trainPath.last,
           trainLast - trainAtPeak >= RunDiagnostic.overfittingFall {
            overfitting = true
            found.append(.init(kind: .overfitting, message:
                "overfitting: the valid reward peaked at \(format(peak.reward)) at step \(peak.step) and fell to \(format(validEnd)) "
                    + "while the training reward kept rising (\(format(trainAtPeak)) → \(format(trainLast))): the model learns the "
                    + "training examples' quirks, not the task. Keep the checkpoint near step \(peak.step), stop earlier, or use "
                    + "more (and more representative) training data."))
        }
        if !overfitting, !noSignal, flat, let trainEnd, trainEnd - validEnd >= RunDiagnostic.overfittingGap {
            overfitting = true
            var message = "overfitting: the training reward reached \(format(trainEnd)) (mean of the last \(tail.count) steps) "
                + "while the valid reward went \(validChange): the model learns the training examples, not the task."
            if let best = bestCheckpoint, best.stepNumber < trace.steps.count {
                message += " The best checkpoint is step \(best.stepNumber)."
            }
            found.append(.init(kind: .overfitting, message: message + " Use more (and more varied) training data or fewer epochs."))
        }
        let entropies = trace.steps.compactMap { $0.metrics?.entropy }
        let validRewards = validPath.map(\.reward)
        let unstable = !noSignal && !overfitting && RunDiagnostic.isUnstable(validStart: validStart, valid: validRewards, entropy: entropies)
        if unstable {
            let peak = validRewards.max() ?? validStart
            var message = peak > validStart
                ? "unstable training: the valid reward went \(format(validStart)) → \(format(peak)) (peak) → \(format(validEnd))"
                : "unstable training: the valid reward fell \(format(validStart)) → \(format(validEnd))"
            if let first = entropies.first, let last = entropies.last {
                message += " while the policy's entropy went \(format(first)) → \(format(last)) nats"
            }
            if let kl = trace.steps.last?.metrics?.kl { message += " and its KL to the base model reached \(format(kl))" }
            found.append(.init(kind: .unstableTraining, message: message
                + ": steps this large break what the model already did. Lower learning_rate_multiplier (a sweep over it shows "
                + "where the reward peaks) or use an earlier checkpoint."))
        }
        if let k = trace.passAtKValues.last, trace.passAtKValues.count >= 2, let base = trace.initialPassAtK?.last,
           let tuned = trace.finalPassAtK?.last, let baseOne = trace.initialPassAtK?.first, let tunedOne = trace.finalPassAtK?.first,
           base - tuned >= RunDiagnostic.coverageLoss, tunedOne - baseOne >= RunDiagnostic.riseThreshold {
            let first = trace.passAtKValues[0]
            found.append(.init(kind: .narrowedCoverage, message:
                "narrowed coverage: pass@\(first) went \(format(baseOne)) → \(format(tunedOne)) but pass@\(k) went \(format(base)) → "
                    + "\(format(tuned)): the tuned model answers more items right on the first try and fewer at all within \(k) "
                    + "tries. RL sharpened what the base model already sampled; items unlike the training data lost the answers "
                    + "the base model sometimes found. Keep the base model for best-of-k use, or add such items to the training data."))
        }
        if !noSignal, !overfitting, !unstable, validEnd - validStart < RunDiagnostic.improvementThreshold {
            if let ceiling = trace.validReachableCeiling, validStart >= ceiling - RunDiagnostic.ceilingMargin {
                found.append(.init(kind: .noImprovement, message:
                    "no improvement: the valid reward went \(validChange) in \(trace.steps.count) steps, but the base model is "
                        + "already near its ceiling: the best answers it can give average \(format(ceiling)). RFT sharpens what the "
                        + "base model can already do; to go higher, start from a stronger model (or a higher reasoning_effort) or "
                        + "make the grader give credit the base model can reach."))
            } else {
                found.append(.init(kind: .noImprovement, message:
                    "no improvement: the valid reward went \(validChange) in \(trace.steps.count) steps. If the groups had reward "
                        + "spread, it did not carry over to new prompts: check that the answer is learnable from the prompt (a task "
                        + "that rewards guessing teaches nothing), and that the grader measures it."))
            }
        }
        return found
    }
}
