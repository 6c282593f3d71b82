public import Graders
public import Simulator

/// How the provider simulates a job beyond what the API can say: the base model's answers and
/// prior, a gold grader, the policy-gradient algorithm. A Swift-only argument of
/// ``Provider/createJob(_:simulation:as:)`` (scenarios set it; HTTP clients get the defaults).
public struct SimulationOptions: Sendable, Hashable {
    /// Where candidate answers come from (default: inferred from the data and the grader).
    public var answerSpace: AnswerSpace
    /// The base model's prior.
    public var prior: BasePrior
    /// Per-item memorisation features (small datasets can overfit).
    public var memorization: Bool
    /// The objective graded beside the training grader (reported as gold reward).
    public var goldGrader: Grader?
    /// The RFT algorithm (a sampled one: grpo, rloo, dr_grpo, reinforce).
    public var algorithm: Algorithm
    /// η at `learning_rate_multiplier` 1.
    public var baseLearningRate: Double
    /// Transfer between items and step-size instability (default: `TrainingDynamics.jobDefault` of the Simulator module).
    public var dynamics: TrainingDynamics
    /// The timing model's constants: how long each step takes, so what the job bills
    /// (default: `TimingModel.Parameters.default`, calibrated on the RFT guide's job; a scenario's
    /// `timing` keys or `rftsim calibrate` set others).
    public var timing: TimingModel.Parameters

    /// Creates options; the defaults are what HTTP jobs get.
    public init(answerSpace: AnswerSpace = .inferred, prior: BasePrior = BasePrior(), memorization: Bool = false,
                goldGrader: Grader? = nil, algorithm: Algorithm = .grpo,
                baseLearningRate: Double = ResolvedHyperparameters.defaultBaseLearningRate,
                dynamics: TrainingDynamics = .jobDefault, timing: TimingModel.Parameters = .default) {
        self.answerSpace = answerSpace
        self.prior = prior
        self.memorization = memorization
        self.goldGrader = goldGrader
        self.algorithm = algorithm
        self.baseLearningRate = baseLearningRate
        self.dynamics = dynamics
        self.timing = timing
    }

    /// The off-span direction columns the answer space needs: J when κ > 0, else none.
    public var offSpanDirections: Int {
        dynamics.instability > 0 ? TrainingDynamics.offSpanDirectionCount : 0
    }

    /// What HTTP jobs get.
    public static let standard = SimulationOptions()
}
