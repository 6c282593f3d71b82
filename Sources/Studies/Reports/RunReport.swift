/// Everything a run's report shows, gathered by `rftsim run` from the provider's job: the
/// per-step metrics, the checkpoints, the settings and the bill.
///
/// It is plain data, so the HTML page, the terminal sparklines and the JSON summary all read
/// the same numbers.
public struct RunReport: Sendable, Hashable {
    /// One training step.
    public struct Step: Sendable, Hashable {
        public var step: Int
        /// `train_reward_mean`: the mean reward of the step's sampled answers.
        public var trainReward: Double
        /// `valid_reward_mean` at validation steps: the platform's sampled estimate.
        public var validReward: Double?
        /// The exact expected validation reward at validation steps (what the sampled value estimates).
        public var validExpectedReward: Double?
        /// The gold grader's mean reward on the step's answers, when the scenario has one.
        public var goldReward: Double?
        /// Per-grader train rewards (multi graders), by grader name.
        public var graderTrainRewards: [String: Double]
        /// Per-grader valid rewards at validation steps.
        public var graderValidRewards: [String: Double]
        /// Standard deviation of the step's rewards.
        public var rewardStd: Double
        /// Share of groups whose rewards were all equal (no learning signal).
        public var fracRewardZeroStd: Double
        /// Mean policy entropy (nats).
        public var entropy: Double
        /// Mean KL to the base policy (nats).
        public var kl: Double
        /// Seconds of the step: sampling, training, eval, full iteration.
        public var samplingSeconds: Double, trainingSeconds: Double, evalSeconds: Double, fullIterationSeconds: Double
        /// Simulated seconds of training so far (end of this step).
        public var elapsedTrainingSeconds: Double
        /// Cost so far in USD (training plus grader tokens), with the scenario's data sharing.
        public var cumulativeCost: Double

        public init(step: Int, trainReward: Double, validReward: Double? = nil, validExpectedReward: Double? = nil, goldReward: Double? = nil,
                    graderTrainRewards: [String: Double] = [:], graderValidRewards: [String: Double] = [:],
                    rewardStd: Double = 0, fracRewardZeroStd: Double = 0, entropy: Double = 0, kl: Double = 0,
                    samplingSeconds: Double = 0, trainingSeconds: Double = 0, evalSeconds: Double = 0,
                    fullIterationSeconds: Double = 0, elapsedTrainingSeconds: Double = 0, cumulativeCost: Double = 0) {
            self.step = step
            self.trainReward = trainReward
            self.validReward = validReward
            self.validExpectedReward = validExpectedReward
            self.goldReward = goldReward
            self.graderTrainRewards = graderTrainRewards
            self.graderValidRewards = graderValidRewards
            self.rewardStd = rewardStd
            self.fracRewardZeroStd = fracRewardZeroStd
            self.entropy = entropy
            self.kl = kl
            self.samplingSeconds = samplingSeconds
            self.trainingSeconds = trainingSeconds
            self.evalSeconds = evalSeconds
            self.fullIterationSeconds = fullIterationSeconds
            self.elapsedTrainingSeconds = elapsedTrainingSeconds
            self.cumulativeCost = cumulativeCost
        }
    }

    /// A kept checkpoint.
    public struct Checkpoint: Sendable, Hashable {
        public var step: Int
        /// `ft:…:ckpt-step-N`.
        public var model: String
        public var validReward: Double?
        public init(step: Int, model: String, validReward: Double?) {
            self.step = step
            self.model = model
            self.validReward = validReward
        }
    }

