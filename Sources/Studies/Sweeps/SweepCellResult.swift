internal import Provider

/// A finished cell as `cells/<id>.json` stores it: every run's outcome and the mean learning
/// curve at the validation steps. Summaries and merges are computed from these files alone.
public struct SweepCellResult: Codable, Hashable, Sendable {
    /// One run (seed) of the cell.
    public struct Run: Codable, Hashable, Sendable {
        /// The run's trainer seed.
        public var seed: UInt64
        /// The valid reward after the last step: the sampled `valid_reward_mean` (eval_samples
        /// answers per validation item), as the provider reports it.
        public var finalValidReward: Double
        /// The exact expected valid reward after the last step (what the sampled value estimates).
        public var finalExpectedValidReward: Double?
        /// Whether training destabilised (valid reward below its start after rising, or entropy
        /// collapsed while the reward fell).
        public var unstable: Bool?
        /// The first validation step (0: before training) whose valid reward reached the target.
        public var reachedStep: Int?
        /// Training hours up to that step.
        public var hoursToTarget: Double?
        /// USD up to that step.
        public var costToTarget: Double?
        /// USD of the whole run.
        public var cost: Double
        /// Training hours of the whole run (the time billed: its steps timed at the tokens it
        /// sampled); `nil` in cell files written before runs had their own hours.
        public var hours: Double?

        /// Creates a run.
        public init(seed: UInt64, finalValidReward: Double, reachedStep: Int?, hoursToTarget: Double?, costToTarget: Double?, cost: Double) {
            self.seed = seed
            self.finalValidReward = finalValidReward
            self.reachedStep = reachedStep
            self.hoursToTarget = hoursToTarget
            self.costToTarget = costToTarget
            self.cost = cost
        }

        enum CodingKeys: String, CodingKey {
            case seed, cost, hours
            case finalValidReward = "final_valid_reward"
            case finalExpectedValidReward = "final_expected_valid_reward"
            case unstable
            case reachedStep = "reached_step"
            case hoursToTarget = "hours_to_target"
            case costToTarget = "cost_to_target"
        }
    }

    /// The mean learning curve at the validation steps, step 0 (the base model) first.
    public struct Curve: Codable, Hashable, Sendable {
        public var steps: [Int]
        /// Training hours up to each step (mean over runs).
        public var hours: [Double]
        /// USD up to each step (mean over runs).
        public var cost: [Double]
        /// Mean valid reward over runs.
        public var meanValidReward: [Double]

        /// Creates a curve.
        public init(steps: [Int], hours: [Double], cost: [Double], meanValidReward: [Double]) {
            self.steps = steps
            self.hours = hours
            self.cost = cost
            self.meanValidReward = meanValidReward
        }

        enum CodingKeys: String, CodingKey {
            case steps, hours, cost
            case meanValidReward = "mean_valid_reward"
        }
    }

    /// The cell's id.
    public var id: String
    /// The cell's position in the canonical order.
    public var index: Int
    /// The cell's values.
    public var assignments: [SweepAssignment]
    /// The valid reward a run had to reach.
    public var target: Double
    /// Training steps per run.
    public var steps: Int
    /// Training hours of a whole run (mean over runs: each run's steps last what their sampled tokens take).
    public var hours: Double
    /// The runs, in seed order.
    public var runs: [Run]
    public var curve: Curve
    /// The mean run priced under every price sheet with data sharing off and on, plus the tuned
    /// model's inference for the sweep's volume (`--inference-requests`); `nil` without a volume.
    public var costWithInference: [InferenceCost]?

    /// A cell's mean run and the tuned model's inference under one price sheet and data-sharing setting.
    public struct InferenceCost: Codable, Hashable, Sendable {
        /// The price sheet's name.
        public var sheet: String
        /// Whether the organisation shares its data.
        public var dataSharing: Bool
        /// USD of the job: the runs' mean training hours and grader tokens at this pricing.
        public var job: Double
        /// USD of the inference volume at the sheet's fine-tuned rates and data-sharing rule.
        public var inference: Double
        /// The job plus the inference.
        public var total: Double

        /// Creates a line.
        public init(sheet: String, dataSharing: Bool, job: Double, inference: Double, total: Double) {
            self.sheet = sheet
            self.dataSharing = dataSharing
            self.job = job
            self.inference = inference
            self.total = total
        }

        /// The line of an estimate (``CostEstimate/priceInference(_:priceSheets:)`` priced its inference).
        public init(_ line: CostLine) {
            self.init(sheet: line.sheet, dataSharing: line.dataSharing, job: line.total, inference: line.inference?.amount ?? 0,
                      total: line.totalWithInference)
        }

        enum CodingKeys: String, CodingKey {
            case sheet, job, inference, total
            case dataSharing = "data_sharing"
        }
    }

    /// The cell's training examples and resolved batch size, which give the steps of an epoch
    /// (``EpochSize/epochs(throughStep:)``); `nil` in cell files written before they were recorded.
    public var epochSize: EpochSize?

    /// A job's training examples and batch size: `n_epochs` epochs take ⌈n_epochs × examples / batch⌉ steps.
    public struct EpochSize: Codable, Hashable, Sendable {
        /// Training examples (items).
        public var trainingExamples: Int
        /// Prompts per step.
        public var batchSize: Int

        /// Creates a size.
        public init(trainingExamples: Int, batchSize: Int) {
            self.trainingExamples = trainingExamples
            self.batchSize = batchSize
        }

        /// The fewest epochs whose job takes at least `step` steps: the smallest `n_epochs` with
        /// ⌈n_epochs × examples / batch⌉ ≥ `step` (at least 1).
        public func epochs(throughStep step: Int) -> Int {
            guard step > 1, trainingExamples > 0 else { return 1 }
            return (step - 1) * batchSize / trainingExamples + 1
        }

        /// Steps of a job of `epochs` epochs: ⌈epochs × examples / batch⌉.
        public func steps(epochs: Int) -> Int {
            (epochs * trainingExamples + batchSize - 1) / max(batchSize, 1)
        }

        enum CodingKeys: String, CodingKey {
            case trainingExamples = "training_examples"
            case batchSize = "batch_size"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, index, assignments, target, steps, hours, runs, curve
        case epochSize = "epoch_size"
        case costWithInference = "cost_with_inference"
    }

    /// Creates a result.
    public init(id: String, index: Int, assignments: [SweepAssignment], target: Double, steps: Int, hours: Double, runs: [Run], curve: Curve) {
        self.id = id
        self.index = index
        self.assignments = assignments
        self.target = target
        self.steps = steps
        self.hours = hours
        self.runs = runs
        self.curve = curve
    }
}
