public import Simulator

extension BanditScenario {
    /// The answers' lengths in tokens (`bandit.lengths`), or `nil` when the bandit has none.
    public var answerLengths: [Double]? {
        guard let lengths = table.answerTokens else { return nil }
        return Array(lengths[table.candidates(of: 0)])
    }

    /// The mean length of the incorrect answers under the policy after each step of `run`.
    ///
    /// Incorrect answers are those below the best reward; the mean is Σ π_c ℓ_c / Σ π_c over
    /// them, step 0 first.
    ///
    /// - Parameter run: A run of this bandit's trainer.
    /// - Returns: One mean per step and the initial one; `nil` when the bandit has no lengths,
    ///   every answer is correct, or the run did not track the prompt.
    public func incorrectAnswerLengths(_ run: TrainingRun) -> [Double]? {
        var means: [Double] = []
        for step in 0...run.metrics.count {
            guard let p = run.probabilities(atStep: step), let mean = incorrectAnswerLength(probabilities: p) else { return nil }
            means.append(mean)
        }
        return means
    }

    /// The mean length (tokens) of the incorrect answers (reward below the best) under the
    /// prompt's answer probabilities `p`, weighted by them (unweighted when they have no mass).
    ///
    /// - Returns: `nil` when the bandit has no lengths or every answer is correct.
    public func incorrectAnswerLength(probabilities p: [Double]) -> Double? {
        guard let lengths = answerLengths else { return nil }
        let rewards = Array(table.rewards[table.candidates(of: 0)])
        let best = rewards.max() ?? 0
        let incorrect = rewards.indices.filter { rewards[$0] < best - 1e-9 }
        guard !incorrect.isEmpty, p.count == rewards.count else { return nil }
        let mass = incorrect.reduce(0) { $0 + p[$1] }
        return mass > 0 ? incorrect.reduce(0) { $0 + p[$1] * lengths[$1] } / mass : incorrect.reduce(0) { $0 + lengths[$1] } / Double(incorrect.count)
    }
}

extension BanditScenario {
    /// A chart of the incorrect answers' mean length per step, with and without length normalisation.
    ///
    /// GRPO and Dr. GRPO, `seeds` seeds each: the median over the seeds, and the lowest and
    /// highest seed dashed.
    ///
    /// - Parameters:
    ///   - document: The scenario's document (for error locations).
    ///   - seeds: The trainer seeds.
    /// - Returns: The chart (`svg()`), or `nil` when the bandit has no lengths or no incorrect answer.
    /// - Throws: ``ScenarioError`` when the trainer refuses the settings.
    public func lengthBiasChart(document: ScenarioValue, seeds: Range<UInt64>) throws(ScenarioError) -> SVGLineChart? {
        var series: [SVGLineChart.Series] = []
        for (algorithm, name, colour) in [(Algorithm.grpo, "GRPO (1/length)", ChartPalette.vermillion),
                                          (Algorithm.drGRPO, "Dr. GRPO", ChartPalette.blue)] {
            var bandit = self
            bandit.configuration.algorithm = algorithm
            var runs: [[Double]] = []
            for seed in seeds {
                bandit.configuration.seed = seed
                guard let lengths = bandit.incorrectAnswerLengths(try bandit.makeTrainer(document: document).run()) else { return nil }
                runs.append(lengths)
            }
            guard let steps = runs.first?.count else { return nil }
            func line(_ pick: ([Double]) -> Double) -> [SVGLineChart.Point] {
                (0..<steps).map { step in SVGLineChart.Point(x: Double(step), y: pick(runs.map { $0[step] }.sorted())) }
            }
            series.append(.init("\(name), median of \(runs.count) seeds", colour: colour, points: line { $0[$0.count / 2] }))
            series.append(.init("\(name), lowest and highest seed", colour: colour, points: line { $0[0] }, dashed: true))
            series.append(.init("", colour: colour, points: line { $0[$0.count - 1] }, dashed: true))
        }
        return SVGLineChart(title: "Mean length of the incorrect answers the policy gives", xLabel: "step",
                            yLabel: "tokens", series: series)
    }
}
