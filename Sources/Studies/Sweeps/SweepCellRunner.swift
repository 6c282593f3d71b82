public import Graders
internal import Provider
public import Simulator

/// One cell ready to run, prepared once and shared by the cell's runs (and threads).
///
/// It holds the cell's simulation (trainer settings, timing, prices), answer space and answer
/// lengths, and its validation schedule. Each run's hours and cost are its own: its steps are
/// timed at the tokens it sampled.
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
    /// The base model's valid reward (θ = 0), the curve's first point.
    public let initialValidReward: Double

    /// The cell's scenario, ready to train (with the sweep's `--steps`).
    let simulation: JobSimulation
    let responses: JobSimulation.Responses
    /// The candidates' lengths, shared by the runs: each run's steps are timed at the tokens they sampled.
    let stepTokens: StepTokenCounter
    /// The tuned model's use to price beside the mean run, if any.
    let inferenceVolume: CostEstimate.InferenceVolume?
    /// The calibration each run draws its parameters from (`--parameter-uncertainty`), if any.
    let parameterUncertainty: ScenarioCalibration?
    var table: ResponseTable { responses.train.table }
    var validation: ResponseTable { responses.validation.table }

    init(cell: SweepCell, simulation: JobSimulation, responses: JobSimulation.Responses, runs: Int,
         inferenceVolume: CostEstimate.InferenceVolume? = nil, parameterUncertainty: ScenarioCalibration? = nil) throws(SweepError) {
        self.parameterUncertainty = parameterUncertainty
        self.cell = cell
        self.simulation = simulation
        self.responses = responses
        self.runs = runs
        self.inferenceVolume = inferenceVolume
        var configuration = simulation.configuration
        configuration.seed = 0
        // The sweep reads validation rewards only; the whole-training-set policy metrics would
        // cost one policy evaluation per training item per step.
        configuration.policyMetricsInterval = Int.max
        self.configuration = configuration
        let steps = configuration.steps
        let interval = configuration.evalInterval ?? steps
        validationSteps = [0] + (1...steps).filter { $0 % interval == 0 || $0 == steps }
        stepTokens = simulation.stepTokenCounter(responses)
        do throws(SimulatorError) {
            initialValidReward = try Policy(table: responses.validation.table, parameters: configuration.initialParameters).expectedReward()
        } catch {
            throw SweepError(.invalidCell, "\(cell.id): \(error.message)")
        }
        if let inferenceVolume {
            do throws(CostEstimateError) {
                _ = try Self.costWithInference(simulation, seconds: 0, graderTokens: [:], volume: inferenceVolume)
            } catch {
                throw SweepError(.invalidCell, "\(cell.name): --inference-requests: \(error.message)")
            }
        }
    }

    /// The job of `seconds` and `graderTokens` priced under every bundled sheet (and the
    /// scenario's own) with data sharing off and on, plus `volume` of the tuned model: as
    /// `rftsim cost --inference-requests` prices a job.
    static func costWithInference(_ simulation: JobSimulation, seconds: Double, graderTokens: [String: TokenUsage],
                                  volume: CostEstimate.InferenceVolume) throws(CostEstimateError) -> [SweepCellResult.InferenceCost] {
        let scenario = simulation.scenario
        let workload = CostWorkload(billed: .reinforcement, hyperparameters: simulation.resolved, trainingSeconds: seconds, trainedTokens: 0,
                                    grader: scenario.grader, graderTokens: graderTokens)
        var sheets = CostEstimate.builtinPriceSheets
        if !sheets.contains(where: { $0.name == scenario.priceSheet.name }) { sheets.append(scenario.priceSheet) }
        var estimate = try CostEstimate(model: scenario.model, workload: workload, priceSheets: sheets)
        try estimate.priceInference(volume, priceSheets: sheets)
        return estimate.lines.map(SweepCellResult.InferenceCost.init)
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
        /// Training hours up to each validation step: the sum of the steps' full iterations, each
        /// timed at the tokens the run sampled (what the provider bills for the same job).
        public var hours: [Double]
        /// USD up to each validation step: the hours at the scenario's price sheet and data
        /// sharing, plus the model graders' tokens so far.
        public var costs: [Double]
        /// The model graders' tokens of the whole run, by grader model.
        public var graderTokens: [String: TokenUsage] = [:]
    }

    /// Runs run number `run` (0-based) of the cell.
    ///
    /// - Complexity: O(steps · B · (K·F + G)) plus the validations; allocates per run, not per step.
    public func run(_ run: Int) -> Record {
        let seed = SweepPlan.runSeed(scenarioSeed: cell.scenario.seed, run: run)
        let drawn = parameterUncertainty.map { SweepParameterDraw(calibration: $0, simulation: simulation, responses: responses, seed: seed) }
        // The settings passed the trainer's checks when the runner was made; only the seed (and
        // drawn parameters, which the draw keeps in their valid ranges) changed.
        // A drawn prior reprices the answer space and its lengths: that run counts its own tokens.
        let session = try! simulation.session(drawn?.responses ?? responses, seed: seed, policyMetrics: false, stepTokens: drawn == nil ? stepTokens : nil,
                                              baseLearningRate: drawn?.baseLearningRate, timing: drawn?.timing)
        let initialValidReward = drawn?.initialValidReward ?? self.initialValidReward
        var rewards = [initialValidReward], hours = [0.0], costs = [0.0]
        rewards.reserveCapacity(validationSteps.count)
        hours.reserveCapacity(validationSteps.count)
        costs.reserveCapacity(validationSteps.count)
        var expected: [Double] = [], entropy: [Double] = []
        expected.reserveCapacity(validationSteps.count)
        entropy.reserveCapacity(configuration.steps)
        while !session.isFinished {
            let metrics = session.step()
            entropy.append(metrics.entropy)
            guard let reward = metrics.validRewardMean, let exact = metrics.validPolicyExpectedReward else { continue }
            rewards.append(reward)
            expected.append(exact)
            hours.append(session.trainingSeconds / 3600)
            // The simulation's checks priced its model; the seconds are finite and ≥ 0.
            costs.append(try! session.cost())
        }
        let unstable = RunDiagnostic.isUnstable(validStart: initialValidReward, valid: expected, entropy: entropy)
        return Record(seed: seed, rewards: rewards, finalExpectedReward: expected.last ?? initialValidReward, unstable: unstable,
                      hours: hours, costs: costs, graderTokens: session.graderTokens)
    }

    /// The cell's result from its runs' records (in run order).
    public func result(_ records: [Record]) -> SweepCellResult {
        let count = validationSteps.count
        var meanReward = [Double](repeating: 0, count: count), meanCost = [Double](repeating: 0, count: count)
        var meanHours = [Double](repeating: 0, count: count)
        var runs: [SweepCellResult.Run] = []
        for record in records {
            for k in 0..<count {
                meanReward[k] += record.rewards[k]
                meanCost[k] += record.costs[k]
                meanHours[k] += record.hours[k]
            }
            let reached = record.rewards.firstIndex { $0 >= cell.target }
            var run = SweepCellResult.Run(seed: record.seed, finalValidReward: record.rewards[count - 1],
                                          reachedStep: reached.map { validationSteps[$0] }, hoursToTarget: reached.map { record.hours[$0] },
                                          costToTarget: reached.map { record.costs[$0] }, cost: record.costs[count - 1])
            run.finalExpectedValidReward = record.finalExpectedReward
            run.unstable = record.unstable
            run.hours = record.hours[count - 1]
            runs.append(run)
        }
        let n = Double(max(records.count, 1))
        let hours = meanHours.map { $0 / n }
        var result = SweepCellResult(
            id: cell.id, index: cell.index, assignments: cell.assignments, target: cell.target, steps: configuration.steps,
            hours: hours[count - 1], runs: runs,
            curve: .init(steps: validationSteps, hours: hours, cost: meanCost.map { $0 / n }, meanValidReward: meanReward.map { $0 / n }))
        result.epochSize = .init(trainingExamples: simulation.resolved.trainingExamples, batchSize: simulation.resolved.batchSize)
        if let inferenceVolume, !records.isEmpty {
            // The mean run: its hours, and its grader tokens rounded to whole tokens.
            var tokens: [String: (prompt: Int, completion: Int, cached: Int)] = [:]
            for record in records {
                for (model, usage) in record.graderTokens {
                    let sum = tokens[model] ?? (0, 0, 0)
                    tokens[model] = (sum.prompt + usage.promptTokens, sum.completion + usage.completionTokens, sum.cached + usage.cachedTokens)
                }
            }
            let mean = { (total: Int) in Int((Double(total) / n).rounded()) }
            let graderTokens = tokens.mapValues {
                TokenUsage(promptTokens: mean($0.prompt), completionTokens: mean($0.completion), cachedTokens: mean($0.cached))
            }
            // The runner's checks priced the model and its inference.
            result.costWithInference = try? Self.costWithInference(simulation, seconds: hours[count - 1] * 3600, graderTokens: graderTokens,
                                                                   volume: inferenceVolume)
        }
        return result
    }
}
