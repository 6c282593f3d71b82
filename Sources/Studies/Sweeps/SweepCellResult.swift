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
            case seed, cost
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
        /// Training hours up to each step.
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
    /// Training hours of a whole run.
    public var hours: Double
    /// The runs, in seed order.
    public var runs: [Run]
    public var curve: Curve

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
