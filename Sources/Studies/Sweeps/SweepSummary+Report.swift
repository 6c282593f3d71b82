internal import Foundation
internal import Stochastics

extension SweepSummary {
    /// Cells drawn in the learning-curve chart at most (the Pareto-efficient ones, cheapest first).
    static let curveChartLimit = 4

    /// `report.html`: the Pareto chart of mean cost against mean final valid reward (with 95 %
    /// whiskers), the learning curves of the efficient cells with their fitted forecasts, and a
    /// table of every cell. Self-contained and deterministic (no dates, no timings).
    public func reportHTML() -> String {
        let efficient = ParetoChart.efficiency(of: paretoPoints)
        let (rewardChart, targetChart, curves) = (costRewardChart, costToTargetChart, curveChart(efficient: efficient))
        var introduction = "<p class=\"meta\">" + HTMLPage.escape(metaLine) + "</p>\n"
        introduction += "<p class=\"description\">" + HTMLPage.escape(
            "Each cell is the scenario with the values in the table; each ran \(manifest.seeds) seed\(manifest.seeds == 1 ? "" : "s"), "
                + "the same seeds in every cell. The valid reward is valid_reward_mean as the platform reports it, the mean "
                + "reward of eval_samples answers sampled per validation item at validation steps (the table also gives the exact "
                + "expectation); cost is training time at the scenario's price sheet plus grader-model tokens.") + "</p>"
        if !warnings.isEmpty {
            introduction += "\n<ul class=\"warnings\">" + warnings.map { "<li>" + HTMLPage.escape($0) + "</li>" }.joined() + "</ul>"
        }
        var sections = [HTMLPage.Section(heading: "Cost against final valid reward", html: rewardChart.svg() + labelNote)]
        sections.append(.init(heading: "Cost to reach the target", html: targetChart.svg()
            + "\n<p>" + HTMLPage.escape("Cells whose runs never reach the target are not drawn.") + "</p>" + labelNote))
        sections.append(.init(heading: "Learning curves and forecasts", html: curves.svg()
            + "\n<p>" + HTMLPage.escape(
                "Markers: the mean valid reward over seeds at each validation step, against the cost so far. Dashed: "
                    + "r(cost) = a − b·exp(−c·cost) fitted to those points (nonlinear least squares), drawn up to the forecast "
                    + "cost of reaching the target or twice the run's cost. Shown: the Pareto-efficient cells of the first chart, "
                    + "then the best by final valid reward (at most \(Self.curveChartLimit)).") + "</p>"))
        sections.append(.init(heading: "Cells", html: cellTable(efficient: efficient)))
        if let inference = inferenceTable() {
            sections.append(.init(heading: "Cost with the tuned model's inference", html: inference))
        }
        return HTMLPage(title: "Sweep of \(manifest.scenario.name)", introduction: introduction, sections: sections).render()
    }

    /// The report's charts as separate SVG files: `cost-vs-final-reward` and `cost-to-target` (the
    /// Pareto charts) and `learning-curves` (with the forecasts).
    public func figures() -> [Figure] {
        let curves = curveChart(efficient: ParetoChart.efficiency(of: paretoPoints))
        return [
            Figure(name: "cost-vs-final-reward", svg: costRewardChart.svg(standalone: true)),
            Figure(name: "cost-to-target", svg: costToTargetChart.svg(standalone: true)),
            Figure(name: "learning-curves", svg: curves.svg(standalone: true)),
        ]
    }

    var costRewardChart: ParetoChart {
        ParetoChart(points: paretoPoints, title: "Mean cost of a run against mean final valid reward",
                    xLabel: "cost of a run (USD)", yLabel: "final valid reward (mean, 95% interval)")
    }

    var costToTargetChart: ParetoChart {
        ParetoChart(points: targetPoints, title: "Mean cost to reach the target against the chance of reaching it",
                    xLabel: "cost to target, runs that reach it (USD)", yLabel: "P(reach target), 95% interval")
    }

    var metaLine: String {
        var parts = ["scenario \(manifest.scenario.name) (content \(manifest.scenario.contentHash))",
                     "\(rows.count) cell\(rows.count == 1 ? "" : "s") × \(manifest.seeds) seed\(manifest.seeds == 1 ? "" : "s")"]
        if let steps = manifest.steps { parts.append("\(steps) steps per run") }
        if let target = manifest.target { parts.append("target \(Self.fixed(target, 3))") }
        if !manifest.vary.isEmpty { parts.append("vary " + manifest.vary.joined(separator: " ")) }
        if let random = manifest.random { parts.append("random \(random) (sweep seed \(manifest.sweepSeed))") }
        if !manifest.overrides.isEmpty { parts.append("set " + manifest.overrides.joined(separator: " ")) }
        if !manifest.shard.isWhole { parts.append("shard \(manifest.shard) (\(manifest.cells.count) cells in all)") }
        return parts.joined(separator: " · ")
    }

