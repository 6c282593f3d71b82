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
        /// The valid reward did not improve, for another reason (e.g. nothing learnable).
        case noImprovement = "no_improvement"
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
        if !noSignal, flat, let trainEnd, trainEnd - validEnd >= RunDiagnostic.overfittingGap {
            overfitting = true
            var message = "overfitting: the training reward reached \(format(trainEnd)) (mean of the last \(tail.count) steps) "
                + "while the valid reward went \(validChange): the model learns the training examples, not the task."
            if let best = bestCheckpoint, best.stepNumber < trace.steps.count {
                message += " The best checkpoint is step \(best.stepNumber)."
            }
            found.append(.init(kind: .overfitting, message: message + " Use more (and more varied) training data or fewer epochs."))
        }
        if !noSignal, !overfitting, validEnd - validStart < RunDiagnostic.improvementThreshold {
            found.append(.init(kind: .noImprovement, message:
                "no improvement: the valid reward went \(validChange) in \(trace.steps.count) steps. If the groups had reward "
                    + "spread, it did not carry over to new prompts: check that the answer is learnable from the prompt (a task "
                    + "that rewards guessing teaches nothing), and that the grader measures it."))
        }
        return found
    }
}
