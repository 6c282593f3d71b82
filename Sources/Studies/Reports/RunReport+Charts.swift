internal import Foundation

extension RunReport {
    /// The report's charts in page order: reward, pass@k (when traced), learning signal, policy,
    /// timing, cost.
    func charts() -> [SVGLineChart] {
        [rewardChart()] + (passAtKChart().map { [$0] } ?? []) + [signalChart(), policyChart(), timingChart(), costChart()]
    }

    /// The charts as separate, titled SVG files in page order (`reward`, `pass-k-on-validation`,
    /// `learning-signal`, `policy-entropy-and-kl`, `step-timing`, `cost`).
    public func figures() -> [Figure] {
        charts().map { Figure(title: $0.title, svg: $0.svg(standalone: true)) }
    }

    /// Steps in step order (the gatherer already sorts them; this keeps the page right if not).
    private var orderedSteps: [Step] {
        steps.enumerated().sorted { ($0.element.step, $0.offset) < ($1.element.step, $1.offset) }.map(\.element)
    }

    private func line(_ value: (Step) -> Double?) -> [SVGLineChart.Point] {
        orderedSteps.compactMap { step in value(step).map { SVGLineChart.Point(x: Double(step.step), y: $0) } }
    }

    /// Train and valid reward, the gold reward, and per-grader lines when there are several graders;
    /// the valid and gold lines start at step 0 with the base model when the report has it.
    func rewardChart() -> SVGLineChart {
        var chart = SVGLineChart(title: "Reward", xLabel: "step", yLabel: "mean reward")
        chart.series.append(.init("train reward", colour: ChartPalette.blue, points: line { $0.trainReward }))
        let valid = line { $0.validReward }
        if !valid.isEmpty {
            chart.series.append(.init("valid reward (sampled)", colour: ChartPalette.vermillion, points: valid, markers: true))
        }
        let expected = startingAtBase(baseValidReward, line { $0.validExpectedReward })
        if !expected.isEmpty {
            chart.series.append(.init("valid reward (expected)", colour: ChartPalette.vermillion, points: expected, dashed: true,
                                      markers: true))
        }
        let gold = startingAtBase(baseGoldReward, line { $0.goldReward })
        if !gold.isEmpty {
            chart.series.append(.init("gold reward", colour: ChartPalette.black, points: gold,
                                      markers: gold.count * 2 < steps.count))
        }
        if graderNames.count > 1 {
            let colours = [ChartPalette.bluishGreen, ChartPalette.orange, ChartPalette.reddishPurple, ChartPalette.skyBlue]
            for (index, name) in graderNames.enumerated() {
                let colour = colours[index % colours.count]
                let train = line { $0.graderTrainRewards[name] }
                if !train.isEmpty {
                    chart.series.append(.init("\(name) (train)", colour: colour, points: train, dashed: true))
                }
                let valid = line { $0.graderValidRewards[name] }
                if !valid.isEmpty {
                    chart.series.append(.init("\(name) (valid)", colour: colour, points: valid, dashed: true, markers: true))
                }
            }
        }
        return chart
    }

    /// pass@k on the validation set against log₂ k, the base model's curve beside the tuned one's:
    /// RL that sharpens raises pass@1 and can lower pass@k at large k (docs/DYNAMICS.md).
    func passAtKChart() -> SVGLineChart? {
        guard let passAtK, passAtK.ks.count >= 2 else { return nil }
        let x = passAtK.ks.map { log2(Double($0)) }
        var chart = SVGLineChart(
            title: "pass@k on validation", xLabel: "log₂ k", yLabel: "pass@k on validation",
            series: [
                .init("base model", colour: ChartPalette.black, points: zip(x, passAtK.base).map { .init(x: $0, y: $1) },
                      dashed: true, markers: true),
                .init("tuned model", colour: ChartPalette.vermillion, points: zip(x, passAtK.tuned).map { .init(x: $0, y: $1) },
                      markers: true),
            ],
            includeZero: true)
        chart.topCaption = "k"
        chart.topLabels = zip(x, passAtK.ks).map { .init(x: $0, text: "\($1)") }
        return chart
    }

    /// `points` with the base model's value at step 0 in front (when there are points to extend).
    private func startingAtBase(_ base: Double?, _ points: [SVGLineChart.Point]) -> [SVGLineChart.Point] {
        guard let base, base.isFinite, let first = points.first, first.x > 0 else { return points }
        return [SVGLineChart.Point(x: 0, y: base)] + points
    }

    /// Reward spread and the share of groups without a learning signal.
    func signalChart() -> SVGLineChart {
        SVGLineChart(
            title: "Learning signal", xLabel: "step", yLabel: "reward std", rightLabel: "share of groups",
            series: [
                .init("reward std", colour: ChartPalette.blue, points: line { $0.rewardStd }),
                .init("zero-variance groups (right axis)", colour: ChartPalette.vermillion,
                      points: line { $0.fracRewardZeroStd }, dashed: true, axis: .right),
            ],
            includeZero: true)
    }

    /// Entropy of the policy and its KL to the base model.
    func policyChart() -> SVGLineChart {
        SVGLineChart(
            title: "Policy: entropy and KL", xLabel: "step", yLabel: "entropy (nats)", rightLabel: "KL (nats)",
            series: [
                .init("entropy", colour: ChartPalette.blue, points: line { $0.entropy }),
                .init("KL to base (right axis)", colour: ChartPalette.vermillion, points: line { $0.kl }, dashed: true,
                      axis: .right),
            ],
            includeZero: true)
    }

    /// Seconds per step and phase.
    func timingChart() -> SVGLineChart {
        SVGLineChart(
            title: "Step timing", xLabel: "step", yLabel: "seconds",
            series: [
                .init("full iteration", colour: ChartPalette.black, points: line { $0.fullIterationSeconds }),
                .init("sampling", colour: ChartPalette.blue, points: line { $0.samplingSeconds }),
                .init("training", colour: ChartPalette.vermillion, points: line { $0.trainingSeconds }, dashed: true),
                .init("eval", colour: ChartPalette.bluishGreen, points: line { $0.evalSeconds }),
            ],
            includeZero: true)
    }

    /// Cumulative cost, with the simulated training hours along the top.
    func costChart() -> SVGLineChart {
        var chart = SVGLineChart(
            title: "Cost", xLabel: "step", yLabel: "USD",
            series: [.init("cost so far (USD)", colour: ChartPalette.blue, points: line { $0.cumulativeCost })],
            includeZero: true)
        let elapsed = line { $0.elapsedTrainingSeconds / 3600 }.filter { $0.y.isFinite }
        guard let last = elapsed.last else { return chart }
        let decimals = last.y < 0.1 ? 3 : last.y < 1 ? 2 : 1
        chart.topCaption = "hours"
        chart.topLabels = chart.xAxis().ticks.compactMap { tick in
            Self.interpolate(elapsed, at: tick).map { .init(x: tick, text: SVGMarkup.fixed($0, decimals: decimals)) }
        }
        return chart
    }

    /// Linear interpolation in `points` (sorted by x), assuming zero at x = 0 before the first point.
    private static func interpolate(_ points: [SVGLineChart.Point], at x: Double) -> Double? {
        guard let first = points.first, let last = points.last, x <= last.x else { return nil }
        if x <= first.x {
            guard x >= 0, first.x > 0 else { return x == first.x ? first.y : nil }
            return first.y * x / first.x
        }
        guard let upper = points.firstIndex(where: { $0.x >= x }) else { return nil }
        let (a, b) = (points[upper - 1], points[upper])
        return b.x == a.x ? b.y : a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x)
    }
}
