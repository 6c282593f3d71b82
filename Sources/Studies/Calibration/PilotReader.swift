internal import Foundation
internal import Graders

/// Reads a pilot job's per-step metrics (``PilotRecord``) from what the platform gives.
///
/// It reads:
/// - metrics events, as `client.fine_tuning.jobs.list_events(job_id)` returns them: one event
///   object per line (JSON Lines, as `rftsim run` writes `events.jsonl`), or the SDK's list page
///   `{"object": "list", "data": [...], "has_more": …}` (or a JSON array of events); events of
///   other types are skipped, the order does not matter (the API lists newest first). A line
///   may also hold an event's `data` alone;
/// - the job's results CSV (the result file: `step, train_mean_reward, full_valid_mean_reward,
///   completion_tokens_mean, reasoning_tokens_mean, …`), which has rewards and tokens but no timing.
///
/// The fields read are those of the platform's RFT metrics event (openai-finetuning-api.md §5.1),
/// which the provider emits too: `step`, `scores.train_reward_mean` (or `train_mean_reward`),
/// `scores.valid_reward_mean` (or `full_valid_mean_reward`), `timing.step`, `timing.graders[]`,
/// `usage.samples.*_reasoning_tokens_{mean,count}`, `completion_tokens_mean`, `reasoning_tokens_mean`
/// and `total_steps`.
public enum PilotReader {
    /// Reads the pilot at `path`.
    ///
    /// - Throws: ``CalibrationError`` (`notPilot`) naming the file and line: a file that cannot be
    ///   read, is empty, is neither events nor a results CSV, a line that is not JSON, a metrics
    ///   event without a step or train reward, a step given twice with other values, or no
    ///   metrics at all.
    public static func read(path: String) throws(CalibrationError) -> PilotRecord {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CalibrationError(.notPilot, "\(path): no such file, or it cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CalibrationError(.notPilot, "\(path) is not UTF-8 text; give the job's metrics events (JSON lines) or its results CSV")
        }
        return try parse(text, path: path)
    }

