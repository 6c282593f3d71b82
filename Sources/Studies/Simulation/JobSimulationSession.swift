public import Graders
internal import Provider
public import Simulator

/// One run of a ``JobSimulation`` in progress: the trainer's session, the training time and the
/// cost so far. Make one with ``JobSimulation/session(_:seed:policyMetrics:stepTokens:)``.
///
/// A run is a pure function of the simulation, its answer space and the seed: the same steps,
/// bit for bit, on any thread. A session is not thread-safe; use one per task.
public final class JobSimulationSession {
    /// The simulation run.
    public let simulation: JobSimulation
    /// The run's trainer seed.
    public let seed: UInt64
    /// The trainer's session (θ, the policy).
    public let training: TrainingSession
    /// The base model's expected validation reward (θ at step 0), where the curve starts
    /// (computed when first read).
    public private(set) lazy var initialValidReward: Double = {
        // The trainer checked the tables and θ₀ (one finite value per feature, or none).
        try! Policy(table: training.validationTable!, parameters: training.configuration.initialParameters).expectedReward()
    }()
    /// The valid reward at the latest validation, sampled as the platform's `valid_reward_mean` is
    /// (eval_samples answers per validation item); ``initialValidReward`` before any.
    public var validReward: Double { latestValidReward ?? initialValidReward }
    /// The exact expected validation reward at the latest validation (``initialValidReward`` before any).
    public var expectedValidReward: Double { latestExpectedValidReward ?? initialValidReward }
    /// Whether every step so far had no learning signal (every group's rewards equal; see
    /// ``TrainingRun/hadNoLearningSignal``); `false` before the first step.
    public private(set) var hadNoLearningSignal = false

    /// Set when a grader calls a model: each step's metrics event counts its tokens and times the step.
    let recorder: RFTMetricsRecorder?
    /// Counts each step's sampled tokens for its seconds, when no recorder does (a sampled algorithm).
    let stepTokens: StepTokenCounter?
    /// Times the steps: the simulation's model, or a run's drawn one (`--parameter-uncertainty`).
    let timing: TimingModel
    var tokens = GraderTokenMeter()

    var latestValidReward: Double?
    var latestExpectedValidReward: Double?

    init(simulation: JobSimulation, seed: UInt64, trainer: Trainer, recorder: RFTMetricsRecorder?, stepTokens: StepTokenCounter?,
         timing: TimingModel) {
        self.simulation = simulation
        self.seed = seed
        self.recorder = recorder
        self.stepTokens = stepTokens
        self.timing = timing
        training = trainer.makeSession()
    }

    /// Steps taken so far.
    public var stepsCompleted: Int { training.stepsCompleted }

    /// Whether all of the simulation's ``JobSimulation/steps`` are done.
    public var isFinished: Bool { training.stepsCompleted >= simulation.steps }

    /// Takes the next step (validating on the `eval_interval` grid and at the last step) and
    /// returns its metrics.
    ///
    /// - Precondition: not ``isFinished``.
    @discardableResult
    public func step() -> StepMetrics {
        precondition(!isFinished, "the run's \(simulation.steps) steps are done")
        let number = training.stepsCompleted + 1
        let metrics = training.step(forceValidation: number == simulation.steps)
        // The step lasts what its sampled tokens take, as the provider times a job's steps.
        if let recorder {
            let event = recorder.event(for: metrics, of: training)
            tokens.add(event)
            trainingSeconds += event.timing.step.fullIteration
        } else if let stepTokens {
            let validated = metrics.validRewardMean != nil
            trainingSeconds += timing.timing(of: stepTokens.tokens(of: training, validated: validated)).fullIteration
        } else {
            // An exact algorithm samples no answers: the step at the base model's lengths.
            trainingSeconds += timing.timing(atStep: number).fullIteration
        }
        if let reward = metrics.validRewardMean { latestValidReward = reward }
        if let reward = metrics.validPolicyExpectedReward { latestExpectedValidReward = reward }
        hadNoLearningSignal = (number == 1 || hadNoLearningSignal) && metrics.fracRewardZeroStd == 1
        return metrics
    }

    /// Simulated training seconds of the steps so far, the time RFT bills: the sum of the steps'
    /// full iterations, each timed at the tokens it sampled (`StepTokenCounter`), as the
    /// provider times the same job, so the hours follow the answers' length drift.
    public private(set) var trainingSeconds = 0.0

