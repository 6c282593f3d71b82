internal import Stochastics

extension SweepSummary {
    /// The sheets of the rows' inference lines, in order of first appearance.
    var inferenceSheets: [String] {
        var sheets: [String] = []
        for row in rows {
            for line in row.costWithInference ?? [] where !sheets.contains(line.sheet) { sheets.append(line.sheet) }
        }
        return sheets
    }

    /// What sharing saves on the mean run plus the inference under `sheet` (negative: it costs more).
    static func sharingSaving(_ lines: [SweepCellResult.InferenceCost], sheet: String) -> Double? {
        guard let off = lines.first(where: { $0.sheet == sheet && !$0.dataSharing }),
              let on = lines.first(where: { $0.sheet == sheet && $0.dataSharing }) else { return nil }
        return off.total - on.total
    }

    /// One line for a cell: under each sheet, the mean run plus the inference without and with
    /// sharing, and what sharing saves: `launch-2025 $1,234.00 / $1,180.00 (sharing saves $54.00); …`.
    public static func inferenceText(_ row: Row) -> String? {
        guard let lines = row.costWithInference, !lines.isEmpty else { return nil }
        var sheets: [String] = []
        for line in lines where !sheets.contains(line.sheet) { sheets.append(line.sheet) }
        let parts = sheets.map { sheet -> String in
            let totals = lines.filter { $0.sheet == sheet }.map { "\(CostEstimate.dollars($0.total)) \($0.dataSharing ? "with" : "without")" }
            let saving = sharingSaving(lines, sheet: sheet).map { $0 > 0.005 ? "sharing saves \(CostEstimate.dollars($0))" : "sharing saves nothing" }
            return "\(sheet) " + totals.joined(separator: " / ") + (saving.map { " sharing (\($0))" } ?? "")
        }
        return parts.joined(separator: "; ")
    }

    /// The report's section: per cell, the mean run plus the inference under each sheet without
    /// and with sharing, and what sharing saves; `nil` without `--inference-requests`.
    func inferenceTable() -> String? {
        let sheets = inferenceSheets
        guard let volume = manifest.inferenceVolume, !sheets.isEmpty else { return nil }
        let keys = manifest.keys.map { $0.split(separator: ".").last.map(String.init) ?? $0 }
        var header = keys.isEmpty ? ["cell"] : keys
        for sheet in sheets { header += ["\(sheet) no sharing", "\(sheet) sharing", "\(sheet) sharing saves"] }
        let table = rows.map { row -> [String] in
            var cells = keys.isEmpty ? [row.label.isEmpty ? row.id : row.label] : row.values
            let lines = row.costWithInference ?? []
            for sheet in sheets {
                let total = { (sharing: Bool) in lines.first { $0.sheet == sheet && $0.dataSharing == sharing }.map { CostEstimate.dollars($0.total) } ?? "–" }
                cells += [total(false), total(true), Self.sharingSaving(lines, sheet: sheet).map(CostEstimate.dollars) ?? "–"]
            }
            return cells
        }
        let first = keys.isEmpty ? 1 : keys.count
        let words = "\(NumberText.grouped(volume.requests)) requests × \(NumberText.grouped(volume.inputTokensPerRequest)) input"
            + " + \(NumberText.grouped(volume.outputTokensPerRequest)) output tokens"
        return "<p>" + HTMLPage.escape(
            "A run's mean cost (its mean training hours and grader tokens) under each price sheet with data sharing off and on, plus "
                + "\(words) of the tuned model at the sheet's fine-tuned rates. Under launch-2025 sharing discounts training; under "
                + "current-2026 it discounts the tuned model's inference.") + "</p>\n"
            + HTMLPage.table(header: header, rows: table, numericColumns: Set(first..<header.count))
    }
}
