public import Foundation

/// A mistake a user makes in a scenario folder, written into a copy of the sums scenario
/// (``ScenarioFixture/sumsFolder(_:prefix:)``) by ``ScenarioFixture/brokenSumsFolder(_:)``, so
/// that every command can be tested for a message naming the file, line or key.
public enum ScenarioDefect: String, CaseIterable, Sendable {
    /// `hyperparameters.eval_interval` is written `eval_intervall` (line 19 of scenario.yaml).
    case typoInKey
    /// Line 3 of train.jsonl is `{"messages": [}`: not JSON (stops at column 15).
    case trainingLineNotJSON
    /// Line 2 of valid.jsonl is `not json`.
    case validationLineNotJSON
    /// The folder has its data but no scenario.yaml.
    case missingScenario
}

extension ScenarioFixture {
    /// A new sums scenario folder with `defect` in it.
    public static func brokenSumsFolder(_ defect: ScenarioDefect) throws -> URL {
        switch defect {
        case .typoInKey:
            return try sumsFolder(sumsYAML.replacingOccurrences(of: "  eval_interval: 2", with: "  eval_intervall: 2"), prefix: "typo")
        case .trainingLineNotJSON:
            let folder = try sumsFolder(prefix: "bad-training")
            try replaceLine(3, of: folder.appendingPathComponent("train.jsonl"), with: #"{"messages": [}"#)
            return folder
        case .validationLineNotJSON:
            let folder = try sumsFolder(prefix: "bad-validation")
            try replaceLine(2, of: folder.appendingPathComponent("valid.jsonl"), with: "not json")
            return folder
        case .missingScenario:
            let folder = try sumsFolder(prefix: "no-scenario")
            try FileManager.default.removeItem(at: folder.appendingPathComponent("scenario.yaml"))
            return folder
        }
    }

    /// Replaces the 1-based line `number` of a text file.
    static func replaceLine(_ number: Int, of file: URL, with line: String) throws {
        var lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        lines[number - 1] = line
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
    }
}

extension ScenarioDefect {
    /// What the scenario reader or the dataset validator says about the defect in `folder`; the
    /// commands wrap a data file's problem in their own context (the job's error, the cell).
    public func message(folder: URL) -> String {
        let scenario = folder.appendingPathComponent("scenario.yaml").path
        switch self {
        case .typoInKey:
            return "\(scenario) line 19, hyperparameters.eval_intervall: eval_intervall is not a reinforcement hyperparameter; "
                + "allowed: batch_size, learning_rate_multiplier, n_epochs, reasoning_effort, compute_multiplier, eval_interval, eval_samples"
        case .trainingLineNotJSON:
            return "Training file \(folder.appendingPathComponent("train.jsonl").path) has 1 problem: line 3 is not valid JSON at column 15: "
                + #"expected a value (an object, array, string, number, true, false or null), found '}' (near: {"messages": [})"#
        case .validationLineNotJSON:
            return "Validation file \(folder.appendingPathComponent("valid.jsonl").path) has 1 problem: line 2 is not valid JSON at column 1: "
                + "expected null (near: not json)"
        case .missingScenario:
            return "\(scenario): no such file; give a scenario folder (with scenario.yaml) or a scenario YAML file"
        }
    }

    /// Whether the defect is in a data file (found when the data is read, not the scenario).
    public var isInData: Bool { self == .trainingLineNotJSON || self == .validationLineNotJSON }
}
