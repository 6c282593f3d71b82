internal import Foundation
public import Graders
internal import Provider
public import Simulator

extension JobSimulation {
    /// The base model's graded answer space, split into the training and the validation items.
    public struct Responses: Sendable {
        /// The training items' candidates, rewards, features and prior.
        public let train: ResponseModel
        /// The validation items' (same features).
        public let validation: ResponseModel
        /// Both together, before the split, when kept to be repriced (`--parameter-uncertainty`).
        var whole: ResponseModel?

        init(train: ResponseModel, validation: ResponseModel) {
            self.train = train
            self.validation = validation
        }
    }

    /// Builds the answer space with ``ResponseModelBuilder``: the data files' items, the grader,
    /// the response format, the answer space, the prior, memorisation and the gold grader of the
    /// scenario; every (item, candidate) is graded once.
    ///
    /// - Parameter engine: Grades the candidates (share one engine across builds).
    /// - Throws: ``ScenarioError`` when the answer space cannot be built (e.g. an item lacks a
    ///   field a facet reads); the message names the simulator's field.
    public func buildResponses(engine: GraderEngine) async throws(ScenarioError) -> Responses {
        try split(try await buildWholeResponses(engine: engine))
    }

    /// The graded answer space of the training and validation items together, before the split
    /// (``BasePrior`` draws follow the items' positions in it: reprice it with
    /// ``ResponseModel/withPrior(_:seed:)`` and ``responsesSeed``, then ``split(_:)``).
    func buildWholeResponses(engine: GraderEngine) async throws(ScenarioError) -> ResponseModel {
        var builder = ResponseModelBuilder(dataset: training.lines + validation.lines, grader: scenario.grader!,
                                           goldGrader: scenario.simulation.goldGrader, answerSpace: scenario.simulation.answerSpace,
                                           seed: responsesSeed)
        builder.responseFormat = scenario.responseFormat
        builder.prior = scenario.simulation.prior
        builder.memorization = scenario.simulation.memorization
        builder.offSpanDirections = scenario.simulation.offSpanDirections
        do throws(SimulatorError) {
            return try await builder.build(engine: engine)
        } catch {
            throw answerSpaceError(error)
        }
    }

    /// `model` (the training items, then the validation items) split into ``Responses``.
    func split(_ model: ResponseModel) throws(ScenarioError) -> Responses {
        let trainingCount = training.lines.count, totalCount = trainingCount + validation.lines.count
        do throws(SimulatorError) {
            return Responses(train: try model.selecting(items: Array(0..<trainingCount)),
                             validation: try model.selecting(items: Array(trainingCount..<totalCount)))
        } catch {
            throw answerSpaceError(error)
        }
    }

    private func answerSpaceError(_ error: SimulatorError) -> ScenarioError {
        Self.error(scenario, "", "the answer space cannot be built: \(Self.describe(error))",
                   at: scenario.document["answer_space"] == nil ? "" : "answer_space")
    }

    /// Everything ``buildResponses(engine:)`` depends on besides the files' contents: equal keys
    /// give equal answer spaces.
    struct ResponsesKey: Hashable, Sendable {
        var training: String
        var validation: String
        var grader: String
        var responseFormat: String?
        var model: String
        var simulation: SimulationOptions

        init(_ scenario: JobScenario) {
            training = scenario.trainingFile.standardizedFileURL.path
            validation = scenario.validationFile?.standardizedFileURL.path ?? ""
            grader = scenario.graderJSON?.jsonText ?? ""
            responseFormat = scenario.responseFormat?.jsonText
            model = scenario.model
            // The algorithm and learning rate train; they do not change the answers.
            simulation = scenario.simulation
            simulation.algorithm = .grpo
            simulation.baseLearningRate = ResolvedHyperparameters.defaultBaseLearningRate
            simulation.timing = .default
            // Of the dynamics only whether the table needs off-span columns matters.
            simulation.dynamics = TrainingDynamics(instability: scenario.simulation.offSpanDirections > 0 ? 1 : 0)
        }
    }
}
