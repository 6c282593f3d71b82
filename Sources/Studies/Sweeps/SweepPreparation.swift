internal import Foundation
public import Graders
internal import Provider
internal import Simulator

/// Turns planned cells into ``SweepCellRunner``s: each cell's scenario becomes a
/// ``JobSimulation`` (data files read and checked, hyperparameters resolved, timing model and
/// prices), and each distinct answer space is built once (the expensive part: every candidate is
/// graded), shared by all cells and seeds that have the same files, grader, response format,
/// answer space, prior, gold grader and model.
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
        var datasets = JobSimulation.DatasetCache()
        for cell in plan.cells { _ = try simulation(cell, datasets: &datasets) }
    }

    /// Runners for `cells`, in the same order.
    ///
    /// - Parameters:
    ///   - cells: The cells to run.
    ///   - engine: Grades the answer spaces; a fresh engine (shut down afterwards) when `nil`.
    ///   - parallelism: Answer spaces built at once (each grades every candidate answer).
    /// - Throws: ``SweepError`` (`invalidCell`) naming the first cell whose answer space or
    ///   trainer is invalid.
    public func runners(for cells: [SweepCell], engine: GraderEngine? = nil, parallelism: Int = 1) async throws(SweepError) -> [SweepCellRunner] {
        var datasets = JobSimulation.DatasetCache()
        var simulations: [JobSimulation] = []
        for cell in cells { simulations.append(try simulation(cell, datasets: &datasets)) }
        // One build per distinct answer space, in order of first use.
        var builds: [JobSimulation.ResponsesKey: Int] = [:], order: [Build] = []
        for (cell, simulation) in zip(cells, simulations) where builds[simulation.responsesKey] == nil {
            builds[simulation.responsesKey] = order.count
            order.append(Build(cell: cell, simulation: simulation, keepsWhole: plan.specification.parameterUncertainty))
        }
        let grading = engine ?? GraderEngine()
        let built = await Self.build(order, engine: grading, parallelism: max(1, parallelism))
        if engine == nil { await grading.shutdown() }
        var runners: [SweepCellRunner] = []
        for (cell, simulation) in zip(cells, simulations) {
            let responses = try built[builds[simulation.responsesKey]!].get()
            runners.append(try runner(cell, simulation: simulation, responses: responses))
        }
        return runners
    }

    /// One answer space to build, and the cell named if it fails.
    struct Build: Sendable {
        let cell: SweepCell
        let simulation: JobSimulation
        /// Keep the unsplit answer space, to reprice it per run (`--parameter-uncertainty`).
        var keepsWhole = false

        func run(engine: GraderEngine) async -> Result<JobSimulation.Responses, SweepError> {
            do throws(ScenarioError) {
                guard keepsWhole else { return .success(try await simulation.buildResponses(engine: engine)) }
                let whole = try await simulation.buildWholeResponses(engine: engine)
                var responses = try simulation.split(whole)
                responses.whole = whole
                return .success(responses)
            } catch {
                return .failure(.invalidCell(cell.name, error))
            }
        }
    }

    /// Builds `builds` with at most `parallelism` at a time; results in build order.
    static func build(_ builds: [Build], engine: GraderEngine, parallelism: Int) async -> [Result<JobSimulation.Responses, SweepError>] {
        await withTaskGroup(of: (Int, Result<JobSimulation.Responses, SweepError>).self) { group in
            var results = [Result<JobSimulation.Responses, SweepError>?](repeating: nil, count: builds.count)
            var next = 0
            func launch() {
                let index = next, build = builds[index]
                next += 1
                group.addTask { (index, await build.run(engine: engine)) }
            }
            while next < min(parallelism, builds.count) { launch() }
            while let (index, result) = await group.next() {
                results[index] = result
                if next < builds.count { launch() }
            }
            return results.map { $0! }
        }
    }

    /// The cell's scenario as a simulation of `--steps` steps.
    func simulation(_ cell: SweepCell, datasets: inout JobSimulation.DatasetCache) throws(SweepError) -> JobSimulation {
        do throws(ScenarioError) {
            return try JobSimulation(cell.scenario, steps: plan.specification.steps, datasets: &datasets)
        } catch {
            throw .invalidCell(cell.name, error)
        }
    }

    private func runner(_ cell: SweepCell, simulation: JobSimulation, responses: JobSimulation.Responses) throws(SweepError) -> SweepCellRunner {
        do throws(ScenarioError) {
            _ = try simulation.session(responses, seed: 0, policyMetrics: false)
        } catch {
            throw .invalidCell(cell.name, error)
        }
        return try SweepCellRunner(cell: cell, simulation: simulation, responses: responses, runs: plan.specification.seeds,
                                   inferenceVolume: plan.specification.inferenceVolume,
                                   parameterUncertainty: plan.specification.parameterUncertainty ? cell.scenario.calibration : nil)
    }
}
