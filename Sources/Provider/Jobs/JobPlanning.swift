internal import Foundation
internal import Graders
internal import Simulator
internal import Synchronization

/// Whether a job's planning was stopped for going over
/// ``ProviderConfiguration/planningBudgetSeconds``.
final class PlanningBudget: Sendable {
    private let exceeded = Mutex(false)

    /// Whether the budget ran out.
    var isExceeded: Bool { exceeded.withLock { $0 } }

    /// Records that the budget ran out (the planning task is then cancelled).
    func markExceeded() { exceeded.withLock { $0 = true } }
}

/// What happens while a job is `validating_files`: its files are validated and its whole
/// training simulated, off the provider's actor (see `Provider+Planning.swift`).
///
/// ``run(_:)`` is a pure function of its ``Input`` (the cache of answer spaces only saves work:
/// an answer space is a pure function of its key), so when it runs does not change what a
/// client sees.
enum JobPlanning {
    /// Everything the planning reads, copied from the provider when the job is created.
    struct Input: Sendable {
        /// The job as created, before validation: ids, request, seed, outcome.
        var provisional: JobRecord
        var training: StoredFile
        var validation: StoredFile?
        /// The θ a job tuning a tuned model starts from, by feature name.
        var parent: (names: [String], theta: [Double])?
        var simulation: SimulationOptions
        var configuration: ProviderConfiguration
        /// The provider's answer spaces when the job was created.
        var responseModels: [ResponseModelKey: SharedResponseModel]
        /// Grades for the job's organisation (its own python worker).
        var engine: GraderEngine
        /// Set when the planning is stopped for taking longer than its budget.
        var budget = PlanningBudget()
    }

    /// The job as planned, and an answer space to keep for later jobs.
    struct Result: Sendable {
        var record: JobRecord
        var newResponseModel: (key: ResponseModelKey, model: SharedResponseModel)?
    }

    /// The lines as the trainer reads them: completions-format lines as chat examples.
    private static func trained(_ lines: [JSONValue], promptCompletion: Bool) -> [JSONValue] {
        promptCompletion ? lines.map { PromptCompletionExampleRules.chatExample($0) } : lines
    }

    /// Validates the job's files and simulates its training.
    static func run(_ input: Input) async -> Result {
        let job = input.provisional
        let request = job.request
        var failure: JobObject.Failure?
        var plan: JobPlan?
        var newModel: (key: ResponseModelKey, model: SharedResponseModel)?
        let catalogued = input.configuration.catalogue.model(named: job.baseModel)
        let imageModel = (name: job.baseModel, takesImages: catalogued?.vision ?? false)
        let promptCompletion = request.method == .supervised && catalogued?.promptCompletion == true
        var trainingValidator = DatasetValidator(method: request.method, role: .training, grader: request.grader)
        var validationValidator = DatasetValidator(method: request.method, role: .validation, grader: request.grader)
        (trainingValidator.imageModel, validationValidator.imageModel) = (imageModel, imageModel)
        (trainingValidator.promptCompletion, validationValidator.promptCompletion) = (promptCompletion, promptCompletion)
        // nil for a file whose bytes on disk can no longer be read (not as an empty file).
        let trainingBytes = input.training.body.data
        let validationBytes = input.validation?.body.data
        let trainingReport = trainingValidator.validate(trainingBytes ?? Data())
        let validationReport = input.validation.map { _ in validationValidator.validate(validationBytes ?? Data()) }
        if trainingBytes == nil {
            failure = Self.unreadable(input.training, param: "training_file")
        } else if let validation = input.validation, validationBytes == nil {
            failure = Self.unreadable(validation, param: "validation_file")
        } else if let error = trainingReport.jobError(fileID: input.training.object.id) {
            failure = .init(code: error.code, message: error.message, param: error.param)
        } else if let validation = input.validation, let error = validationReport?.jobError(fileID: validation.object.id) {
            failure = .init(code: error.code, message: error.message, param: error.param)
        } else if !job.outcome.failValidation {
            do {
                // Completions-format lines train as the chat examples they stand for (prompt: user, completion: assistant).
                let made = try await makePlan(input, trainingLines: trained(trainingReport.examples, promptCompletion: promptCompletion),
                                              validationLines: trained(validationReport?.examples ?? [], promptCompletion: promptCompletion))
                plan = made.plan
                newModel = made.built
            } catch {
                let blamed = JobPlanner.blame(error, method: request.method)
                failure = .init(code: blamed.code, message: error.message, param: blamed.param)
            }
            if Task.isCancelled {
                // Stopped (over its budget, the job cancelled while planned, or the provider reset
                // or shut down): the grades are not to be trusted, so neither the plan nor the
                // answer space is kept.
                (plan, newModel) = (nil, nil)
                if input.budget.isExceeded {
                    failure = .init(code: "planning_budget_exceeded",
                                    message: "Validating and simulating this job took longer than rftsim's budget of \(Self.seconds(input.configuration.planningBudgetSeconds)) seconds per job (mostly its grader: each python grader call may take up to 2 minutes); it was stopped. Use a faster grader, fewer examples or a smaller compute_multiplier.",
                                    param: request.method == .reinforcement ? "method.reinforcement.grader" : nil)
                } else {
                    failure = .init(code: "cancelled", message: "The job's validation was stopped before it finished.", param: nil)
                }
            }
        }
        let lines = trainingReport.examples.count + (validationReport?.examples.count ?? 0)
        let record = JobRecord(
            id: job.id, ownerKey: job.ownerKey, organizationID: job.organizationID, createdAt: job.createdAt, request: request,
            seed: job.seed, baseModel: job.baseModel, fineTunedModel: job.fineTunedModel, resultFileID: job.resultFileID,
            evalID: job.evalID, sharedWithOpenAI: job.sharedWithOpenAI,
            validationSeconds: input.configuration.validationSeconds + 0.001 * Double(lines),
            queueSeconds: input.configuration.queueSeconds, validationFailure: failure, plan: plan, outcome: job.outcome)
        return Result(record: record, newResponseModel: newModel)
    }

