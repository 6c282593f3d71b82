internal import Graders
internal import Provider
public import Simulator

/// One cell ready to run: its trainer configuration, tables, validation schedule, hours and
/// prices, prepared once and shared by the cell's runs (and threads).
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

    let table: ResponseTable
    let validation: ResponseTable
    /// Set when a grader calls a model: the run then goes through ``RFTMetricsRecorder`` to
    /// count grader tokens, which are billed.
    let tokenBilling: TokenBilling?

    struct TokenBilling: Sendable {
        let train: ResponseModel
        let validation: ResponseModel
        let grader: Grader
        let resolved: ResolvedHyperparameters
        let timing: TimingModel
        let algorithm: Algorithm
        let priceSheet: PriceSheet
    }

    init(cell: SweepCell, configuration: TrainerConfiguration, runs: Int, table: ResponseTable, validation: ResponseTable,
         timing: TimingModel, trainingCost: (Double) throws(SweepError) -> Double, tokenBilling: TokenBilling?) throws(SweepError) {
        self.cell = cell
        self.configuration = configuration
        self.runs = runs
        self.table = table
        self.validation = validation
        self.tokenBilling = tokenBilling
        let steps = configuration.steps
        let interval = configuration.evalInterval ?? steps
        validationSteps = [0] + (1...steps).filter { $0 % interval == 0 || $0 == steps }
        hours = validationSteps.map { timing.wallClockSeconds(forSteps: $0) / 3600 }
        var costs: [Double] = []
        for seconds in validationSteps.map({ timing.wallClockSeconds(forSteps: $0) }) { costs.append(try trainingCost(seconds)) }
        self.trainingCost = costs
        do throws(SimulatorError) {
            initialValidReward = try Policy(table: validation, parameters: configuration.initialParameters).expectedReward()
        } catch {
            throw SweepError(.invalidCell, "\(cell.id): \(error.message)")
        }
    }

    /// The outcome of one run, before it is summarised.
    public struct Record: Sendable, Hashable {
        /// The run's trainer seed.
        public var seed: UInt64
        /// The valid reward at each of ``SweepCellRunner/validationSteps``.
        public var rewards: [Double]
        /// USD up to each validation step when grader tokens are billed (else the training cost).
        public var costs: [Double]?
    }

    /// Runs run number `run` (0-based) of the cell.
    ///
    /// - Complexity: O(steps · B · (K·F + G)) plus the validations; allocates per run, not per step.
    public func run(_ run: Int) -> Record {
        var configuration = configuration
        configuration.seed = SweepPlan.runSeed(scenarioSeed: cell.scenario.seed, run: run)
        let steps = configuration.steps
        var rewards = [initialValidReward]
        rewards.reserveCapacity(validationSteps.count)
        guard let billing = tokenBilling else {
            // The configuration passed the trainer's checks when the runner was made; only the seed changed.
            let trainer = try! Trainer(table: table, validation: validation, configuration: configuration)
            let session = trainer.makeSession()
            for number in 1...steps {
                if let reward = session.step(forceValidation: number == steps).validPolicyExpectedReward { rewards.append(reward) }
            }
            return Record(seed: configuration.seed, rewards: rewards, costs: nil)
        }
        let recorder = try! RFTMetricsRecorder(train: billing.train, validation: billing.validation, grader: billing.grader,
                                               hyperparameters: billing.resolved, timing: billing.timing,
                                               algorithm: billing.algorithm, seed: configuration.seed)
        let session = recorder.trainer.makeSession()
        var usage: [String: TokenUsage] = [:]
        var costs = [trainingCost[0]]
        for number in 1...steps {
            let metrics = session.step(forceValidation: number == steps)
            for (model, step) in recorder.event(for: metrics, of: session).modelGradersTokenUsage {
                usage[model, default: TokenUsage()] = usage[model, default: TokenUsage()] + TokenUsage(
                    promptTokens: step.trainPromptTokens + step.evalPromptTokens,
                    completionTokens: step.trainCompletionTokens + step.evalCompletionTokens,
                    cachedTokens: step.trainCachedTokens + step.evalCachedTokens)
            }
            if let reward = metrics.validPolicyExpectedReward {
                rewards.append(reward)
                let tokens = usage.keys.sorted().reduce(0.0) { total, model in
                    total + ((try? billing.priceSheet.graderTokenCharge(model: model, usage: usage[model]!))?.amount ?? 0)
                }
                costs.append(trainingCost[costs.count] + tokens)
            }
        }
        return Record(seed: configuration.seed, rewards: rewards, costs: costs)
    }

    /// The cell's result from its runs' records (in run order).
    public func result(_ records: [Record]) -> SweepCellResult {
        let count = validationSteps.count
        var meanReward = [Double](repeating: 0, count: count), meanCost = [Double](repeating: 0, count: count)
        var runs: [SweepCellResult.Run] = []
        for record in records {
            let costs = record.costs ?? trainingCost
            for k in 0..<count {
                meanReward[k] += record.rewards[k]
                meanCost[k] += costs[k]
            }
            let reached = record.rewards.firstIndex { $0 >= cell.target }
            runs.append(.init(seed: record.seed, finalValidReward: record.rewards[count - 1],
                              reachedStep: reached.map { validationSteps[$0] }, hoursToTarget: reached.map { hours[$0] },
                              costToTarget: reached.map { costs[$0] }, cost: costs[count - 1]))
        }
        let n = Double(max(records.count, 1))
        return SweepCellResult(
            id: cell.id, index: cell.index, assignments: cell.assignments, target: cell.target, steps: configuration.steps,
            hours: hours[count - 1], runs: runs,
            curve: .init(steps: validationSteps, hours: hours, cost: meanCost.map { $0 / n }, meanValidReward: meanReward.map { $0 / n }))
    }
}
