internal import Stochastics

extension SweepSummary {
    /// Early-stopping advice from one cell's cost to target.
    ///
    /// The assumption is stated with it: the run is stopped (the job cancelled) at the first
    /// checkpoint whose `valid_reward_mean` meets the target, and billed up to there.
    public struct StoppingAdvice: Sendable, Hashable {
        /// The cell (`batch_size=8, learning_rate_multiplier=4`).
        public var label: String
        /// The target reward.
        public var target: Double
        /// The share of seeds that reach the target by ``step``.
        public var probability: Double
        /// The validation step by which that share of seeds has reached the target.
        public var step: Int
        /// The mean cost of a run up to ``step`` (USD).
        public var cost: Double
        /// The mean cost of the whole run (USD).
        public var fullCost: Double
        /// The `n_epochs` whose job reaches ``step``: the fewest epochs of the cell's training
        /// set and batch size (``SweepCellResult/EpochSize/epochs(throughStep:)``); `nil` for cell
        /// files that do not record them.
        public var epochs: Int?
        /// The steps of a job of ``epochs`` epochs (at least ``step``).
        public var epochSteps: Int?

        /// The advice as one sentence: `n_epochs = 4 reaches 0.800 in P = 0.90 of seeds for $…`.
        public var text: String {
            let reaches = "reaches \(NumberText.fixed(target, decimals: 3)) in P = \(NumberText.fixed(probability, decimals: 2)) of seeds"
                + " for $\(NumberText.fixed(cost, decimals: 2)) a run"
            let assumption = "assumes you stop the job at the checkpoint where the validation reward first meets the target, and pay up to there"
            guard let epochs, let epochSteps else {
                return "stop at step \(step) (\(label)): it \(reaches), against $\(NumberText.fixed(fullCost, decimals: 2)) for all its steps (\(assumption))"
            }
            return "n_epochs = \(epochs) \(reaches) (cell \(label), stopped by step \(step) of the \(epochSteps) steps of \(epochs) epoch\(epochs == 1 ? "" : "s");"
                + " all the sweep's steps cost $\(NumberText.fixed(fullCost, decimals: 2)); \(assumption))"
        }
    }

    /// The cheapest way to reach the target in at least `confidence` of seeds, stopping early.
    ///
    /// For each cell, the smallest validation step by which a share ≥ `confidence` of its seeds had
    /// reached the target; its cost is the cell's mean cost so far at that step. The cheapest such
    /// cell is advised.
    ///
    /// - Parameters:
    ///   - cells: The sweep's cells (their runs' reached steps and cost curves).
    ///   - confidence: The share of seeds that must reach the target, in (0, 1].
    /// - Returns: The advice, or `nil` when no cell reaches the target in that share of seeds.
    public static func stoppingAdvice(_ cells: [SweepCellResult], confidence: Double = 0.9) -> StoppingAdvice? {
        var best: StoppingAdvice?
        for cell in cells.sorted(by: { $0.index < $1.index }) where !cell.runs.isEmpty {
            let reached = cell.runs.compactMap(\.reachedStep).sorted()
            let needed = Int((confidence * Double(cell.runs.count)).rounded(.up))
            guard needed >= 1, reached.count >= needed else { continue }
            let step = reached[needed - 1]
            guard let position = cell.curve.steps.firstIndex(of: step) else { continue }
            let share = Double(reached.filter { $0 <= step }.count) / Double(cell.runs.count)
            let fullCost = cell.runs.reduce(0) { $0 + $1.cost } / Double(cell.runs.count)
            var advice = StoppingAdvice(label: SweepCell.label(of: cell.assignments), target: cell.target, probability: share, step: step,
                                        cost: cell.curve.cost[position], fullCost: fullCost)
            if let size = cell.epochSize {
                advice.epochs = size.epochs(throughStep: step)
                advice.epochSteps = size.steps(epochs: size.epochs(throughStep: step))
            }
            if best.map({ advice.cost < $0.cost }) ?? true { best = advice }
        }
        return best
    }
}
