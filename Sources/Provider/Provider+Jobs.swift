internal import Foundation
public import Graders
internal import Simulator

extension Provider {
    /// Creates a fine-tuning job (`POST /v1/fine_tuning/jobs`).
    ///
    /// The request is checked at once (400 naming the field; 403 for reinforcement from an
    /// unverified organisation); the files are validated and the whole training simulated now,
    /// and revealed along the clock: `validating_files`, `queued`, `running`, then `succeeded`
    /// or `failed`. In instant mode the clock jumps to the job's end.
    public func createJob(_ body: JSONValue, as caller: Caller) async throws(ProviderError) -> JobObject {
        try await createJob(body, simulation: .standard, as: caller)
    }

    /// Creates a job with simulation options an HTTP request cannot carry (a scenario's answer
    /// space, prior, gold grader, algorithm): see ``createJob(_:as:)``.
    public func createJob(_ body: JSONValue, simulation: SimulationOptions, as caller: Caller) async throws(ProviderError) -> JobObject {
        guard simulation.algorithm.isSampled else {
            throw .invalid("The simulation's algorithm must be a sampled one (grpo, rloo, dr_grpo, reinforce), not \(simulation.algorithm.rawValue).", param: "algorithm")
        }
        let request = try JobRequest(json: body, strict: stores.account.organization.strictRequests)
        if let grader = request.grader {
            let path = "method.reinforcement.grader"
            if let problem = await GraderValidator.validate(grader).first {
                let param = problem.path.isEmpty ? path : "\(path).\(problem.path)"
                throw .invalid("\(param): \(problem.message)", param: param)
            }
        }
        let (baseModel, parent) = try resolveModel(request.model, as: caller)
        if let refusal = configuration.catalogue.refusal(model: baseModel, method: request.method) {
            throw .invalid(refusal.message, param: refusal.param, platformCode: refusal.param == "model" ? "model_not_available" : "invalid_method")
        }
        if request.method == .reinforcement, !stores.account.organization.verified {
            throw .forbidden("Reinforcement fine-tuning is only available to verified organizations. Verify your organization in the platform settings (rftsim: PUT /_rftsim/organization {\"verified\": true}).", platformCode: "organization_not_verified")
        }
        let training = try fineTuneFile(request.trainingFile, param: "training_file", as: caller)
        var validation: StoredFile?
        // RFT without a validation file runs without validation metrics, as on the platform.
        if let id = request.validationFile {
            validation = try fineTuneFile(id, param: "validation_file", as: caller)
        }
        let outcome = try JobOutcome(metadata: request.metadata ?? [:])

        let id = stores.ids.next("ftjob-")
        let seed = request.seed ?? Int(id.stableHash % 2_147_483_648)
        let created = now
        var failure: JobObject.Failure?
        var plan: JobPlan?
        let imageModel = (name: baseModel, takesImages: configuration.catalogue.model(named: baseModel)?.vision ?? false)
        var trainingValidator = DatasetValidator(method: request.method, role: .training, grader: request.grader)
        var validationValidator = DatasetValidator(method: request.method, role: .validation, grader: request.grader)
        (trainingValidator.imageModel, validationValidator.imageModel) = (imageModel, imageModel)
        let trainingReport = trainingValidator.validate(training.content)
        let validationReport = validation.map { validationValidator.validate($0.content) }
        if let error = trainingReport.jobError(fileID: training.object.id) {
            failure = .init(code: error.code, message: error.message, param: error.param)
        } else if let validation, let error = validationReport?.jobError(fileID: validation.object.id) {
            failure = .init(code: error.code, message: error.message, param: error.param)
        } else if !outcome.failValidation {
            do {
                plan = try await makePlan(request: request, baseModel: baseModel, training: training, validation: validation,
                                          trainingLines: trainingReport.examples, validationLines: validationReport?.examples ?? [],
                                          seed: UInt64(seed), parent: parent, simulation: simulation,
                                          grading: engine.isolated(for: stores.account.organizationID(of: caller)))
            } catch {
                let blamed = JobPlanner.blame(error, method: request.method)
                failure = .init(code: blamed.code, message: error.message, param: blamed.param)
            }
        }
        let lines = trainingReport.examples.count + (validationReport?.examples.count ?? 0)
        let record = JobRecord(
            id: id, ownerKey: caller.apiKey, organizationID: stores.account.organizationID(of: caller), createdAt: created, request: request,
            seed: seed, baseModel: baseModel,
            fineTunedModel: "ft:\(baseModel):rftsim:\(request.suffix ?? ""):" + IdentifierFactory.token(id, 8, length: 8),
            resultFileID: stores.ids.next("file-"), evalID: request.method == .reinforcement ? stores.ids.next("eval_", length: 32) : nil,
            sharedWithOpenAI: stores.account.organization.dataSharing, validationSeconds: configuration.validationSeconds + 0.001 * Double(lines),
            queueSeconds: configuration.queueSeconds, validationFailure: failure, plan: plan, outcome: outcome)
        stores.jobs.insert(record)
        if case .instant = clock.mode {
            let end = record.timeline.lastScheduledTime
            if end > now { clock.advance(by: end - now, realTime: configuration.realTime()) }
        }
        return record.object(at: now)
    }

