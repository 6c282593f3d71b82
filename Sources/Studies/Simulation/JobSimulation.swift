internal import Foundation
internal import Graders
internal import Provider
public import Simulator

/// A reinforcement job of a ``JobScenario`` made ready for the stochastic trainer, without the
/// provider: the data files read and checked, the hyperparameters resolved, the trainer's
/// settings, the timing model and the prices. One run of a sweep and `rftsim simulate` both go
/// through it.
///
/// The same calls as the provider's job planner: the files are read with `DatasetValidator`, the
/// answer space is built with ``ResponseModelBuilder`` and split into training and validation
/// items, the hyperparameters are resolved with ``PlatformHyperparameters/resolve(method:trainingExamples:validationExamples:baseLearningRate:)``,
/// and the trainer gets ``ResolvedHyperparameters/trainerConfiguration(algorithm:seed:)``.
/// Making a simulation is cheap; ``buildResponses(engine:)`` is the expensive part (every
/// candidate answer is graded), and its result depends on the data files and the model only,
/// not on the seed, so runs with other seeds can share it.
///
/// ```swift
/// let simulation = try JobSimulation(try JobScenario.load(path: "scenarios/security-compliance"), steps: 20)
/// let responses = try await simulation.buildResponses(engine: GraderEngine())
/// let session = try simulation.session(responses)          // the scenario's seed; or seed: …
/// while !session.isFinished {
///     let metrics = session.step()
///     print(metrics.step, metrics.trainRewardMean, session.trainingSeconds, try session.cost())
/// }
/// print(session.initialValidReward, "→", session.validReward)
/// ```
public struct JobSimulation: Sendable {
    /// The scenario simulated.
    public let scenario: JobScenario
    /// The hyperparameters with every `auto` resolved against the data.
    public let resolved: ResolvedHyperparameters
    /// Training steps: the `steps` asked for, else the count the hyperparameters give.
    public let steps: Int
    /// The trainer's settings: the resolved hyperparameters, the scenario's `trainer.algorithm`,
    /// ``steps``, the scenario's seed, and the whole-training-set policy metrics at every step
    /// (as the provider runs a job).
    public let configuration: TrainerConfiguration
    /// Seconds per step, as the provider's planner times the job (its last step validates): each
    /// step at the tokens it sampled (``JobSimulationSession/trainingSeconds``); the model's
    /// base-length figures are estimates.
    public let timing: TimingModel
    /// Whether a grader calls a model: its tokens are then counted every step and billed.
    public let billsGraderTokens: Bool

    let training: Dataset
    let validation: Dataset
    /// What the answer space depends on: simulations with equal keys can share one build.
    let responsesKey: ResponsesKey
    /// The answer space's seed: the one `rftsim run`'s provider gives the scenario's files
    /// (``AnswerSpaceSeed/firstUploads(model:hasValidation:catalogue:)``), never the run's seed.
    var responsesSeed: UInt64

    /// Prepares `scenario`, reading and checking its data files.
    ///
    /// - Parameters:
    ///   - scenario: A reinforcement job scenario.
    ///   - steps: Training steps (≥ 1) instead of the count the hyperparameters give.
    /// - Throws: ``ScenarioError`` naming the scenario file, the line and key where it can: a
    ///   method other than reinforcement, a data file that cannot be read or fails the platform's
    ///   checks, hyperparameters the data cannot take (e.g. a batch larger than the training
    ///   set), a model the price sheet does not price.
    public init(_ scenario: JobScenario, steps: Int? = nil) throws(ScenarioError) {
        var datasets = DatasetCache()
        try self.init(scenario, steps: steps, datasets: &datasets)
    }

    /// Prepares `scenario`, reading each data file once across simulations that share `datasets`.
    init(_ scenario: JobScenario, steps: Int?, datasets: inout DatasetCache) throws(ScenarioError) {
        self.scenario = scenario
        guard scenario.method == .reinforcement else {
            throw Self.error(scenario, "method", "is \(scenario.method.rawValue); the stochastic trainer simulates reinforcement jobs "
                + "(method: reinforcement). `rftsim run` simulates \(scenario.method.rawValue) jobs through the provider")
        }
        if let steps, steps < 1 { throw Self.error(scenario, "", "steps \(steps): a run needs at least 1 step") }
        guard let grader = scenario.grader, let validationFile = scenario.validationFile else {
            throw Self.error(scenario, "", "a reinforcement scenario needs a grader and a validation file")
        }
        training = try Self.dataset(scenario.trainingFile, role: .training, scenario: scenario, cache: &datasets)
        validation = try Self.dataset(validationFile, role: .validation, scenario: scenario, cache: &datasets)
        do throws(SimulatorError) {
            resolved = try scenario.hyperparameters.resolve(
                method: .reinforcement, trainingExamples: training.lines.count, validationExamples: validation.lines.count,
                baseLearningRate: scenario.simulation.baseLearningRate)
            self.steps = steps ?? resolved.steps
            let parameters = scenario.simulation.timing
            var workload = try TimingModel.Workload(resolved: resolved, graders: TimingModel.Grader.components(of: grader),
                                                    parameters: parameters, baseReasoningTokens: scenario.simulation.prior.reasoningTokens)
            workload.totalSteps = self.steps
            timing = try TimingModel(parameters: parameters, workload: workload)
        } catch {
            throw Self.error(scenario, error.field.map { "hyperparameters.\($0)" } ?? "", error.message)
        }
        var configuration = resolved.trainerConfiguration(algorithm: scenario.simulation.algorithm, seed: scenario.seed)
        configuration.steps = self.steps
        configuration.dynamics = scenario.simulation.dynamics
        self.configuration = configuration
        billsGraderTokens = RFTGraderDescriptor.all(for: grader).contains { $0.model != nil }
        responsesKey = ResponsesKey(scenario)
        // The base model's answers depend on the data and the model, not on the run's seed: the
        // answer space `rftsim run` gets from its provider, so a run with a seed is that job.
        responsesSeed = AnswerSpaceSeed.firstUploads(model: scenario.model, hasValidation: true)
        _ = try trainingCost(seconds: 0)
    }

    /// The USD of `seconds` of training at the scenario's price sheet and data sharing (grader
    /// tokens not included).
    ///
    /// - Throws: ``ScenarioError`` (key `pricing`) when the sheet does not price the model's
    ///   reinforcement training, or for seconds that are negative or not finite.
    public func trainingCost(seconds: Double) throws(ScenarioError) -> Double {
        do throws(PriceSheetError) {
            return try scenario.priceSheet.trainingCharge(model: scenario.model, method: .reinforcement, trainingSeconds: seconds,
                                                          trainedTokens: 0, dataSharing: scenario.dataSharing).amount
        } catch {
            throw Self.error(scenario, "pricing", "\(error)")
        }
    }

    /// An error about `key` of `scenario`, located at the line of `place` (default: the key; its
    /// nearest ancestor's when absent), or at the file for neither.
    static func error(_ scenario: JobScenario, _ key: String, _ message: String, at place: String? = nil) -> ScenarioError {
        let place = place ?? key
        let location = place.isEmpty ? ScenarioLocation(source: scenario.path, line: nil) : scenario.document.location(ofKey: place)
        return ScenarioError(location: location, key: key, message: message)
    }

    static func describe(_ error: SimulatorError) -> String {
        error.field.map { "\($0): \(error.message)" } ?? error.message
    }
}
