internal import Foundation
public import Stochastics

/// A sweep's results per cell, computed from the cell files alone (so one machine, shards and
/// merges give the same bytes): the final valid reward's mean and 95 % interval, the chance of
/// reaching the target and what it took, and a learning-curve fit that forecasts reward
/// against cost.
///
/// ```swift
/// let summary = SweepSummary(manifest: manifest, cells: results)
/// try summary.csv.write(to: url, atomically: true, encoding: .utf8)
/// ```
public struct SweepSummary: Sendable {
    /// One cell's numbers.
    public struct Row: Sendable, Hashable {
        public var id: String
        /// The position in the canonical order.
        public var index: Int
        /// The cell's value of each varied key, in ``SweepManifest/keys`` order.
        public var values: [String]
        /// `batch_size=8, algorithm=rloo`.
        public var label: String
        /// Runs (seeds).
        public var runs: Int
        /// The valid reward the runs had to reach.
        public var target: Double
        /// Mean final valid reward over runs.
        public var finalReward: Double
        /// Student-t 95 % interval of that mean (`nil` with one run).
        public var finalRewardInterval: ConfidenceInterval?
        /// Share of runs that reached the target at a validation step.
        public var reachProbability: Double
        /// Clopper–Pearson 95 % interval of that share.
        public var reachInterval: ConfidenceInterval?
        /// Mean step, hours and USD at which the runs that reached the target first did (`nil` when none did).
        public var stepsToTarget: Double?
        public var hoursToTarget: Double?
        public var costToTarget: Double?
        /// Steps, hours and mean USD of a whole run.
        public var steps: Int
        public var hours: Double
        public var cost: Double
        /// r(cost) = a − b·exp(−c·cost) fitted to the mean curve, if the fit converged.
        public var fit: SaturatingLearningCurve?
        /// The USD at which the fitted curve reaches the target (`nil`: it never does).
        public var forecastCostToTarget: Double?
        /// The mean learning curve.
        public var curve: SweepCellResult.Curve
        /// Mean over runs of the exact expected final valid reward (`nil` for cells written before it was recorded).
        public var finalExpectedReward: Double?
        /// Share of runs that destabilised (`nil` for cells written before it was recorded).
        public var unstableShare: Double?
        /// The mean run with the tuned model's inference under each price sheet and data-sharing
        /// setting (`nil` without `--inference-requests`).
        public var costWithInference: [SweepCellResult.InferenceCost]?
    }

    /// The sweep.
    public let manifest: SweepManifest
    /// One row per cell, in canonical order.
    public let rows: [Row]
    /// The cheapest early stop that reaches the target in 90 % of seeds (``stoppingAdvice(_:confidence:)``).
    public let stoppingAdvice: StoppingAdvice?

    /// Summarises `cells` (any order; rows come out in canonical order).
    public init(manifest: SweepManifest, cells: [SweepCellResult]) {
        self.manifest = manifest
        rows = cells.sorted { $0.index < $1.index }.map { Self.row($0, keys: manifest.keys) }
        stoppingAdvice = Self.stoppingAdvice(cells)
    }

    static func row(_ cell: SweepCellResult, keys: [String]) -> Row {
        let finals = cell.runs.map(\.finalValidReward)
        let reached = cell.runs.filter { $0.reachedStep != nil }
        func mean(_ values: [Double]) -> Double? { Statistics.mean(values) }
        var fit: SaturatingLearningCurve?
        if cell.curve.cost.count >= 4,
           let fitted = try? SaturatingLearningCurve.fit(times: cell.curve.cost, rewards: cell.curve.meanValidReward).curve,
           fitted.ceiling.isFinite, fitted.gap.isFinite, fitted.rate.isFinite {
            fit = fitted
        }
        return Row(
            id: cell.id, index: cell.index,
            values: keys.map { key in cell.assignments.first { $0.key == key }?.value ?? "" },
            label: SweepCell.label(of: cell.assignments), runs: cell.runs.count, target: cell.target,
            finalReward: mean(finals) ?? .nan,
            finalRewardInterval: try? ConfidenceInterval.studentT(meanOf: finals),
            reachProbability: cell.runs.isEmpty ? 0 : Double(reached.count) / Double(cell.runs.count),
            reachInterval: try? ConfidenceInterval.clopperPearson(successes: reached.count, trials: cell.runs.count),
            stepsToTarget: mean(reached.compactMap { $0.reachedStep.map(Double.init) }),
            hoursToTarget: mean(reached.compactMap(\.hoursToTarget)), costToTarget: mean(reached.compactMap(\.costToTarget)),
            steps: cell.steps, hours: cell.hours, cost: mean(cell.runs.map(\.cost)) ?? 0,
            fit: fit, forecastCostToTarget: fit?.time(toReach: cell.target).flatMap { $0.isFinite ? $0 : nil },
            curve: cell.curve,
            finalExpectedReward: cell.runs.allSatisfy { $0.finalExpectedValidReward != nil } ? mean(cell.runs.compactMap(\.finalExpectedValidReward)) : nil,
            unstableShare: cell.runs.isEmpty || cell.runs.contains { $0.unstable == nil }
                ? nil : Double(cell.runs.filter { $0.unstable == true }.count) / Double(cell.runs.count),
            costWithInference: cell.costWithInference)
    }

    /// The CSV columns after `cell` and the varied keys.
    public static let columns = [
        "runs", "final_valid_reward_mean", "final_valid_reward_ci95_low", "final_valid_reward_ci95_high",
        "target", "p_reach_target", "p_reach_ci95_low", "p_reach_ci95_high",
        "steps_to_target_mean", "hours_to_target_mean", "cost_to_target_mean",
        "steps", "hours", "cost", "fit_asymptote", "fit_rate_per_usd", "forecast_cost_to_target",
        "final_expected_valid_reward_mean", "unstable_share",
    ]

    /// `summary.csv`: a header, then one row per cell. Rewards and probabilities have six
    /// decimals, hours four, USD two; an empty field is a value that does not exist (no run
    /// reached the target, one seed has no interval, the fit did not converge).
    public var csv: String {
        var text = (["cell"] + manifest.keys + Self.columns).map(Self.csvField).joined(separator: ",") + "\n"
        for row in rows {
            let fields: [String] = [row.id] + row.values + [
                "\(row.runs)", Self.fixed(row.finalReward, 6), Self.fixed(row.finalRewardInterval?.lower, 6),
                Self.fixed(row.finalRewardInterval?.upper, 6), Self.fixed(row.target, 6), Self.fixed(row.reachProbability, 6),
                Self.fixed(row.reachInterval?.lower, 6), Self.fixed(row.reachInterval?.upper, 6),
                Self.fixed(row.stepsToTarget, 2), Self.fixed(row.hoursToTarget, 4), Self.fixed(row.costToTarget, 2),
                "\(row.steps)", Self.fixed(row.hours, 4), Self.fixed(row.cost, 2), Self.fixed(row.fit?.ceiling, 6),
                row.fit.map { String(format: "%.6g", $0.rate) } ?? "", Self.fixed(row.forecastCostToTarget, 2),
                Self.fixed(row.finalExpectedReward, 6), Self.fixed(row.unstableShare, 6),
            ]
            text += fields.map(Self.csvField).joined(separator: ",") + "\n"
        }
        return text
    }

    static func fixed(_ value: Double?, _ decimals: Int) -> String {
        guard let value, value.isFinite else { return "" }
        return NumberText.fixed(value, decimals: decimals)
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