    /// A chart label: `key=value` for one varied key, the values alone (`4 · 0.5 · grpo`) for several.
    func chartLabel(_ row: Row) -> String {
        manifest.keys.count >= 2 ? row.values.joined(separator: " · ") : row.label
    }

    var labelNote: String {
        guard manifest.keys.count >= 2 else { return "" }
        let names = manifest.keys.map { $0.split(separator: ".").last.map(String.init) ?? $0 }
        return "\n<p>" + HTMLPage.escape("Points are labelled with the values of " + names.joined(separator: " · ") + ".") + "</p>"
    }

    var paretoPoints: [ParetoChart.Point] {
        rows.map { row in
            ParetoChart.Point(label: chartLabel(row), cost: row.cost, reward: row.finalReward,
                              rewardLow: row.finalRewardInterval?.lower, rewardHigh: row.finalRewardInterval?.upper)
        }
    }

    var targetPoints: [ParetoChart.Point] {
        rows.map { row in
            ParetoChart.Point(label: chartLabel(row), cost: row.costToTarget ?? .nan, reward: row.reachProbability,
                              rewardLow: row.reachInterval?.lower, rewardHigh: row.reachInterval?.upper)
        }
    }

    /// The cells whose curves are drawn: the efficient ones, then the best by final reward.
    func curveRows(efficient: [Bool]) -> [Row] {
        let byReward = rows.indices.sorted { (-rows[$0].finalReward, $0) < (-rows[$1].finalReward, $1) }
        let chosen = (byReward.filter { efficient[$0] } + byReward.filter { !efficient[$0] }).prefix(Self.curveChartLimit)
        return chosen.sorted { (-rows[$0].finalReward, $0) < (-rows[$1].finalReward, $1) }.map { rows[$0] }
    }

    func curveChart(efficient: [Bool]) -> SVGLineChart {
        var chart = SVGLineChart(title: "Mean valid reward against cost", xLabel: "cost so far (USD)", yLabel: "valid reward",
                                 integerX: false, plotHeight: 260)
        let shown = curveRows(efficient: efficient)
        var right = 0.0
        for row in shown {
            let last = row.curve.cost.last ?? 0
            right = max(right, last, min(row.forecastCostToTarget ?? 0, 2 * last))
        }
        for (number, row) in shown.enumerated() {
            let colour = ChartPalette.colour(number)
            chart.series.append(.init(chartLabel(row), colour: colour, points: zip(row.curve.cost, row.curve.meanValidReward).map {
                SVGLineChart.Point(x: $0, y: $1)
            }, markers: true))
            if let fit = row.fit, right > 0 {
                let end = min(right, max(row.curve.cost.last ?? 0, min(row.forecastCostToTarget ?? 0, 2 * (row.curve.cost.last ?? 0))))
                let points = (0...48).map { i -> SVGLineChart.Point in
                    let x = end * Double(i) / 48
                    return SVGLineChart.Point(x: x, y: fit.value(at: x))
                }
                chart.series.append(.init("\(chartLabel(row)) (fit)", colour: colour, points: points, dashed: true))
            }
        }
        if let target = rows.first?.target, right > 0, rows.allSatisfy({ $0.target == target }) {
            chart.series.append(.init("target", colour: ChartPalette.grey, points: [.init(x: 0, y: target), .init(x: right, y: target)],
                                      dashed: true))
        }
        return chart
    }

    func cellTable(efficient: [Bool]) -> String {
        let money = { (value: Double?) in value.map { "$" + Self.fixed($0, 2) } ?? "–" }
        let header = manifest.keys.map { $0.split(separator: ".").last.map(String.init) ?? $0 } + [
            "final valid reward (95% interval)", "P(target)", "cost to target", "cost of a run", "fitted asymptote",
            "forecast cost to target", "Pareto",
        ]
        let table = rows.enumerated().map { position, row -> [String] in
            let interval = row.finalRewardInterval.map { " [\(Self.fixed($0.lower, 3)), \(Self.fixed($0.upper, 3))]" } ?? ""
            return row.values + [
                Self.fixed(row.finalReward, 3) + interval, Self.fixed(row.reachProbability, 2), money(row.costToTarget), money(row.cost),
                row.fit.map { Self.fixed($0.ceiling, 3) } ?? "–", money(row.forecastCostToTarget), efficient[position] ? "yes" : "",
            ]
        }
        let numeric = Set(manifest.keys.count..<(header.count - 1))
        return HTMLPage.table(header: header, rows: table, numericColumns: numeric)
            + "\n<p>" + HTMLPage.escape("summary.csv has more columns (steps and hours to target, intervals of P, the fitted rate) and the cell ids (the files in cells/), in the same order.") + "</p>"
    }
}