    /// Reads pilot text; `path` names it in errors.
    public static func parse(_ text: String, path: String) throws(CalibrationError) -> PilotRecord {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw CalibrationError(.notPilot, "\(path) is empty; give the job's metrics events or its results CSV") }
        var entries: [(place: String, value: JSONValue)] = []
        let source: PilotRecord.Source
        if trimmed.hasPrefix("{") || trimmed.hasPrefix("[") {
            source = .events
            if let whole = try? JSONValue(parsing: trimmed), case .array(let list) = whole["data"] ?? whole {
                entries = list.enumerated().map { ("\(path) data[\($0.offset)]", $0.element) }
            } else {
                for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let content = line.trimmingCharacters(in: .whitespaces)
                    guard !content.isEmpty else { continue }
                    let place = "\(path) line \(index + 1)"
                    do {
                        entries.append((place, try JSONValue(parsing: content)))
                    } catch {
                        throw CalibrationError(.notPilot, "\(place) is not valid JSON (\(error)); a pilot is the job's events, one JSON object per line, or its results CSV")
                    }
                }
            }
        } else if let header = trimmed.split(separator: "\n").first, header.split(separator: ",").first?.trimmingCharacters(in: .whitespaces) == "step",
                  header.contains("train_mean_reward") {
            return try csv(text, path: path)
        } else {
            throw CalibrationError(.notPilot, "\(path) is neither metrics events (JSON: one event per line, or a list_events page) nor a results CSV (a header starting with step, train_mean_reward); give one of the two")
        }
        var steps: [Int: PilotRecord.Step] = [:], totalSteps: Int?
        for (place, value) in entries {
            guard case .object = value else { throw CalibrationError(.notPilot, "\(place) is \(value.kindName), not an event object") }
            let data: JSONValue
            if value["object"] != nil || value["type"] != nil {
                guard value["type"]?.stringValue == "metrics", let inner = value["data"], case .object = inner else { continue }
                data = inner
            } else if value["step"] != nil {
                data = value
            } else {
                throw CalibrationError(.notPilot, "\(place) is neither a fine-tuning event (object, type, data) nor an event's data (step, scores)")
            }
            let step = try event(data, place: place)
            if let total = data["total_steps"]?.numberValue { totalSteps = Int(total) }
            if let earlier = steps[step.step], earlier != step {
                throw CalibrationError(.notPilot, "\(place): step \(step.step) is given twice with different values; give one job's events")
            }
            steps[step.step] = step
        }
        guard !steps.isEmpty else {
            throw CalibrationError(.notPilot, "\(path) has no metrics events (type \"metrics\" with data.step); a reinforcement job's list_events has one per step")
        }
        return PilotRecord(path: path, source: source, steps: steps.keys.sorted().map { steps[$0]! }, totalSteps: totalSteps)
    }

    /// One metrics event's `data`.
    static func event(_ data: JSONValue, place: String) throws(CalibrationError) -> PilotRecord.Step {
        func number(_ path: String...) -> Double? {
            var value: JSONValue? = data
            for key in path { value = value?[key] }
            return value?.numberValue
        }
        guard let stepNumber = number("step"), stepNumber >= 1, stepNumber == stepNumber.rounded() else {
            throw CalibrationError(.notPilot, "\(place): a metrics event needs data.step, a whole number ≥ 1")
        }
        guard let train = number("scores", "train_reward_mean") ?? number("train_mean_reward"), train.isFinite else {
            throw CalibrationError(.notPilot, "\(place): a metrics event needs data.scores.train_reward_mean (or data.train_mean_reward)")
        }
        var step = PilotRecord.Step(step: Int(stepNumber), trainReward: train, graderLatencies: [])
        step.validReward = number("scores", "valid_reward_mean") ?? number("full_valid_mean_reward")
        if let sampling = number("timing", "step", "sampling"), let training = number("timing", "step", "training") {
            let eval = number("timing", "step", "eval") ?? 0
            let full = number("timing", "step", "full_iteration") ?? sampling + training + eval
            step.timing = .init(sampling: sampling, training: training, eval: eval, fullIteration: full)
        }
        step.completionTokensMean = number("completion_tokens_mean")
        step.reasoningTokensMean = number("reasoning_tokens_mean") ?? number("usage", "samples", "train_reasoning_tokens_mean")
        if let count = number("usage", "samples", "train_reasoning_tokens_count"),
           let mean = number("usage", "samples", "train_reasoning_tokens_mean"), mean > 0 {
            step.trainSamples = Int((count / mean).rounded())
        }
        if let count = number("usage", "samples", "valid_reasoning_tokens_count"),
           let mean = number("usage", "samples", "valid_reasoning_tokens_mean") ?? number("valid_reasoning_tokens_mean"), mean > 0 {
            step.validSamples = Int((count / mean).rounded())
            step.validReasoningTokens = count
        }
        if case .array(let graders)? = data["timing"]?["graders"] {
            for grader in graders {
                guard let type = grader["type"]?.stringValue, let latency = grader["train_execution_latency_mean"]?.numberValue else { continue }
                step.graderLatencies.append(.init(type: type, train: latency, valid: grader["valid_execution_latency_mean"]?.numberValue))
            }
        }
        return step
    }

    /// The results CSV.
    static func csv(_ text: String, path: String) throws(CalibrationError) -> PilotRecord {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        let header = fields(lines[0])
        func column(_ name: String) -> Int? { header.firstIndex(of: name) }
        guard let stepColumn = column("step"), let trainColumn = column("train_mean_reward") else {
            throw CalibrationError(.notPilot, "\(path) line 1: a results CSV needs the columns step and train_mean_reward")
        }
        let validColumn = column("full_valid_mean_reward"), completionColumn = column("completion_tokens_mean")
        let reasoningColumn = column("reasoning_tokens_mean")
        var steps: [PilotRecord.Step] = []
        for (index, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let cells = fields(line)
            func value(_ column: Int?) -> Double? {
                guard let column, column < cells.count else { return nil }
                return Double(cells[column].trimmingCharacters(in: .whitespaces))
            }
            guard cells.count == header.count else {
                throw CalibrationError(.notPilot, "\(path) line \(index + 1) has \(cells.count) cells; the header has \(header.count)")
            }
            guard let step = value(stepColumn), step >= 1, step == step.rounded() else {
                throw CalibrationError(.notPilot, "\(path) line \(index + 1), step: a whole number ≥ 1, got \"\(cells[stepColumn])\"")
            }
            guard let train = value(trainColumn), train.isFinite else {
                throw CalibrationError(.notPilot, "\(path) line \(index + 1), train_mean_reward: a number, got \"\(cells[trainColumn])\"")
            }
            var record = PilotRecord.Step(step: Int(step), trainReward: train, graderLatencies: [])
            record.validReward = value(validColumn)
            record.completionTokensMean = value(completionColumn)
            record.reasoningTokensMean = value(reasoningColumn)
            if let earlier = steps.last, earlier.step >= record.step {
                throw CalibrationError(.notPilot, "\(path) line \(index + 1): step \(record.step) after step \(earlier.step); a results file has one row per step, in order")
            }
            steps.append(record)
        }
        guard !steps.isEmpty else { throw CalibrationError(.notPilot, "\(path) has a header but no rows") }
        return PilotRecord(path: path, source: .resultsCSV, steps: steps, totalSteps: nil)
    }

    /// A CSV line's fields (double quotes quote, `""` is a quote).
    static func fields(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        var characters = line.makeIterator()
        while let character = characters.next() {
            if quoted {
                if character == "\"" {
                    // A doubled quote is a quote; a single one closes.
                    var lookahead = characters
                    if lookahead.next() == "\"" { current.append("\""); characters = lookahead } else { quoted = false }
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}
