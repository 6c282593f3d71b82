internal import Graders
internal import Provider
public import Simulator

/// One run of a ``JobSimulation`` in progress: the trainer's session, the training time and the
/// cost so far. Make one with ``JobSimulation/session(_:seed:policyMetrics:)``.
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

    /// Set when a grader calls a model: each step's metrics event counts its tokens.
    let recorder: RFTMetricsRecorder?
    var tokens = GraderTokenMeter()

    var latestValidReward: Double?
    var latestExpectedValidReward: Double?

    init(simulation: JobSimulation, seed: UInt64, trainer: Trainer, recorder: RFTMetricsRecorder?) {
        self.simulation = simulation
        self.seed = seed
        self.recorder = recorder
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
        if let recorder { tokens.add(recorder.event(for: metrics, of: training)) }
        if let reward = metrics.validRewardMean { latestValidReward = reward }
        if let reward = metrics.validPolicyExpectedReward { latestExpectedValidReward = reward }
        hadNoLearningSignal = (number == 1 || hadNoLearningSignal) && metrics.fracRewardZeroStd == 1
        return metrics
    }

    /// Simulated training seconds of the steps so far (the timing model's full iterations, the
    /// time RFT bills).
    public var trainingSeconds: Double {
        simulation.timing.wallClockSeconds(forSteps: training.stepsCompleted)
    }

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
    /// - Throws: ``ScenarioError`` when the trainer refuses the settings.
    public func session(_ responses: Responses, seed: UInt64? = nil, policyMetrics: Bool = true) throws(ScenarioError) -> JobSimulationSession {
        try session(responses, seed: seed, policyMetrics: policyMetrics, baseLearningRate: nil)
    }

    /// A run at step 0 with another base learning rate (`nil`: the scenario's), for runs that
    /// draw it (`rftsim sweep --parameter-uncertainty`).
    func session(_ responses: Responses, seed: UInt64?, policyMetrics: Bool, baseLearningRate: Double?) throws(ScenarioError) -> JobSimulationSession {
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
                                                      seed: seed)
                return JobSimulationSession(simulation: self, seed: seed, trainer: recorder.trainer, recorder: recorder)
            }
            configuration.seed = seed
            if !policyMetrics { configuration.policyMetricsInterval = Int.max }
            let trainer = try Trainer(table: responses.train.table, validation: responses.validation.table, configuration: configuration)
            return JobSimulationSession(simulation: self, seed: seed, trainer: trainer, recorder: nil)
        } catch {
            throw Self.error(scenario, "", "the trainer refuses the settings: \(Self.describe(error))")
        }
    }
}
