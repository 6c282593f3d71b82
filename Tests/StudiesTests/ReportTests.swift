import Foundation
import Studies
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

struct ReportTests {
    // MARK: - Fixtures

    /// A synthetic run: `count` steps, two graders, a gold reward, validation every 5 steps.
    static func report(steps count: Int, description: String = "Learns to triage tickets.") -> RunReport {
        let steps = (1...count).map { i -> RunReport.Step in
            let t = Double(i) / Double(count)
            let validating = i % 5 == 0
            return RunReport.Step(
                step: i, trainReward: 0.3 + 0.5 * t + 0.05 * sin(Double(i)), validReward: validating ? 0.28 + 0.5 * t : nil,
                validExpectedReward: validating ? 0.27 + 0.5 * t : nil,
                goldReward: 0.2 + 0.3 * t, graderTrainRewards: ["format": 0.6 + 0.4 * t, "correct": 0.2 + 0.5 * t],
                graderValidRewards: validating ? ["format": 0.6 + 0.3 * t, "correct": 0.2 + 0.4 * t] : [:],
                rewardStd: 0.3 - 0.1 * t, fracRewardZeroStd: 0.1 + 0.4 * t, entropy: 1.5 - t, kl: 0.05 * t,
                samplingSeconds: 40, trainingSeconds: 20, evalSeconds: validating ? 50 : 0,
                fullIterationSeconds: validating ? 112 : 62, elapsedTrainingSeconds: 62 * Double(i),
                cumulativeCost: 1.72 * Double(i))
        }
        return RunReport(
            title: "Triage <i>demo</i>", description: description, model: "o4-mini-2025-04-16", method: "reinforcement",
            graderNames: ["format", "correct"], hyperparameters: [("batch_size", "16"), ("note", "<b>x</b>")],
            steps: steps, checkpoints: [.init(step: count, model: "ft:o4-mini:acme::<b>", validReward: 0.7)],
            summary: [("cost", "$12.00"), ("status", "succeeded")])
    }

    private func parse(_ html: String) throws -> XMLDocument {
        let body = html.replacingOccurrences(of: "<!DOCTYPE html>", with: "")
        return try XMLDocument(xmlString: body, options: [])
    }

    // MARK: - The HTML page

    @Test(arguments: [1, 2, 120, 5000])
    func pageIsWellFormedWithOneSVGPerChart(steps: Int) throws {
        let html = Self.report(steps: steps).html()
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html"))
        let document = try parse(html)
        #expect(try document.nodes(forXPath: "//svg").count == 5)
        #expect(try document.nodes(forXPath: "//table").count == 3)
        #expect(html.components(separatedBy: "<svg").count - 1 == 5)
    }

    @Test func pageIsSelfContained() {
        let html = Self.report(steps: 40).html()
        for forbidden in ["<script", "http", "url(", "@import", "src=", "href=", "<link", "@font-face"] {
            #expect(!html.contains(forbidden), "page contains \(forbidden)")
        }
    }

    @Test func figuresAreTheChartsAsSeparateFiles() throws {
        var report = Self.report(steps: 20)
        report.baseValidReward = 0.25
        let figures = report.figures()
        #expect(figures.map(\.name) == ["reward", "learning-signal", "policy-entropy-and-kl", "step-timing", "cost"])
        for figure in figures {
            #expect(figure.svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            #expect(figure.svg.contains("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>"))
            _ = try XMLDocument(xmlString: figure.svg, options: [])
        }
        // The expected valid line starts with the base model at step 0; without a base it starts at
        // step 5, as the sampled line always does.
        #expect(figures[0].svg.contains("<title>valid reward (expected) at 0: 0.250</title>"))
        #expect(figures[0].svg.contains("<title>valid reward (sampled) at 5: 0.405</title>"))
        #expect(!figures[0].svg.contains("valid reward (sampled) at 0:"))
        #expect(!Self.report(steps: 20).figures()[0].svg.contains("valid reward (expected) at 0:"))
        #expect(Figure.fileName(for: "Policy: entropy and KL") == "policy-entropy-and-kl")
        #expect(Figure.fileName(for: "  Été 2026!  ") == "t-2026")
        #expect(Figure.fileName(for: "—") == "figure")
    }