    /// The base model a job's `model` names, and the θ it starts from when it names a tuned model
    /// (`ft:…`) or one of its checkpoints (`ft:…:ckpt-step-N`).
    func resolveModel(_ name: String, as caller: Caller) throws(ProviderError) -> (base: String, parent: (names: [String], theta: [Double])?) {
        if let model = configuration.catalogue.model(named: name) { return (model.id, nil) }
        if let tuned = tunedModel(named: name, as: caller) {
            return (tuned.record.baseModel, (tuned.record.plan!.responses.model.featureNames, tuned.parameters))
        }
        throw .invalid("The model `\(name)` does not exist or you do not have access to it.", param: "model", platformCode: "model_not_found")
    }

    private func fineTuneFile(_ id: String, param: String, as caller: Caller) throws(ProviderError) -> StoredFile {
        guard let file = stores.files[id], isVisible(ownerKey: file.ownerKey, to: caller) else {
            throw .invalid("invalid \(param): \(id) (no such file)", param: param, platformCode: "invalid_\(param)")
        }
        guard file.object.purpose == "fine-tune" else {
            throw .invalid("\(param) \(id) was uploaded with purpose '\(file.object.purpose)'; fine-tuning files need purpose 'fine-tune'.", param: param, platformCode: "invalid_\(param)")
        }
        return file
    }

    private func makePlan(request: JobRequest, baseModel: String, training: StoredFile, validation: StoredFile?,
                          trainingLines: [JSONValue], validationLines: [JSONValue], seed: UInt64,
                          parent: (names: [String], theta: [Double])?, simulation: SimulationOptions,
                          grading engine: GraderEngine) async throws(SimulatorError) -> JobPlan {
        let grader = request.grader ?? JobPlanner.demonstrationGrader
        var simulation = simulation
        // SFT and DPO learn the demonstrations: their answer space is always inferred around them.
        if request.method != .reinforcement {
            simulation.answerSpace = .inferred
            // The training dynamics describe policy-gradient steps; maximum likelihood keeps the plain model.
            simulation.dynamics = .neutral
        }
        // The base model answers at the job's reasoning effort (its success rate depends on it).
        simulation.prior.reasoningEffort = (request.hyperparameters.reasoningEffort ?? .default).resolved
        let key = ResponseModelKey(trainingFile: training.object.id, validationFile: validation?.object.id,
                                   grader: request.grader.map { (try? JSONEncoder().encode($0)).map { String(decoding: $0, as: UTF8.self) } ?? "" },
                                   responseFormat: request.responseFormat?.jsonText, baseModel: baseModel, simulation: simulation)
        let responses: SharedResponseModel
        if let cached = stores.jobs.responseModels[key] {
            responses = cached
        } else {
            let items = request.method == .reinforcement ? trainingLines : trainingLines.map { JobPlanner.supervisedItem($0, method: request.method) }
            let heldOut = request.method == .reinforcement ? validationLines : validationLines.map { JobPlanner.supervisedItem($0, method: request.method) }
            // The base model's answers depend on the files, not on the job's seed.
            let modelSeed = (training.object.id + (validation?.object.id ?? "") + baseModel).stableHash
            responses = try await JobPlanner.responseModel(training: items, validation: heldOut, grader: grader,
                                                           responseFormat: request.responseFormat, simulation: simulation,
                                                           seed: modelSeed, engine: engine)
            stores.jobs.responseModels[key] = responses
        }
        let initial = JobPlanner.inherit(parent, into: responses)
        if request.method == .reinforcement {
            return try JobPlanner.reinforcement(responses: responses, hyperparameters: request.hyperparameters, simulation: simulation,
                                                seed: seed, initialParameters: initial)
        }
        return try JobPlanner.supervised(responses: responses, method: request.method, hyperparameters: request.hyperparameters,
                                         simulation: simulation, trainingLines: trainingLines, seed: seed, initialParameters: initial)
    }

