internal import Foundation
public import Graders
internal import Provider
internal import Simulator

/// Turns planned cells into ``SweepCellRunner``s: reads and checks the data files, resolves the
/// hyperparameters, builds the timing model and prices, and builds each distinct answer space
/// once (the expensive part: every candidate is graded), shared by all cells and seeds that
/// have the same files, grader, response format, answer space, prior, gold grader and model.
///
/// The same calls as the provider's job planner, without the provider: a sweep runs thousands
/// of jobs.
public struct SweepPreparation: Sendable {
    /// The sweep.
    public let plan: SweepPlan

    /// Creates a preparation for `plan`.
    public init(plan: SweepPlan) {
        self.plan = plan
    }

    /// Checks every cell of the plan (all shards) short of building answer spaces: data files,
    /// hyperparameters against the data, timing and prices.
    ///
    /// - Throws: ``SweepError`` (`invalidCell`) naming the first bad cell and its key.
    public func checkAllCells() throws(SweepError) {
        var datasets = DatasetCache()
        for cell in plan.cells { _ = try setup(cell, datasets: &datasets) }
    }

    /// Runners for `cells`, in the same order.
    ///
    /// - Parameters:
    ///   - engine: Grades the answer spaces; a fresh engine (shut down afterwards) when `nil`.
    ///   - parallelism: Answer spaces built at once (each grades every candidate answer).
    /// - Throws: ``SweepError`` (`invalidCell`) naming the first cell whose answer space or
    ///   trainer is invalid.
    public func runners(for cells: [SweepCell], engine: GraderEngine? = nil, parallelism: Int = 1) async throws(SweepError) -> [SweepCellRunner] {
        var datasets = DatasetCache()
        var setups: [Setup] = []
        for cell in cells { setups.append(try setup(cell, datasets: &datasets)) }
        // One build per distinct answer space, in order of first use.
        var recipes: [ModelKey: Int] = [:], order: [Setup] = []
        for setup in setups where recipes[setup.modelKey] == nil {
            recipes[setup.modelKey] = order.count
            order.append(setup)
        }
        let grading = engine ?? GraderEngine()
        let built = await Self.build(order.map(ModelRecipe.init), engine: grading, parallelism: max(1, parallelism))
        if engine == nil { await grading.shutdown() }
        var runners: [SweepCellRunner] = []
        for setup in setups {
            let models = try built[recipes[setup.modelKey]!].get()
            runners.append(try runner(setup, models: models))
        }
        return runners
    }

    /// What building one answer space needs (all `Sendable`, for building in parallel).
    struct ModelRecipe: Sendable {
        let cellName: String
        let builder: ResponseModelBuilder
        let trainingCount: Int
        let totalCount: Int

        init(_ setup: Setup) {
            let scenario = setup.cell.scenario
            var builder = ResponseModelBuilder(dataset: setup.training.lines + setup.validation.lines, grader: scenario.grader!,
                                               goldGrader: scenario.simulation.goldGrader, answerSpace: scenario.simulation.answerSpace,
                                               seed: setup.modelSeed)
            builder.responseFormat = scenario.responseFormat
            builder.prior = scenario.simulation.prior
            builder.memorization = scenario.simulation.memorization
            self.builder = builder
            cellName = setup.cell.name
            trainingCount = setup.training.lines.count
            totalCount = setup.training.lines.count + setup.validation.lines.count
        }

        func build(engine: GraderEngine) async -> Result<(train: ResponseModel, validation: ResponseModel), SweepError> {
            do throws(SimulatorError) {
                let model = try await builder.build(engine: engine)
                return .success((try model.selecting(items: Array(0..<trainingCount)), try model.selecting(items: Array(trainingCount..<totalCount))))
            } catch {
                return .failure(SweepError(.invalidCell, "\(cellName): the answer space cannot be built: \(SweepPreparation.describe(error))"))
            }
        }
    }

    /// Builds `recipes` with at most `parallelism` at a time; results in recipe order.
    static func build(_ recipes: [ModelRecipe], engine: GraderEngine, parallelism: Int)
        async -> [Result<(train: ResponseModel, validation: ResponseModel), SweepError>] {
        await withTaskGroup(of: (Int, Result<(train: ResponseModel, validation: ResponseModel), SweepError>).self) { group in
            var results = [Result<(train: ResponseModel, validation: ResponseModel), SweepError>?](repeating: nil, count: recipes.count)
            var next = 0
            func launch() {
                let index = next, recipe = recipes[index]
                next += 1
                group.addTask { (index, await recipe.build(engine: engine)) }
            }
            while next < min(parallelism, recipes.count) { launch() }
            while let (index, result) = await group.next() {
                results[index] = result
                if next < recipes.count { launch() }
            }
            return results.map { $0! }
        }
    }

    private func runner(_ setup: Setup, models: (train: ResponseModel, validation: ResponseModel)) throws(SweepError) -> SweepCellRunner {
        let scenario = setup.cell.scenario
        do throws(SimulatorError) {
            _ = try Trainer(table: models.train.table, validation: models.validation.table, configuration: setup.configuration)
        } catch {
            throw SweepError(.invalidCell, "\(setup.cell.name): the trainer refuses the settings: \(Self.describe(error))")
        }
        let billsTokens = RFTGraderDescriptor.all(for: scenario.grader!).contains { $0.model != nil }
        let billing = billsTokens ? SweepCellRunner.TokenBilling(
            train: models.train, validation: models.validation, grader: scenario.grader!, resolved: setup.resolved,
            timing: setup.timing, algorithm: scenario.simulation.algorithm, priceSheet: scenario.priceSheet) : nil
        return try SweepCellRunner(cell: setup.cell, configuration: setup.configuration, runs: plan.specification.seeds,
                                   table: models.train.table, validation: models.validation.table, timing: setup.timing,
                                   trainingCost: setup.trainingCost, tokenBilling: billing)
    }

