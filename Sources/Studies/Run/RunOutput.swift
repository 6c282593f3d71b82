public import Foundation
internal import Graders
internal import Provider
internal import Simulator

/// Writes a run's output folder: `metrics.jsonl`, `results.csv`, `events.jsonl`, `report.html`,
/// `summary.json`, and `figures/` (the report's charts as separate SVG files).
///
/// Files are written to a sibling temporary folder that replaces `directory` only when all are
/// written, so an interrupted run never leaves output that looks complete.
public enum RunOutput {
    /// The files (and the figures folder) a run writes.
    public static let fileNames = ["metrics.jsonl", "results.csv", "events.jsonl", "report.html", "summary.json", Figure.folderName]

    /// Writes `result` into `directory` (replacing a previous run's files there).
    ///
    /// - Parameters:
    ///   - result: The run.
    ///   - report: Its report (``ScenarioRunResult/report``), for `report.html` and the figures.
    ///   - costWithInference: The job priced with the tuned model's inference
    ///     (``ScenarioRunResult/costWithInference(_:)``), kept in `summary.json` as `cost_with_inference`.
    ///   - directory: The output folder.
    /// - Throws: ``RunFailure`` naming the path that could not be written.
    public static func write(_ result: ScenarioRunResult, report: RunReport, costWithInference: CostEstimate? = nil, to directory: URL) throws {
        let manager = FileManager.default
        let staging = directory.deletingLastPathComponent()
            .appendingPathComponent(".\(directory.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try? manager.removeItem(at: staging)
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
            try Data(metricsLines(result).utf8).write(to: staging.appendingPathComponent("metrics.jsonl"))
            try Data(result.resultsCSV.utf8).write(to: staging.appendingPathComponent("results.csv"))
            try Data(result.events.map { $0.jsonText + "\n" }.joined().utf8).write(to: staging.appendingPathComponent("events.jsonl"))
            try Data(report.html().utf8).write(to: staging.appendingPathComponent("report.html"))
            try Data(summaryJSON(result, costWithInference: costWithInference).utf8).write(to: staging.appendingPathComponent("summary.json"))
            try Figure.write(report.figures(), to: staging.appendingPathComponent(Figure.folderName))
            if manager.fileExists(atPath: directory.path) {
                for name in fileNames { try? manager.removeItem(at: directory.appendingPathComponent(name)) }
            } else {
                try manager.createDirectory(at: directory, withIntermediateDirectories: true)
            }
            for name in fileNames {
                try manager.moveItem(at: staging.appendingPathComponent(name), to: directory.appendingPathComponent(name))
            }
            try? manager.removeItem(at: staging)
        } catch {
            try? manager.removeItem(at: staging)
            throw RunFailure("cannot write the run's output to \(directory.path): \(error.localizedDescription)")
        }
    }

    /// One JSON object per step: the trainer's metrics (`trainer`), the platform's event data
    /// (`event`), training seconds and cost so far.
    static func metricsLines(_ result: ScenarioRunResult) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var text = ""
        for (index, step) in result.trace.steps.enumerated() {
            var line: [String: JSONValue] = [
                "step": .number(Double(step.step)), "training_seconds": .number(step.endTrainingSeconds),
                "cost": .number(RunCosts.cumulative(trace: result.trace, scenario: result.scenario, step: index, dataSharing: result.scenario.dataSharing)),
            ]
            if let metrics = step.metrics, let data = try? encoder.encode(metrics) { line["trainer"] = try? JSONValue(parsing: data) }
            if let event = step.reinforcement, let data = try? encoder.encode(event) { line["event"] = try? JSONValue(parsing: data) }
            if let event = step.supervised, let data = try? encoder.encode(event) { line["event"] = try? JSONValue(parsing: data) }
            if let values = step.validPassAtK { line["valid_pass_at_k"] = passAtKObject(result.trace.passAtKValues, values) }
            text += JSONValue.object(line).jsonText + "\n"
        }
        return text
    }

    /// `{"1": 0.41, "8": 0.87, …}`: pass@k by k.
    static func passAtKObject(_ ks: [Int], _ values: [Double]) -> JSONValue {
        .object(Dictionary(zip(ks.map(String.init), values.map(JSONValue.number)), uniquingKeysWith: { first, _ in first }))
    }

    static func summaryJSON(_ result: ScenarioRunResult, costWithInference: CostEstimate? = nil) -> String {
        var object: [String: JSONValue] = [
            "scenario": .string(result.scenario.name), "job": .string(result.job.id),
            "fine_tuned_model": result.job.fineTunedModel.map(JSONValue.string) ?? .null,
            "steps": .number(Double(result.trace.steps.count)), "billed_hours": .number(result.billedHours),
            "cost": .number(result.billing.total), "cost_with_data_sharing": .number(result.costWithDataSharing),
            "cost_without_data_sharing": .number(result.costWithoutDataSharing), "grader_cost": .number(result.graderCost),
            "price_sheet": .string(result.billing.priceSheet), "data_sharing": .bool(result.scenario.dataSharing),
        ]
        if let best = result.bestCheckpoint { object["best_checkpoint"] = ["step": .number(Double(best.stepNumber)), "model": .string(best.fineTunedModelCheckpoint)] }
        if let value = result.finalTrainReward { object["final_train_reward"] = .number(value) }
        if let value = result.trace.finalValidReward { object["final_valid_reward"] = .number(value) }
        if let value = result.trace.initialValidReward { object["initial_valid_reward"] = .number(value) }
        if let value = result.trace.finalGoldReward { object["final_gold_reward"] = .number(value) }
        if let value = result.trace.initialGoldReward { object["initial_gold_reward"] = .number(value) }
        if let tokens = result.job.trainedTokens { object["trained_tokens"] = .number(Double(tokens)) }
        if let values = result.trace.initialPassAtK { object["initial_pass_at_k"] = passAtKObject(result.trace.passAtKValues, values) }
        if let values = result.trace.finalPassAtK { object["final_pass_at_k"] = passAtKObject(result.trace.passAtKValues, values) }
        if let costWithInference, let value = try? JSONValue(parsing: costWithInference.json) { object["cost_with_inference"] = value }
        object["warnings"] = .array(result.diagnostics.map { ["kind": .string($0.kind.rawValue), "message": .string($0.message)] })
        return JSONValue.object(object).jsonText + "\n"
    }
}
