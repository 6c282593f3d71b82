internal import Foundation
internal import Stochastics

/// The RFT results file (openai-finetuning-api.md §5.1, as observed by third parties): one row
/// per step, as CSV.
///
/// Columns, in this order: `step, train_mean_reward, full_valid_mean_reward,
/// completion_tokens_mean, reasoning_tokens_mean, mean_unresponsive_rewards`, then for every
/// grader of the events (in their order) and every error kind reported for it (in
/// ``RFTErrorKind`` order) `errors/graders/<name>/train_<kind>_count` followed by
/// `errors/graders/<name>/valid_<kind>_count`. Numbers have six decimals (`0.421600`), the
/// step is an integer, and a value a step does not have (validation outside validation steps)
/// is an empty cell. Rows end with `\n`.
public struct RFTResultsTable: Sendable, Hashable {
    /// The column names.
    public let header: [String]
    /// One row per event: the step, then the other columns (`nil`: empty cell).
    public let rows: [(step: Int, values: [Double?])]

    /// Tabulates `events` (the graders are read from the first event).
    public init(events: [RFTMetricsEventData]) {
        let graders = events.first?.errors.graders ?? []
        var header = ["step", "train_mean_reward", "full_valid_mean_reward", "completion_tokens_mean",
                      "reasoning_tokens_mean", "mean_unresponsive_rewards"]
        for grader in graders {
            for entry in grader.errors {
                header.append("errors/graders/\(grader.name)/train_\(entry.kind)_count")
                header.append("errors/graders/\(grader.name)/valid_\(entry.kind)_count")
            }
        }
        self.header = header
        rows = events.map { event in
            var values: [Double?] = [event.trainMeanReward, event.fullValidMeanReward, event.completionTokensMean,
                                     event.reasoningTokensMean, event.meanUnresponsiveRewards]
            for (g, grader) in graders.enumerated() {
                let own = g < event.errors.graders.count ? event.errors.graders[g] : nil
                for entry in grader.errors {
                    let match = own?[entry.kind]
                    values.append(match?.trainCount)
                    values.append(match?.validCount)
                }
            }
            return (event.step, values)
        }
    }

    /// The table as CSV text: the header, then one line per step.
    public var csv: String {
        var text = header.map(Self.quoted).joined(separator: ",") + "\n"
        for row in rows {
            text += ([String(row.step)] + row.values.map { $0.map { NumberText.fixed($0, decimals: 6) } ?? "" })
                .joined(separator: ",") + "\n"
        }
        return text
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func == (lhs: RFTResultsTable, rhs: RFTResultsTable) -> Bool {
        lhs.csv == rhs.csv
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(csv)
    }
}