    /// Lists jobs, newest first (`GET /v1/fine_tuning/jobs`); `metadata` keeps jobs having every pair.
    public func listJobs(after: String? = nil, limit: Int? = nil, metadata: [String: String]? = nil,
                         as caller: Caller) throws(ProviderError) -> ListPage<JobObject> {
        var visible = stores.jobs.all.reversed().filter { isVisible(ownerKey: $0.ownerKey, to: caller) }
        if let metadata, !metadata.isEmpty {
            visible = visible.filter { record in metadata.allSatisfy { record.request.metadata?[$0.key] == $0.value } }
        }
        let page = try Pagination.page(visible, id: \.id, after: after, limit: limit, defaultLimit: 20)
        let time = now
        return ListPage(data: page.items.map { $0.object(at: time) }, hasMore: page.hasMore)
    }

    /// One job as it is now (`GET /v1/fine_tuning/jobs/{id}`).
    public func job(id: String, as caller: Caller) throws(ProviderError) -> JobObject {
        try record(id: id, as: caller).object(at: now)
    }

    /// The compact JSON of ``job(id:as:)``, byte for byte: the polling hot path.
    ///
    /// The text is cached per job and reused while the job's visible state is the same (same
    /// timeline revision, segment and, for RFT, training seconds; see `JobRecord.viewKey(at:)`),
    /// so repeated polls at one clock reading skip building the object and writing its JSON.
    public func jobJSONText(id: String, as caller: Caller) throws(ProviderError) -> String {
        let record = try record(id: id, as: caller)
        let time = now
        return stores.jobs.views.text(jobID: id, key: record.viewKey(at: time)) { record.object(at: time).jsonText }
    }

    func record(id: String, as caller: Caller) throws(ProviderError) -> JobRecord {
        guard let record = stores.jobs[id], isVisible(ownerKey: record.ownerKey, to: caller) else {
            throw ProviderError(.notFound, message: "Could not find fine tune: \(id)", param: "fine_tune_id", platformCode: "fine_tune_not_found")
        }
        return record
    }

    /// Cancels a job that has not finished (`POST …/cancel`); training done so far is billed.
    ///
    /// - Throws: 404 for an unknown job; 400 `invalid_job_state` for a finished one.
    public func cancelJob(id: String, as caller: Caller) throws(ProviderError) -> JobObject {
        try take(.cancel, onJob: id, as: caller)
    }

    /// Pauses a running job (`POST …/pause`): a checkpoint is saved and the work so far billed.
    ///
    /// - Throws: 404 for an unknown job; 400 `invalid_job_state` unless it is running and has
    ///   completed a step.
    public func pauseJob(id: String, as caller: Caller) throws(ProviderError) -> JobObject {
        try take(.pause, onJob: id, as: caller)
    }

    /// Resumes a paused job (`POST …/resume`): it queues again and continues from its pause.
    ///
    /// - Throws: 404 for an unknown job; 400 `invalid_job_state` unless it is paused.
    public func resumeJob(id: String, as caller: Caller) throws(ProviderError) -> JobObject {
        try take(.resume, onJob: id, as: caller)
    }

    /// Takes a control action on a job now; the lifecycle's refusal becomes the platform's error.
    private func take(_ action: JobAction, onJob id: String, as caller: Caller) throws(ProviderError) -> JobObject {
        let time = now
        var record = try record(id: id, as: caller)
        do {
            try record.apply(action, at: time)
        } catch {
            throw ProviderError(error, jobID: id)
        }
        stores.jobs[id] = record
        return record.object(at: time)
    }

    /// A job's events, newest first (`GET …/events`).
    public func jobEvents(id: String, after: String? = nil, limit: Int? = nil, as caller: Caller) throws(ProviderError) -> ListPage<EventObject> {
        let record = try record(id: id, as: caller)
        let events = record.events(at: now, detail: stores.jobs.planDetail(of: record))
        let page = try Pagination.page(events, id: \.id, after: after, limit: limit, defaultLimit: 20)
        return ListPage(data: Array(page.items), hasMore: page.hasMore)
    }

    /// A job's checkpoints, newest first (`GET …/checkpoints`).
    public func jobCheckpoints(id: String, after: String? = nil, limit: Int? = nil, as caller: Caller) throws(ProviderError) -> ListPage<CheckpointObject> {
        let checkpoints = try record(id: id, as: caller).checkpoints(at: now)
        let page = try Pagination.page(checkpoints, id: \.id, after: after, limit: limit, defaultLimit: 10)
        return ListPage(data: Array(page.items), hasMore: page.hasMore, firstID: page.items.first?.id,
                        lastID: page.items.last?.id, includesBounds: true)
    }
}