    /// The model-grader tokens so far, by grader model (empty when no grader calls a model).
    public var graderTokens: [String: TokenUsage] { tokens.usage }

    /// USD of the model-grader tokens so far (0 when no grader calls a model).
    public var graderTokenCost: Double {
        recorder == nil ? 0 : tokens.cost(at: simulation.scenario.priceSheet)
    }

    /// USD so far: ``trainingSeconds`` at the scenario's price sheet and data sharing, plus
    /// ``graderTokenCost``.
    ///
    /// - Throws: ``ScenarioError`` (key `pricing`), which the simulation's checks rule out.
    public func cost() throws(ScenarioError) -> Double {
        try simulation.trainingCost(seconds: trainingSeconds) + graderTokenCost
    }
}

extension JobSimulation {
    /// A run at step 0.
    ///
    /// When a grader calls a model, the run goes through ``RFTMetricsRecorder`` (the provider's
    /// settings, policy metrics every step) to count the tokens billed; the trajectory is the same.
    ///
    /// - Parameters:
    ///   - responses: The answer space (``buildResponses(engine:)``).
    ///   - seed: The trainer seed (default: the scenario's `seed`).
    ///   - policyMetrics: Compute the exact whole-training-set policy metrics
    ///     (`policy_expected_reward`, `gold_reward_mean`) every step; they cost one policy
    ///     evaluation per training item per step and do not change the trajectory.
    ///   - stepTokens: The answer spaces' lengths (``stepTokenCounter(_:)``), to share across runs;
    ///     made for the session when `nil`.
    /// - Returns: The session, no step taken.
    /// - Throws: ``ScenarioError`` when the trainer refuses the settings.
    public func session(_ responses: Responses, seed: UInt64? = nil, policyMetrics: Bool = true,
                        stepTokens: StepTokenCounter? = nil) throws(ScenarioError) -> JobSimulationSession {
        try session(responses, seed: seed, policyMetrics: policyMetrics, stepTokens: stepTokens, baseLearningRate: nil, timing: nil)
    }

    /// A run at step 0 with another base learning rate and timing model (`nil`: the scenario's),
    /// for runs that draw them (`rftsim sweep --parameter-uncertainty`).
    func session(_ responses: Responses, seed: UInt64?, policyMetrics: Bool, stepTokens: StepTokenCounter?,
                 baseLearningRate: Double?, timing: TimingModel?) throws(ScenarioError) -> JobSimulationSession {
        let timing = timing ?? self.timing
        let seed = seed ?? scenario.seed
        var resolved = self.resolved
        var configuration = self.configuration
        if let baseLearningRate {
            resolved.baseLearningRate = baseLearningRate
            configuration.learningRate = resolved.learningRate
        }
        do throws(SimulatorError) {
            if billsGraderTokens {
                let recorder = try RFTMetricsRecorder(train: responses.train, validation: responses.validation, grader: scenario.grader!,
                                                      hyperparameters: resolved, timing: timing, algorithm: scenario.simulation.algorithm,
                                                      dynamics: scenario.simulation.dynamics, seed: seed)
                return JobSimulationSession(simulation: self, seed: seed, trainer: recorder.trainer, recorder: recorder, stepTokens: nil,
                                            timing: timing)
            }
            configuration.seed = seed
            if !policyMetrics { configuration.policyMetricsInterval = Int.max }
            let trainer = try Trainer(table: responses.train.table, validation: responses.validation.table, configuration: configuration)
            let counter = configuration.algorithm.isSampled ? stepTokens ?? stepTokenCounter(responses) : nil
            return JobSimulationSession(simulation: self, seed: seed, trainer: trainer, recorder: nil, stepTokens: counter, timing: timing)
        } catch {
            throw Self.error(scenario, "", "the trainer refuses the settings: \(Self.describe(error))")
        }
    }

    /// Each candidate's tokens at this simulation's base lengths, for timing its steps; runs of the
    /// simulation with the same answer space can share one.
    ///
    /// - Parameter responses: The answer space (``buildResponses(engine:)``).
    /// - Returns: The candidates' reasoning and output tokens at ``timing``'s base means.
    public func stepTokenCounter(_ responses: Responses) -> StepTokenCounter {
        StepTokenCounter(train: responses.train, validation: responses.validation, timing: timing)
    }
}
