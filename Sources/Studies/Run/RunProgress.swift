internal import Foundation
internal import Provider
internal import Simulator

/// Where a run is: the step just revealed, its rewards, time and cost so far.
public struct RunProgress: Sendable {
    public var step: Int
    public var totalSteps: Int
    public var trainReward: Double
    /// The last validation reward so far.
    public var validReward: Double?
    /// Real seconds since the run started.
    public var elapsedSeconds: Double
    /// Simulated seconds of training so far.
    public var simulatedSeconds: Double
    /// USD so far (training and grader tokens, with the scenario's data sharing).
    public var cost: Double

    init(trace: JobTrace, step: Int, job: JobObject, scenario: JobScenario, started: Date) {
        let index = min(max(step, 1), trace.steps.count) - 1
        let entry = trace.steps[index]
        self.step = step
        totalSteps = trace.steps.count
        trainReward = entry.reinforcement?.trainMeanReward ?? entry.supervised?.trainMeanTokenAccuracy ?? 0
        validReward = trace.steps[...index].reversed().lazy.compactMap { $0.reinforcement?.fullValidMeanReward ?? $0.supervised?.fullValidMeanTokenAccuracy }.first
        elapsedSeconds = Date().timeIntervalSince(started)
        simulatedSeconds = entry.endTrainingSeconds
        cost = RunCosts.cumulative(trace: trace, scenario: scenario, step: index, dataSharing: scenario.dataSharing)
    }

    /// `step 12/48 ▕██████░░░░░░▏ train 0.412 valid 0.530 · 0.3 s real · 1.25 h simulated · $125.00`.
    public func line(barWidth: Int = 24) -> String {
        let filled = totalSteps > 0 ? Int((Double(step) / Double(totalSteps) * Double(barWidth)).rounded()) : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: max(0, barWidth - filled))
        let valid = validReward.map { String(format: " valid %.3f", $0) } ?? ""
        return String(format: "step %d/%d ▕%@▏ train %.3f%@ · %.1f s real · %.2f h simulated · $%.2f",
                      step, totalSteps, bar, trainReward, valid, elapsedSeconds, simulatedSeconds / 3600, cost)
    }
}

/// Costs along a run's trace.
enum RunCosts {
    /// USD through step `index` (0-based): training time (or trained tokens) and grader tokens,
    /// priced with the scenario's sheet.
    static func cumulative(trace: JobTrace, scenario: JobScenario, step index: Int, dataSharing: Bool) -> Double {
        guard trace.steps.indices.contains(index) else { return 0 }
        let entry = trace.steps[index]
        var total = (try? scenario.priceSheet.trainingCharge(
            model: scenario.model, method: scenario.method, trainingSeconds: entry.endTrainingSeconds,
            trainedTokens: entry.cumulativeTrainedTokens ?? 0, dataSharing: dataSharing))?.amount ?? 0
        for (model, usage) in entry.cumulativeGraderTokens {
            total += (try? scenario.priceSheet.graderTokenCharge(model: model, usage: usage))?.amount ?? 0
        }
        return total
    }
}