    @Test func passAtKIsAChartOfTheBaseAndTheTunedModelAgainstLogK() throws {
        var report = Self.report(steps: 20)
        report.passAtK = RunReport.PassAtK(ks: [1, 8, 64, 256], base: [0.4, 0.8, 0.95, 0.99], tuned: [0.7, 0.85, 0.9, 0.92])
        let figures = report.figures()
        #expect(figures.map(\.name) == ["reward", "pass-k-on-validation", "learning-signal", "policy-entropy-and-kl", "step-timing", "cost"])
        let svg = figures[1].svg
        // x = log₂ k: k = 8 at 3, k = 256 at 8.
        #expect(svg.contains("<title>base model at 3: 0.800</title>") && svg.contains("<title>base model at 8: 0.990</title>"))
        #expect(svg.contains("<title>tuned model at 0: 0.700</title>") && svg.contains("<title>tuned model at 8: 0.920</title>"))
        for k in ["1", "8", "64", "256"] { #expect(svg.contains(">\(k)</text>")) }
        _ = try XMLDocument(xmlString: svg, options: [])
    }

    @Test func userTextIsEscaped() throws {
        let html = Self.report(steps: 10, description: "Uses <b>bold</b> & \"quotes\"").html()
        #expect(html.contains("Uses &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quotes&quot;"))
        #expect(html.contains("Triage &lt;i&gt;demo&lt;/i&gt;"))
        #expect(!html.contains("<b>") && !html.contains("<i>"))
        _ = try parse(html)
    }

    @Test func renderingIsDeterministic() {
        #expect(Self.report(steps: 300).html() == Self.report(steps: 300).html())
        #expect(Self.report(steps: 3).textSummary(width: 80) == Self.report(steps: 3).textSummary(width: 80))
    }

    @Test func longRunsStaySmall() {
        let html = Self.report(steps: 5000).html()
        #expect(html.utf8.count < 400_000)
        let longestPath = html.components(separatedBy: "<path d=\"").dropFirst()
            .map { $0.prefix { $0 != "\"" }.filter { $0 == "L" }.count }.max() ?? 0
        #expect(longestPath <= 600)
    }

    @Test func nonFiniteValuesAreSkipped() throws {
        var report = Self.report(steps: 30)
        report.steps[3].trainReward = .nan
        report.steps[4].entropy = .infinity
        report.steps[9].validReward = -.infinity
        report.steps[5].cumulativeCost = .nan
        let html = report.html()
        _ = try parse(html)
        #expect(!html.contains("nan") && !html.contains("NaN") && !html.contains("∞"))
        let paths = html.components(separatedBy: " d=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(paths.count >= 13)
        #expect(paths.allSatisfy { $0.allSatisfy { "0123456789.-MLHV ".contains($0) } })
    }

    @Test func emptyRunStillRenders() throws {
        let report = RunReport(title: "Empty", description: "", model: "m", method: "reinforcement", graderNames: [],
                               hyperparameters: [], steps: [], checkpoints: [], summary: [])
        let html = report.html()
        #expect(try parse(html).nodes(forXPath: "//svg").count == 5)
        #expect(html.contains("no data"))
    }

    // MARK: - Decimation and axes

    @Test func decimationKeepsEndsAndExtremes() {
        var points = (0..<5000).map { SVGLineChart.Point(x: Double($0), y: sin(Double($0) / 50)) }
        points[1234].y = 9
        points[4321].y = -7
        let kept = LineDecimation.decimate(points, maxPoints: 600)
        #expect(kept.count <= 600 && kept.count > 300)
        #expect(kept.first == points.first && kept.last == points.last)
        #expect(kept.contains(points[1234]) && kept.contains(points[4321]))
        #expect(zip(kept, kept.dropFirst()).allSatisfy { $0.x < $1.x })
        #expect(LineDecimation.decimate(Array(points.prefix(50)), maxPoints: 600) == Array(points.prefix(50)))
    }

    @Test(arguments: [
        (0.0, 1.0, 0.2, 0.0, 1.0, "0.4"),
        (0.0013, 0.0042, 0.001, 0.001, 0.005, "0.003"),
        (0.0, 1234.0, 500.0, 0.0, 1500.0, "500"),
        (-0.37, 0.81, 0.5, -0.5, 1.0, "-0.5"),
        (0.5, 0.5, 0.02, 0.44, 0.56, "0.50"),
    ])
    func niceTicks(min: Double, max: Double, step: Double, lower: Double, upper: Double, label: String) {
        let axis = ChartAxis(min: min, max: max)
        #expect(abs(axis.step - step) < step * 1e-9)
        #expect(abs(axis.lower - lower) < step * 1e-9 && abs(axis.upper - upper) < step * 1e-9)
        #expect(axis.ticks.count == Int(((upper - lower) / step).rounded()) + 1)
        #expect(axis.ticks.contains { axis.label($0) == label })
    }

    @Test func axisCornerCases() {
        #expect(ChartAxis(covering: [Double]()).ticks == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])
        #expect(ChartAxis(covering: [.nan, 3, .infinity], integerSteps: true).ticks == [2, 3, 4])
        #expect(ChartAxis(min: 1, max: 1, integerSteps: true).ticks == [0, 1, 2])
        #expect(ChartAxis(min: 1, max: 5000, targetTickCount: 8, integerSteps: true).step == 1000)
        #expect(ChartAxis(min: 0, max: 0).ticks.first == 0)
    }

    // MARK: - Sparklines and the text summary

    @Test(arguments: [1, 3, 40, 41, 1000])
    func sparklineHasTheWidthAndExtremes(count: Int) {
        let values = (0..<count).map { Double($0) * Double($0) }
        let spark = Sparkline.render(values, width: 40)
        #expect(spark.count == 40)
        if count > 1 {
            #expect(spark.first == "▁" && spark.last == "█")
        }
        #expect(spark.allSatisfy { Sparkline.levels.contains($0) })
    }

    @Test func sparklineCornerCases() {
        #expect(Sparkline.render([], width: 10) == "")
        #expect(Sparkline.render([1, 2], width: 0) == "")
        #expect(Sparkline.render([2, 2, 2], width: 3) == "▄▄▄")
        #expect(Sparkline.render([0, .nan, 1], width: 3) == "▁ █")
        #expect(Sparkline.render([0, 1, 0.5, 0.25], width: 4) == "▁█▅▃")
    }

    @Test func textSummaryLabelsEachSeries() {
        let text = Self.report(steps: 100).textSummary(width: 80)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for label in ["train reward", "valid reward", "gold reward", "entropy", "cost"] {
            #expect(lines.contains { $0.hasPrefix(label) && $0.contains("min ") && $0.contains("last ") })
        }
        #expect(text.contains("last $172.00"))
        #expect(lines.filter { $0.contains("max ") }.allSatisfy { $0.count <= 80 })
    }

    // MARK: - Pareto chart

    @Test func paretoFlagsMatchAHandCheckedSet() {
        let points: [ParetoChart.Point] = [
            .init(label: "a", cost: 10, reward: 0.5),  // cheapest: efficient
            .init(label: "b", cost: 20, reward: 0.7),  // efficient
            .init(label: "c", cost: 20, reward: 0.6),  // same cost as b, worse
            .init(label: "d", cost: 30, reward: 0.7),  // dearer than b, same reward
            .init(label: "e", cost: 40, reward: 0.9),  // efficient
            .init(label: "f", cost: 15, reward: 0.4),  // dominated by a
            .init(label: "g", cost: 40, reward: 0.9),  // duplicate of e: efficient too
            .init(label: "h", cost: .nan, reward: 1),  // not drawn, not efficient
        ]
        #expect(ParetoChart.efficiency(of: points) == [true, true, false, false, true, false, true, false])
    }

    @Test func paretoChartEmbedsInAPage() throws {
        let chart = ParetoChart(points: [
            .init(label: "G=4 <lr>", cost: 40, reward: 0.61, rewardLow: 0.58, rewardHigh: 0.64),
            .init(label: "G=8", cost: 75, reward: 0.70), .init(label: "G=16", cost: 150, reward: 0.69),
        ])
        let html = HTMLPage(title: "Sweep & co", sections: [.init(heading: "Pareto", html: chart.svg())]).render()
        #expect(try parse(html).nodes(forXPath: "//svg").count == 1)
        #expect(html.contains("G=4 &lt;lr&gt;") && !html.contains("<script") && !html.contains("http"))
        #expect(chart.svg(standalone: true).contains("xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(chart.svg() == chart.svg())
    }
}
