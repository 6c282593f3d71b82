/// The supervised results file (purpose `fine-tune-results`): a CSV with the columns
/// `step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy`
/// (openai-finetuning-api.md §5.1), one row per step; a step without validation leaves the
/// last two cells empty. Numbers are written in Swift's shortest round-tripping form.
public enum SupervisedResultsCSV {
    /// The header row.
    public static let header = "step,train_loss,train_accuracy,valid_loss,valid_mean_token_accuracy"

    /// The file's text: the header and one line per step, each ending in `\n`.
    public static func text(for metrics: [SupervisedStepMetrics]) -> String {
        var output = header + "\n"
        for entry in metrics {
            output += row(entry) + "\n"
        }
        return output
    }

    /// One step's row.
    public static func row(_ entry: SupervisedStepMetrics) -> String {
        let cells = [
            String(entry.step), "\(entry.trainLoss)", "\(entry.trainMeanTokenAccuracy)",
            entry.validLoss.map { "\($0)" } ?? "", entry.validMeanTokenAccuracy.map { "\($0)" } ?? "",
        ]
        return cells.joined(separator: ",")
    }
}

extension SupervisedRun {
    /// The run's results file (see ``SupervisedResultsCSV``).
    public var resultsCSV: String { SupervisedResultsCSV.text(for: metrics) }
}
