internal import Graders
internal import Provider
public import Simulator

/// One cell ready to run: its simulation (trainer settings, timing, prices) and answer space,
/// its validation schedule, hours and prices, prepared once and shared by the cell's runs (and
/// threads).
///
/// A run is a pure function of the cell and the run's number, so runs can go in any order on
/// any thread. Make runners with ``SweepPreparation``.
///
/// ```swift
/// let runners = try await SweepPreparation(plan: plan).runners(for: plan.shardCells)
/// let records = (0..<plan.specification.seeds).map { runners[0].run($0) }
/// let result = runners[0].result(records)
/// ```
public final class SweepCellRunner: Sendable {
    /// The cell.
    public let cell: SweepCell
    /// The trainer settings with seed 0; each run sets its own seed.
    public let configuration: TrainerConfiguration
    /// Runs per cell.
    public let runs: Int
    /// The validation steps, 0 (the base model) first and the last step last.
    public let validationSteps: [Int]
    /// Training hours up to each validation step.
    public let hours: [Double]
    /// USD of training time up to each validation step (grader tokens are added per run).
    public let trainingCost: [Double]
    /// The base model's valid reward (θ = 0), the curve's first point.
    public let initialValidReward: Double

    /// The cell's scenario, ready to train (with the sweep's `--steps`).
    let simulation: JobSimulation
    let responses: JobSimulation.Responses
    /// The calibration each run draws its parameters from (`--parameter-uncertainty`), if any.
    let parameterUncertainty: ScenarioCalibration?
    var table: ResponseTable { responses.train.table }
    var validation: ResponseTable { responses.validation.table }

    init(cell: SweepCell, simulation: JobSimulation, responses: JobSimulation.Responses, runs: Int,
         parameterUncertainty: ScenarioCalibration? = nil) throws(SweepError) {
        self.parameterUncertainty = parameterUncertainty
        self.cell = cell
        self.simulation = simulation
        self.responses = responses
        self.runs = runs
        var configuration = simulation.configuration
        configuration.seed = 0
        // The sweep reads validation rewards only; the whole-training-set policy metrics would
        // cost one policy evaluation per training item per step.
        configuration.policyMetricsInterval = Int.max
        self.configuration = configuration
        let steps = configuration.steps
        let interval = configuration.evalInterval ?? steps
        validationSteps = [0] + (1...steps).filter { $0 % interval == 0 || $0 == steps }
        let seconds = validationSteps.map { simulation.timing.wallClockSeconds(forSteps: $0) }
        hours = seconds.map { $0 / 3600 }
        var costs: [Double] = []
        for value in seconds {
            do throws(ScenarioError) {
                costs.append(try simulation.trainingCost(seconds: value))
            } catch {
                throw .invalidCell(cell.name, error)
            }
        }
        trainingCost = costs
        do throws(SimulatorError) {
            initialValidReward = try Policy(table: responses.validation.table, parameters: configuration.initialParameters).expectedReward()
        } catch {
            throw SweepError(.invalidCell, "\(cell.id): \(error.message)")
        }
    }

    /// The outcome of one run, before it is summarised.
    public struct Record: Sendable, Hashable {
        /// The run's trainer seed.
        public var seed: UInt64
        /// The valid reward at each of ``SweepCellRunner/validationSteps``: the base model's exact
        /// expectation at step 0, then the sampled `valid_reward_mean` (eval_samples answers per
        /// item), as the platform reports it.
        public var rewards: [Double]
        /// The exact expected valid reward after the last step.
        public var finalExpectedReward: Double
        /// Whether the run destabilised (``RunDiagnostic/isUnstable(validStart:valid:entropy:)``).
        public var unstable: Bool
        /// USD up to each validation step when grader tokens are billed or the run drew its
        /// timing (else the cell's training cost).
        public var costs: [Double]?
        /// Training hours up to each validation step when the run drew its timing (else the cell's).
        public var hours: [Double]?
    }

    /// Runs run number `run` (0-based) of the cell.
    ///
    /// - Complexity: O(steps · B · (K·F + G)) plus the validations; allocates per run, not per step.
    public func run(_ run: Int) -> Record {
        let seed = SweepPlan.runSeed(scenarioSeed: cell.scenario.seed, run: run)
        let drawn = parameterUncertainty.map { SweepParameterDraw(calibration: $0, simulation: simulation, responses: responses, seed: seed) }
        // The settings passed the trainer's checks when the runner was made; only the seed (and
        // drawn parameters, which the draw keeps in their valid ranges) changed.
        let session = try! simulation.session(drawn?.responses ?? responses, seed: seed, policyMetrics: false,
                                              baseLearningRate: drawn?.baseLearningRate)
        let initialValidReward = drawn?.initialValidReward ?? self.initialValidReward
        let trainingCost = drawn?.trainingCost ?? self.trainingCost
        var rewards = [initialValidReward]
        rewards.reserveCapacity(validationSteps.count)
        // With a model grader, the cost at each validation step adds the tokens used so far.
        var costs: [Double]? = simulation.billsGraderTokens || drawn != nil ? [trainingCost[0]] : nil
        var expected: [Double] = [], entropy: [Double] = []
        expected.reserveCapacity(validationSteps.count)
        entropy.reserveCapacity(configuration.steps)
        while !session.isFinished {
            let metrics = session.step()
            entropy.append(metrics.entropy)
            guard let reward = metrics.validRewardMean, let exact = metrics.validPolicyExpectedReward else { continue }
            rewards.append(reward)
            expected.append(exact)
            if let count = costs?.count { costs!.append(trainingCost[count] + session.graderTokenCost) }
        }
        let unstable = RunDiagnostic.isUnstable(validStart: initialValidReward, valid: expected, entropy: entropy)
        return Record(seed: seed, rewards: rewards, finalExpectedReward: expected.last ?? initialValidReward, unstable: unstable, costs: costs,
                      hours: drawn?.hours)
    }

    /// The cell's result from its runs' records (in run order).
    public func result(_ records: [Record]) -> SweepCellResult {
        let count = validationSteps.count
        var meanReward = [Double](repeating: 0, count: count), meanCost = [Double](repeating: 0, count: count)
        var runs: [SweepCellResult.Run] = []
        for record in records {
            let costs = record.costs ?? trainingCost
            let hours = record.hours ?? self.hours
            for k in 0..<count {
                meanReward[k] += record.rewards[k]
                meanCost[k] += costs[k]
            }
            let reached = record.rewards.firstIndex { $0 >= cell.target }
            var run = SweepCellResult.Run(seed: record.seed, finalValidReward: record.rewards[count - 1],
                                          reachedStep: reached.map { validationSteps[$0] }, hoursToTarget: reached.map { hours[$0] },
                                          costToTarget: reached.map { costs[$0] }, cost: costs[count - 1])
            run.finalExpectedValidReward = record.finalExpectedReward
            run.unstable = record.unstable
            runs.append(run)
        }
        let n = Double(max(records.count, 1))
        return SweepCellResult(
            id: cell.id, index: cell.index, assignments: cell.assignments, target: cell.target, steps: configuration.steps,
            hours: hours[count - 1], runs: runs,
            curve: .init(steps: validationSteps, hours: hours, cost: meanCost.map { $0 / n }, meanValidReward: meanReward.map { $0 / n }))
    }
}