    // MARK: - One cell's settings

    struct Dataset {
        let lines: [JSONValue]
        /// FNV-1a of the file's bytes.
        let hash: UInt64
    }

    struct DatasetCache {
        var entries: [String: Dataset] = [:]
    }

    struct ModelKey: Hashable {
        var training: String
        var validation: String
        var grader: String
        var responseFormat: String?
        var model: String
        var simulation: SimulationOptions
    }

    struct Setup {
        let cell: SweepCell
        let training: Dataset
        let validation: Dataset
        let resolved: ResolvedHyperparameters
        let configuration: TrainerConfiguration
        let timing: TimingModel
        let trainingCost: (Double) throws(SweepError) -> Double
        let modelKey: ModelKey
        let modelSeed: UInt64
    }

    func setup(_ cell: SweepCell, datasets: inout DatasetCache) throws(SweepError) -> Setup {
        let scenario = cell.scenario
        guard let grader = scenario.grader, let validationFile = scenario.validationFile else {
            throw SweepError(.invalidCell, "\(cell.name): a reinforcement scenario needs a grader and a validation file")
        }
        let training = try dataset(scenario.trainingFile, role: .training, grader: grader, cell: cell, cache: &datasets)
        let validation = try dataset(validationFile, role: .validation, grader: grader, cell: cell, cache: &datasets)
        let resolved: ResolvedHyperparameters
        let timing: TimingModel
        do throws(SimulatorError) {
            resolved = try scenario.hyperparameters.resolve(
                method: .reinforcement, trainingExamples: training.lines.count, validationExamples: validation.lines.count,
                baseLearningRate: scenario.simulation.baseLearningRate)
            var workload = try TimingModel.Workload(resolved: resolved, graders: Self.timingGraders(grader))
            workload.totalSteps = plan.specification.steps ?? resolved.steps
            timing = try TimingModel(workload: workload)
        } catch {
            let key = error.field.map { "hyperparameters.\($0): " } ?? ""
            throw SweepError(.invalidCell, "\(cell.name): \(key)\(error.message)")
        }
        var configuration = resolved.trainerConfiguration(algorithm: scenario.simulation.algorithm, seed: 0)
        configuration.steps = plan.specification.steps ?? resolved.steps
        // The sweep reads validation rewards only; the whole-training-set policy metrics would
        // cost one policy evaluation per training item per step.
        configuration.policyMetricsInterval = Int.max
        let sheet = scenario.priceSheet, model = scenario.model, sharing = scenario.dataSharing
        let trainingCost = { (seconds: Double) throws(SweepError) -> Double in
            do throws(PriceSheetError) {
                return try sheet.trainingCharge(model: model, method: .reinforcement, trainingSeconds: seconds, trainedTokens: 0,
                                                dataSharing: sharing).amount
            } catch {
                throw SweepError(.invalidCell, "\(cell.name): pricing: \(error)")
            }
        }
        _ = try trainingCost(0)
        var simulation = scenario.simulation
        simulation.algorithm = .grpo
        simulation.baseLearningRate = ResolvedHyperparameters.defaultBaseLearningRate
        let key = ModelKey(training: scenario.trainingFile.standardizedFileURL.path, validation: validationFile.standardizedFileURL.path,
                           grader: scenario.graderJSON?.jsonText ?? "", responseFormat: scenario.responseFormat?.jsonText,
                           model: scenario.model, simulation: simulation)
        // The base model's answers depend on the data and the model, not on the run's seed.
        var seed = SweepHash()
        seed.combine(String(training.hash, radix: 16))
        seed.combine(String(validation.hash, radix: 16))
        seed.combine(scenario.model)
        return Setup(cell: cell, training: training, validation: validation, resolved: resolved, configuration: configuration,
                     timing: timing, trainingCost: trainingCost, modelKey: key, modelSeed: seed.value)
    }

    private func dataset(_ url: URL, role: DatasetRole, grader: Grader, cell: SweepCell, cache: inout DatasetCache) throws(SweepError) -> Dataset {
        let cacheKey = "\(role)|\(url.standardizedFileURL.path)|\(cell.scenario.graderJSON?.jsonText ?? "")"
        if let cached = cache.entries[cacheKey] { return cached }
        let bytes: Data
        do {
            bytes = try Data(contentsOf: url)
        } catch {
            throw SweepError(.invalidCell, "\(cell.name): cannot read \(url.path): \(error.localizedDescription)")
        }
        let report = DatasetValidator(method: .reinforcement, role: role, grader: grader).validate(bytes)
        if let problem = report.jobError(fileID: url.path) {
            throw SweepError(.invalidCell, "\(cell.name): \(problem.message)")
        }
        var hash = SweepHash()
        hash.combine(bytes)
        let dataset = Dataset(lines: report.examples, hash: hash.value)
        cache.entries[cacheKey] = dataset
        return dataset
    }

    /// The graders the timing model sees: a multi grader's components (sorted by key), as the
    /// provider's planner lists them.
    static func timingGraders(_ grader: Grader) -> [TimingModel.Grader] {
        if case .multi(let multi) = grader {
            return multi.graders.keys.sorted().map {
                TimingModel.Grader(name: $0, type: GraderKind(rawValue: multi.graders[$0]!.kind.rawValue) ?? .python)
            }
        }
        return [TimingModel.Grader(name: grader.name, type: GraderKind(rawValue: grader.kind.rawValue) ?? .python)]
    }

    static func describe(_ error: SimulatorError) -> String {
        error.field.map { "\($0): \(error.message)" } ?? error.message
    }
}
