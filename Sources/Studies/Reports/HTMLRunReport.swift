extension RunReport {
    /// The run as one self-contained HTML page: title, description, model and method, the
    /// summary, charts of reward, learning signal, policy, timing and cost (inline SVG), the
    /// hyperparameters and the checkpoints.
    ///
    /// The page has no scripts and references nothing outside itself, escapes every string
    /// that comes from the report, and is deterministic: the same report always gives the same
    /// bytes. Charts stay readable from 1 to many thousands of steps (long lines are thinned,
    /// keeping their extremes) and skip NaN and infinite values.
    ///
    /// ```swift
    /// try report.html().write(to: directory.appending(path: "report.html"), atomically: true, encoding: .utf8)
    /// ```
    public func html() -> String {
        let escape = HTMLPage.escape
        var facts = ["model \(model)", "method \(method)", "\(steps.count) step\(steps.count == 1 ? "" : "s")"]
        if !graderNames.isEmpty { facts.append("graders: " + graderNames.joined(separator: ", ")) }
        var introduction = "<p class=\"meta\">\(escape(facts.joined(separator: " · ")))</p>"
        if !description.isEmpty { introduction += "\n<p class=\"description\">\(escape(description))</p>" }

        // The section heading names each chart, so the chart does not repeat it.
        let charts = charts().map { chart in
            var chart = chart
            chart.showsTitle = false
            return (chart.title, chart.svg())
        }
        var sections: [HTMLPage.Section] = []
        if !warnings.isEmpty {
            let items = warnings.map { "<li>\(escape($0))</li>" }.joined(separator: "\n")
            sections.append(.init(heading: "Warnings", html: "<ul class=\"warnings\">\n\(items)\n</ul>"))
        }
        if !summary.isEmpty {
            sections.append(.init(heading: "Summary", html: HTMLPage.table(header: nil, rows: summary.map { [$0.key, $0.value] })))
        }
        if let cost = costWithInference {
            let table = cost.table
            let html = "<p>" + escape("The job as billed, priced under each price sheet with data sharing off and on, plus \(cost.volume)"
                + " at the sheet's fine-tuned rates. Under launch-2025 sharing discounts training; under current-2026 it discounts"
                + " the tuned model's inference.") + "</p>\n"
                + HTMLPage.table(header: table.header, rows: table.rows, numericColumns: Set(2..<(table.header.count - 1)))
                + (table.notes.isEmpty ? "" : "\n<ul>" + table.notes.map { "<li>\(escape($0))</li>" }.joined() + "</ul>")
            sections.append(.init(heading: "Cost with the tuned model's inference", html: html))
        }
        sections += charts.map { HTMLPage.Section(heading: $0, html: $1) }
        if !hyperparameters.isEmpty {
            let rows = hyperparameters.map { [$0.key, $0.value] }
            sections.append(.init(heading: "Hyperparameters", html: HTMLPage.table(header: nil, rows: rows)))
        }
        sections.append(.init(heading: "Checkpoints", html: checkpointTable()))
        return HTMLPage(title: title, introduction: introduction, sections: sections).render()
    }

    /// The kept checkpoints, the best by valid reward marked.
    private func checkpointTable() -> String {
        guard !checkpoints.isEmpty else { return "<p class=\"meta\">No checkpoints were kept.</p>" }
        let best = checkpoints.indices
            .filter { checkpoints[$0].validReward?.isFinite == true }
            .max { (checkpoints[$0].validReward!, $1) < (checkpoints[$1].validReward!, $0) }
        let rows = checkpoints.enumerated().map { index, checkpoint in
            [
                "\(checkpoint.step)", checkpoint.model,
                checkpoint.validReward.map { SVGMarkup.fixed($0, decimals: 4) } ?? "–",
                index == best ? "best" : "",
            ]
        }
        return HTMLPage.table(header: ["step", "model", "valid reward", ""], rows: rows, numericColumns: [0, 2])
    }
}
