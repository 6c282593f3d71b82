internal import Foundation
public import Provider
internal import Simulator

/// What a scenario run produced: the job as the provider reports it, its simulated trace, and
/// the report built from them.
public struct ScenarioRunResult: Sendable {
    public var scenario: JobScenario
    /// The finished job.
    public var job: JobObject
    public var trace: JobTrace
    /// Events, oldest first.
    public var events: [EventObject]
    public var checkpoints: [CheckpointObject]
    /// The job's results file.
    public var resultsCSV: String
    public var billing: BillingReport
    /// Real seconds the run took.
    public var wallSeconds: Double

    /// The best checkpoint by valid reward (RFT) or the last one (SFT).
    public var bestCheckpoint: CheckpointObject? {
        if trace.method == .reinforcement {
            return checkpoints.max { ($0.metrics["valid_reward_mean"] ?? -.infinity, $0.stepNumber) < ($1.metrics["valid_reward_mean"] ?? -.infinity, $1.stepNumber) }
        }
        return checkpoints.max { $0.stepNumber < $1.stepNumber }
    }

    /// Training hours billed (two decimals, as invoiced).
    public var billedHours: Double {
        (billing.events.reduce(0) { $0 + $1.trainingSeconds } / 36).rounded() / 100
    }

    /// USD of model-grader tokens.
    public var graderCost: Double { billing.events.reduce(0) { $0 + $1.graderAmount } }

    /// USD billed with data sharing on and off, whatever the scenario chose.
    public var costWithDataSharing: Double {
        RunCosts.cumulative(trace: trace, scenario: scenario, step: trace.steps.count - 1, dataSharing: true)
    }
    public var costWithoutDataSharing: Double {
        RunCosts.cumulative(trace: trace, scenario: scenario, step: trace.steps.count - 1, dataSharing: false)
    }

    /// The last training step's mean reward.
    public var finalTrainReward: Double? {
        trace.steps.last.flatMap { $0.reinforcement?.trainMeanReward ?? $0.supervised?.trainMeanTokenAccuracy }
    }

    /// Headline facts, in display order.
    public var summary: [(key: String, value: String)] {
        var facts: [(key: String, value: String)] = [
            ("job", job.id), ("fine-tuned model", job.fineTunedModel ?? "–"), ("steps", "\(trace.steps.count)"),
        ]
        if let best = bestCheckpoint {
            let valid = best.metrics["valid_reward_mean"].map { String(format: " (valid reward %.3f)", $0) } ?? ""
            facts.append(("best checkpoint", "step \(best.stepNumber)\(valid)"))
        }
        if let train = finalTrainReward { facts.append(("final train reward", String(format: "%.3f", train))) }
        if let before = trace.initialValidReward, let after = trace.finalValidReward {
            facts.append(("valid reward (expected)", String(format: "%.3f → %.3f", before, after)))
        }
        if let before = trace.initialGoldReward, let after = trace.finalGoldReward {
            facts.append(("gold reward (expected)", String(format: "%.3f → %.3f", before, after)))
        }
        if scenario.method == .reinforcement {
            facts.append(("billed hours", String(format: "%.2f h", billedHours)))
        } else if let tokens = job.trainedTokens {
            facts.append(("trained tokens", "\(tokens)"))
        }
        facts.append(("cost", String(format: "$%.2f (%@ sheet, data sharing %@)", billing.total, billing.priceSheet, scenario.dataSharing ? "on" : "off")))
        facts.append(("cost with / without data sharing", String(format: "$%.2f / $%.2f", costWithDataSharing, costWithoutDataSharing)))
        facts.append(("grader-token cost", String(format: "$%.2f", graderCost)))
        return facts
    }
}
