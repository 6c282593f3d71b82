extension RunReport {
    /// A terminal summary: a heading line, then one labelled sparkline per series (train
    /// reward, valid reward, gold reward when present, entropy, cost) with its minimum, maximum
    /// and last value, then the summary facts.
    ///
    /// ```
    /// train reward  ▁▂▃▄▅▆▆▇▇▇██  min 0.212  max 0.871  last 0.862
    /// ```
    ///
    /// - Parameter width: The width of the sparkline lines in characters (a terminal's
    ///   columns); the sparkline takes what the label and the numbers leave, at least 8.
    /// - Returns: Lines separated by `\n`, ending with a newline.
    public func textSummary(width: Int = 80) -> String {
        let ordered = steps.sorted { $0.step < $1.step }
        var rows: [(label: String, values: [Double], format: (Double) -> String)] = []
        let reward = { (value: Double) in SVGMarkup.fixed(value, decimals: 3) }
        rows.append(("train reward", ordered.map(\.trainReward), reward))
        let valid = ordered.compactMap(\.validReward)
        if !valid.isEmpty { rows.append(("valid reward", valid, reward)) }
        let gold = ordered.compactMap(\.goldReward)
        if !gold.isEmpty { rows.append(("gold reward", gold, reward)) }
        rows.append(("entropy", ordered.map(\.entropy), reward))
        rows.append(("cost", ordered.map(\.cumulativeCost), { "$" + SVGMarkup.fixed($0, decimals: 2) }))

        let labelWidth = rows.map(\.label.count).max() ?? 0
        let stats = rows.map { row -> String in
            let finite = row.values.filter(\.isFinite)
            guard let low = finite.min(), let high = finite.max(), let last = finite.last else { return "no data" }
            return "min \(row.format(low))  max \(row.format(high))  last \(row.format(last))"
        }
        let statsWidth = stats.map(\.count).max() ?? 0
        let sparkWidth = max(8, width - labelWidth - statsWidth - 4)

        var lines = ["\(title) — \(model), \(method), \(steps.count) step\(steps.count == 1 ? "" : "s")"]
        for (row, stat) in zip(rows, stats) {
            let label = Self.padded(row.label, to: labelWidth)
            let spark = Sparkline.render(row.values, width: sparkWidth)
            lines.append("\(label)  \(spark.isEmpty ? String(repeating: " ", count: sparkWidth) : spark)  \(stat)")
        }
        if !summary.isEmpty {
            let keyWidth = summary.map(\.key.count).max() ?? 0
            lines.append("")
            lines += summary.map { "\(Self.padded($0.key, to: keyWidth))  \($0.value)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func padded(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
}