    /// The scenario's name (the page title).
    public var title: String
    /// What the scenario teaches (one paragraph).
    public var description: String
    /// `o4-mini-2025-04-16`, `reinforcement`, …
    public var model: String
    public var method: String
    /// The grader names with per-grader lines (sub-graders of a multi grader), in order.
    public var graderNames: [String]
    /// The resolved hyperparameters, in display order (`("batch_size", "16")`).
    public var hyperparameters: [(key: String, value: String)]
    public var steps: [Step]
    public var checkpoints: [Checkpoint]
    /// Headline facts in display order (`("billed hours", "2.55 h")`, `("cost", "$255.00")`).
    public var summary: [(key: String, value: String)]
    /// The base model's expected reward on the validation set, drawn at step 0 of the valid line.
    public var baseValidReward: Double?
    /// The base model's expected gold reward on the validation set, drawn at step 0 of the gold line.
    public var baseGoldReward: Double?
    /// Warnings about the run (`RunDiagnostic` messages), shown above the summary.
    public var warnings: [String] = []
    /// The exact pass@k on the validation set of the base and the tuned model, when traced.
    public var passAtK: PassAtK?
    /// The job as billed under every price sheet with and without data sharing, plus the tuned
    /// model's inference for a stated volume (``ScenarioRunResult/costWithInference(_:)``), when asked for.
    public var costWithInference: CostWithInference?

    /// The job's cost with the tuned model's inference, as a table ("does sharing pay for me").
    public struct CostWithInference: Sendable, Hashable {
        /// The inference volume in words.
        public var volume: String
        /// One row per price sheet and data-sharing setting, with the notes on what sharing saves.
        public var table: CostEstimate.Table

        /// Creates the section.
        public init(volume: String, table: CostEstimate.Table) {
            self.volume = volume
            self.table = table
        }

        /// The estimate's table and volume.
        public init(_ estimate: CostEstimate) {
            self.init(volume: estimate.inferenceVolumeText ?? "", table: estimate.table)
        }

        /// As text: a heading line, the aligned table, the notes.
        public var textLines: [String] {
            ["with the tuned model's inference (\(volume)):"] + table.textLines.map { "  " + $0 } + table.notes.map { "  " + $0 }
        }
    }

    /// pass@k of the base and the tuned model, for the chart.
    public struct PassAtK: Sendable, Hashable {
        /// The k values, increasing.
        public var ks: [Int]
        /// The base model's pass@k, one per k.
        public var base: [Double]
        /// The tuned model's pass@k, one per k.
        public var tuned: [Double]

        /// Creates the values.
        public init(ks: [Int], base: [Double], tuned: [Double]) {
            self.ks = ks
            self.base = base
            self.tuned = tuned
        }
    }

    public init(title: String, description: String, model: String, method: String, graderNames: [String],
                hyperparameters: [(key: String, value: String)], steps: [Step], checkpoints: [Checkpoint],
                summary: [(key: String, value: String)], baseValidReward: Double? = nil, baseGoldReward: Double? = nil) {
        self.title = title
        self.description = description
        self.model = model
        self.method = method
        self.graderNames = graderNames
        self.hyperparameters = hyperparameters
        self.steps = steps
        self.checkpoints = checkpoints
        self.summary = summary
        self.baseValidReward = baseValidReward
        self.baseGoldReward = baseGoldReward
    }

    public static func == (lhs: RunReport, rhs: RunReport) -> Bool {
        lhs.title == rhs.title && lhs.description == rhs.description && lhs.model == rhs.model && lhs.method == rhs.method
            && lhs.graderNames == rhs.graderNames && lhs.steps == rhs.steps && lhs.checkpoints == rhs.checkpoints
            && lhs.hyperparameters.map { [$0.key, $0.value] } == rhs.hyperparameters.map { [$0.key, $0.value] }
            && lhs.summary.map { [$0.key, $0.value] } == rhs.summary.map { [$0.key, $0.value] }
            && lhs.baseValidReward == rhs.baseValidReward && lhs.baseGoldReward == rhs.baseGoldReward
            && lhs.warnings == rhs.warnings && lhs.passAtK == rhs.passAtK && lhs.costWithInference == rhs.costWithInference
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(title)
        hasher.combine(steps)
    }
}