    /// The job's error for a file whose bytes on disk can no longer be read.
    static func unreadable(_ file: StoredFile, param: String) -> JobObject.Failure {
        let error = StoredFile.contentUnavailable(file.object.id, param: param)
        return .init(code: error.platformCode ?? "file_content_unavailable", message: error.message, param: param)
    }

    /// `600`, `0.5`.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    private static func makePlan(_ input: Input, trainingLines: [JSONValue], validationLines: [JSONValue])
        async throws(SimulatorError) -> (plan: JobPlan, built: (key: ResponseModelKey, model: SharedResponseModel)?)
    {
        let request = input.provisional.request
        let baseModel = input.provisional.baseModel
        let grader = request.grader ?? JobPlanner.demonstrationGrader
        var simulation = input.simulation
        // SFT and DPO learn the demonstrations: their answer space is always inferred around them.
        if request.method != .reinforcement {
            simulation.answerSpace = .inferred
            // The training dynamics describe policy-gradient steps; maximum likelihood keeps the plain model.
            simulation.dynamics = .neutral
        }
        // The base model answers at the job's reasoning effort (its success rate depends on it).
        simulation.prior.reasoningEffort = (request.hyperparameters.reasoningEffort ?? .default).resolved
        let trainingID = input.training.object.id, validationID = input.validation?.object.id
        let key = ResponseModelKey(trainingFile: trainingID, validationFile: validationID,
                                   grader: request.grader.map { (try? JSONEncoder().encode($0)).map { String(decoding: $0, as: UTF8.self) } ?? "" },
                                   responseFormat: request.responseFormat?.jsonText, baseModel: baseModel, simulation: simulation)
        let responses: SharedResponseModel
        var built: (key: ResponseModelKey, model: SharedResponseModel)?
        if let cached = input.responseModels[key] {
            responses = cached
        } else {
            let items = request.method == .reinforcement ? trainingLines : trainingLines.map { JobPlanner.supervisedItem($0, method: request.method) }
            let heldOut = request.method == .reinforcement ? validationLines : validationLines.map { JobPlanner.supervisedItem($0, method: request.method) }
            // The base model's answers depend on the files, not on the job's seed.
            let modelSeed = AnswerSpaceSeed.of(trainingFileID: trainingID, validationFileID: validationID, baseModel: baseModel)
            responses = try await JobPlanner.responseModel(training: items, validation: heldOut, grader: grader,
                                                           responseFormat: request.responseFormat, simulation: simulation,
                                                           seed: modelSeed, engine: input.engine)
            built = (key, responses)
        }
        let initial = JobPlanner.inherit(input.parent, into: responses)
        let seed = UInt64(input.provisional.seed)
        // The simulation is CPU-bound: it waits for a slot so it never takes every thread.
        await PlanningSlots.shared.acquire()
        defer { Task { await PlanningSlots.shared.release() } }
        if request.method == .reinforcement {
            let plan = try JobPlanner.reinforcement(responses: responses, hyperparameters: request.hyperparameters, simulation: simulation,
                                                    seed: seed, initialParameters: initial)
            return (plan, built)
        }
        let plan = try JobPlanner.supervised(responses: responses, method: request.method, hyperparameters: request.hyperparameters,
                                             simulation: simulation, trainingLines: trainingLines, seed: seed, initialParameters: initial)
        return (plan, built)
    }
}
