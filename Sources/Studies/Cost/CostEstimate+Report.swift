internal import Foundation
internal import Graders
internal import Provider
internal import Simulator
internal import Stochastics

extension CostEstimate {
    /// The estimate as text: a heading, a table (sheet, data sharing, training, grader tokens,
    /// total) and the assumptions it rests on (steps, hours, tokens).
    ///
    /// ```
    /// Estimated cost: supervised fine-tuning of gpt-4o-mini-2024-07-18 on train.jsonl (100 examples)
    ///
    /// sheet         data sharing  training  grader tokens  total
    /// launch-2025   no               $0.90          $0.00  $0.90
    /// launch-2025   yes              $0.90          $0.00  $0.90
    /// current-2026  no               $0.90          $0.00  $0.90
    /// current-2026  yes              $0.90          $0.00  $0.90
    ///
    /// assumptions:
    ///   hyperparameters: n_epochs 3, batch_size 1, learning_rate_multiplier 1 ("auto" resolved as docs/HYPERPARAMETERS.md says)
    ///   training file: 100,000 tokens (estimated: ~4 bytes a token plus chat formatting) × 3 epochs = 300,000 trained tokens; …
    /// ```
    ///
    /// A scenario's own pricing is marked `*` in a last column and explained under `notes:`, as is
    /// a sheet whose data sharing discounts inference rather than training.
    public var text: String {
        var lines = [heading, ""]
        lines += table.textLines
        lines.append("")
        lines.append("assumptions:")
        lines += assumptionLines.map { "  " + $0 }
        let notes = noteLines
        if !notes.isEmpty {
            lines.append("notes:")
            lines += notes.map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    /// The estimate's table, one row per price sheet and data-sharing setting, and its notes: what
    /// `rftsim cost` prints, and what run and sweep reports show of a job priced with inference.
    public struct Table: Sendable, Hashable {
        /// The column names; the last column (unnamed) marks the scenario's own pricing with `*`.
        public var header: [String]
        /// The rows: sheet, data sharing, then amounts (`$1,234.56`).
        public var rows: [[String]]
        /// What the table's reader should know: inference discounts, what sharing saves, the scenario's pricing.
        public var notes: [String]

        /// The table as aligned text: text columns left, amounts right, two spaces between.
        public var textLines: [String] {
            let all = [header] + rows
            let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
            return all.map { row in
                let cells = row.enumerated().map { column, cell in
                    let pad = String(repeating: " ", count: widths[column] - cell.count)
                    return column < 2 ? cell + pad : pad + cell  // text left, money right
                }
                return cells.joined(separator: "  ").trimmingTrailingSpaces
            }
        }
    }

    /// The table of ``text``: sheet, data sharing, training, grader tokens, total, and with an
    /// ``inferenceVolume`` the inference and the total with it; ``Table/notes`` are the text's notes.
    public var table: Table {
        let withInference = inferenceVolume != nil
        var header = ["sheet", "data sharing", "training", "grader tokens", "total"]
        if withInference { header += ["inference", "with inference"] }
        let rows = self.lines.map { line in
            var row = [line.sheet, line.dataSharing ? "yes" : "no", Self.dollars(line.training.amount), Self.dollars(line.graderTokenAmount),
                       Self.dollars(line.total)]
            if withInference { row += [Self.dollars(line.inference?.amount ?? 0), Self.dollars(line.totalWithInference)] }
            return row + [scenarioPricing == Pricing(sheet: line.sheet, dataSharing: line.dataSharing) ? "*" : ""]
        }
        return Table(header: header + [""], rows: rows, notes: noteLines)
    }

    /// The inference volume in words: `1,000,000 requests × 800 input + 200 output tokens of the tuned model`.
    public var inferenceVolumeText: String? {
        inferenceVolume.map { volume in
            "\(NumberText.grouped(volume.requests)) requests × \(NumberText.grouped(volume.inputTokensPerRequest)) input"
                + " + \(NumberText.grouped(volume.outputTokensPerRequest)) output tokens of the tuned model"
        }
    }

    private var heading: String {
        var files: [String] = []
        if let trainingFile { files.append("\(trainingFile) (\(Self.count(workload.hyperparameters.trainingExamples, "example")))") }
        if let validationFile { files.append("validation \(validationFile) (\(Self.count(workload.hyperparameters.validationExamples, "example")))") }
        if files.isEmpty {
            files.append(Self.count(workload.hyperparameters.trainingExamples, "training example"))
            if workload.hyperparameters.validationExamples > 0 {
                files.append(Self.count(workload.hyperparameters.validationExamples, "validation example"))
            }
        }
        let name = scenario.map { "scenario \($0): " } ?? ""
        return "Estimated cost: \(name)\(method.displayName) fine-tuning of \(model) on \(files.joined(separator: ", "))"
    }

    private var assumptionLines: [String] {
        let resolved = workload.hyperparameters
        var lines = ["hyperparameters: " + Self.hyperparameterText(resolved) + " (\"auto\" resolved as docs/HYPERPARAMETERS.md says)"]
        if method != .reinforcement {
            lines.append("training file: \(NumberText.grouped(workload.trainingFileTokens)) tokens (estimated: ~4 bytes a token plus chat formatting)"
                         + " × \(Self.count(resolved.nEpochs, "epoch")) = \(NumberText.grouped(workload.trainedTokens)) trained tokens; validation tokens are free")
            return lines
        }
        lines.append("steps: \(resolved.steps) = ⌈\(Self.count(resolved.nEpochs, "epoch")) × \(Self.count(resolved.trainingExamples, "example")) / batch \(resolved.batchSize)⌉,"
                     + " \(resolved.samplesPerPrompt) samples per prompt, \(Self.count(workload.validations, "validation")) of \(Self.count(resolved.validationExamples, "item")) × \(Self.count(resolved.reinforcement?.evalSamples ?? 1, "sample"))")
        if let timing = workload.stepTiming {
            lines.append("training time: \(NumberText.fixed(workload.trainingHours, decimals: 2)) h (\(NumberText.grouped(Int(workload.trainingSeconds.rounded()))) s),"
                         + " the sum of the simulated steps (the provider's plan of this job); at the base model's lengths a step takes"
                         + " \(NumberText.fixed(timing.fullIteration - timing.eval, decimals: 1)) s + \(NumberText.fixed(timing.eval, decimals: 1)) s a validation")
        }
        for calls in workload.graderCalls {
            lines.append("grader \(calls.grader) (\(calls.model)): \(NumberText.grouped(calls.trainingCalls)) training + \(NumberText.grouped(calls.validationCalls)) validation calls"
                         + " = \(NumberText.grouped(calls.usage.promptTokens)) prompt + \(NumberText.grouped(calls.usage.completionTokens)) completion tokens"
                         + " (~\(NumberText.fixed(calls.promptTokensPerCall, decimals: 1)) + \(NumberText.fixed(calls.completionTokensPerCall, decimals: 1)) a call, as the simulated job's sampled answers are graded)")
        }
        if workload.graderCalls.isEmpty, method == .reinforcement { lines.append("grader tokens: none (no score_model or label_model grader)") }
        if let volume = inferenceVolumeText {
            lines.append("inference: \(volume), at each sheet's fine-tuned rates")
        }
        return lines
    }

    private var noteLines: [String] {
        var notes = lines.filter { $0.inferenceDiscount > 0 }.map { line in
            inferenceVolume == nil
                ? "\(line.sheet) with data sharing: the tuned model's inference is \(Self.percent(line.inferenceDiscount)) off instead (not part of the job's cost)"
                : "\(line.sheet) with data sharing: the tuned model's inference is \(Self.percent(line.inferenceDiscount)) off instead"
        }
        if inferenceVolume != nil {
            let sheets = lines.map(\.sheet).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            for sheet in sheets {
                guard let off = lines.first(where: { $0.sheet == sheet && !$0.dataSharing }),
                      let on = lines.first(where: { $0.sheet == sheet && $0.dataSharing }) else { continue }
                let saving = off.totalWithInference - on.totalWithInference
                notes.append("\(sheet): sharing \(saving > 0.005 ? "saves \(Self.dollars(saving))" : "saves nothing") on the job plus this inference")
            }
        }
        if let scenarioPricing, lines.contains(where: { Pricing(sheet: $0.sheet, dataSharing: $0.dataSharing) == scenarioPricing }) {
            notes.append("* the scenario's pricing: sheet \(scenarioPricing.sheet), data sharing \(scenarioPricing.dataSharing ? "on" : "off")")
        }
        return notes
    }

    static func hyperparameterText(_ resolved: ResolvedHyperparameters) -> String {
        var parts = ["n_epochs \(resolved.nEpochs)", "batch_size \(resolved.batchSize)",
                     "learning_rate_multiplier \(JSONValue.format(resolved.learningRateMultiplier))"]
        if let reinforcement = resolved.reinforcement {
            parts += ["compute_multiplier \(JSONValue.format(reinforcement.computeMultiplier))", "eval_interval \(reinforcement.evalInterval)",
                      "eval_samples \(reinforcement.evalSamples)", "reasoning_effort \(reinforcement.reasoningEffort.rawValue)"]
        }
        return parts.joined(separator: ", ")
    }

    static func dollars(_ amount: Double) -> String {
        let cents = Int((amount * 100).rounded())
        return (cents < 0 ? "-$" : "$") + NumberText.grouped(abs(cents) / 100) + "." + String(format: "%02d", abs(cents) % 100)
    }

    static func percent(_ fraction: Double) -> String {
        JSONValue.format(fraction * 100) + "%"
    }

    static func count(_ value: Int, _ noun: String) -> String {
        "\(NumberText.grouped(value)) \(noun)\(value == 1 ? "" : "s")"
    }
}

extension String {
    fileprivate var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
