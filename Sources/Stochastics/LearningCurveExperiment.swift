/// A small, complete use of the stochastics core: a success rate that follows a saturating
/// learning curve is integrated as an ODE, observed through binomial noise, and recovered by
/// a nonlinear least-squares fit with confidence intervals.
///
/// The true rate solves dr/dt = c·(a − r) with r(0) = a − b; the ODE is integrated with
/// ``ODEIntegrator`` rather than the closed form, so the closed form can check it. At each step
/// `samplesPerStep` answers succeed with probability r(t) (the draws of step t come from the
/// child stream `("observe", t)` of the seed), and the observed success fractions are fitted.
public struct LearningCurveExperiment: Sendable {
    /// The curve the success rate truly follows.
    public var truth: SaturatingLearningCurve
    /// How many steps are observed (t = 0, 1, …, steps − 1).
    public var steps: Int
    /// Answers sampled per step.
    public var samplesPerStep: Int
    /// The run seed.
    public var seed: UInt64

    /// Creates an experiment.
    public init(truth: SaturatingLearningCurve, steps: Int, samplesPerStep: Int, seed: UInt64) {
        self.truth = truth
        self.steps = steps
        self.samplesPerStep = samplesPerStep
        self.seed = seed
    }

    /// What the experiment saw and recovered.
    public struct Outcome: Sendable {
        /// The step times.
        public let times: [Double]
        /// The true success rate at each step, from the ODE.
        public let trueRates: [Double]
        /// The largest |ODE − closed form| over the steps.
        public let largestODEError: Double
        /// The observed success fraction at each step.
        public let observedRates: [Double]
        /// The fitted curve.
        public let fitted: SaturatingLearningCurve
        /// The least-squares fit behind it: (a, b, c) with standard errors.
        public let fit: LeastSquaresFit
        /// The Clopper–Pearson 95% interval of the success rate over the last step's samples.
        public let lastStepInterval: ConfidenceInterval
        /// The Student-t 95% interval of the mean residual (observed − fitted); it should hold 0.
        public let residualInterval: ConfidenceInterval
    }

    /// Runs the experiment; the same experiment always gives the same outcome.
    ///
    /// - Throws: ``StochasticsError`` when the parameters are out of range (rates outside
    ///   [0, 1], fewer than 4 steps, no samples) or a numerical step fails.
    public func run() throws -> Outcome {
        guard steps >= 4, samplesPerStep >= 1 else {
            throw StochasticsError(.invalidArgument, "the experiment needs at least 4 steps and 1 sample per step, got \(steps) and \(samplesPerStep)")
        }
        let start = truth.value(at: 0)
        guard (0...1).contains(start), (0...1).contains(truth.ceiling), truth.rate >= 0 else {
            throw StochasticsError(.invalidArgument, "the success rate must stay in [0, 1]: start \(start), ceiling \(truth.ceiling), rate \(truth.rate) ≥ 0")
        }
        let times = (0..<steps).map(Double.init)
        let ceiling = truth.ceiling
        let rate = truth.rate
        let solution = try ODEIntegrator().solve(initial: [start], from: 0, reportingAt: times) { _, r, drdt in
            drdt[0] = rate * (ceiling - r[0])
        }
        let trueRates = solution.component(0)
        let largestODEError = zip(times, trueRates).map { abs($1 - truth.value(at: $0)) }.max() ?? 0

        let root = StreamKey(seed: seed)
        let stream = RandomStream(key: root)
        var lastSuccesses = 0
        let observed = trueRates.enumerated().map { step, rate in
            stream.reseed(root.child("observe", .index(UInt64(step))))
            let successes = (0..<samplesPerStep).reduce(0) { count, _ in count + (stream.bernoulli(min(max(rate, 0), 1)) ? 1 : 0) }
            lastSuccesses = successes
            return Double(successes) / Double(samplesPerStep)
        }
        let (fitted, fit) = try SaturatingLearningCurve.fit(times: times, rewards: observed)
        let residuals = zip(times, observed).map { $1 - fitted.value(at: $0) }
        return Outcome(
            times: times,
            trueRates: trueRates,
            largestODEError: largestODEError,
            observedRates: observed,
            fitted: fitted,
            fit: fit,
            lastStepInterval: try .clopperPearson(successes: lastSuccesses, trials: samplesPerStep),
            residualInterval: try .studentT(meanOf: residuals)
        )
    }
}
