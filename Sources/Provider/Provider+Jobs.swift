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
        // A job tuning a tuned model starts from its θ: that job must be planned.
        if request.model.hasPrefix("ft:") { await settleJobs(visibleTo: caller) }
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
        try JobWorkBound.check(request, trainingLines: training.nonBlankLines, validationLines: validation?.nonBlankLines ?? 0)

        let id = stores.ids.next("ftjob-")
        let seed = request.seed ?? Int(id.stableHash % 2_147_483_648)
        let organizationID = stores.account.organizationID(of: caller)
        // The record as it stands before its files are validated and its training simulated:
        // what a client sees while the job is `validating_files` does not depend on either.
        let provisional = JobRecord(
            id: id, ownerKey: caller.apiKey, organizationID: organizationID, createdAt: now, request: request,
            seed: seed, baseModel: baseModel,
            fineTunedModel: "ft:\(baseModel):rftsim:\(request.suffix ?? ""):" + IdentifierFactory.token(id, 8, length: 8),
            resultFileID: stores.ids.next("file-"), evalID: request.method == .reinforcement ? stores.ids.next("eval_", length: 32) : nil,
            sharedWithOpenAI: stores.account.organization.dataSharing, validationSeconds: configuration.validationSeconds,
            queueSeconds: configuration.queueSeconds, validationFailure: nil, plan: nil, outcome: outcome)
        stores.jobs.insert(provisional)
        let input = JobPlanning.Input(
            provisional: provisional, training: training, validation: validation, parent: parent, simulation: simulation,
            configuration: configuration, responseModels: stores.jobs.responseModels, engine: engine.isolated(for: organizationID))
        startPlanning(input)
        let created = provisional.createdAt
        // The instant clock finishes a job at its creation; a job whose validation takes no time
        // is past `validating_files` at once: both need the plan before they can answer.
        if case .instant = clock.mode {
            return try await settledRecord(id: id).object(at: now)
        }
        if provisional.timeline.phase(at: now) != .validating || provisional.timeline.phase(at: created) != .validating {
            return try await settledRecord(id: id).object(at: now)
        }
        return provisional.object(at: now)
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

    /// Lists jobs, newest first (`GET /v1/fine_tuning/jobs`); `metadata` keeps jobs having every pair.
    public func listJobs(after: String? = nil, limit: Int? = nil, metadata: [String: String]? = nil,
                         as caller: Caller) async throws(ProviderError) -> ListPage<JobObject> {
        await settleJobs(visibleTo: caller)
        var visible = stores.jobs.all.reversed().filter { isVisible(ownerKey: $0.ownerKey, to: caller) }
        if let metadata, !metadata.isEmpty {
            visible = visible.filter { record in metadata.allSatisfy { record.request.metadata?[$0.key] == $0.value } }
        }
        let page = try Pagination.page(visible, id: \.id, after: after, limit: limit, defaultLimit: 20)
        let time = now
        return ListPage(data: page.items.map { $0.object(at: time) }, hasMore: page.hasMore)
    }

    /// One job as it is now (`GET /v1/fine_tuning/jobs/{id}`).
    public func job(id: String, as caller: Caller) async throws(ProviderError) -> JobObject {
        try await settledRecord(id: id, as: caller).object(at: now)
    }

    /// The compact JSON of ``job(id:as:)``, byte for byte: the polling hot path.
    ///
    /// The text is cached per job and reused while the job's visible state is the same (same
    /// timeline revision, segment and, for RFT, training seconds; see `JobRecord.viewKey(at:)`),
    /// so repeated polls at one clock reading skip building the object and writing its JSON.
    public func jobJSONText(id: String, as caller: Caller) async throws(ProviderError) -> String {
        let record = try await settledRecord(id: id, as: caller)
        let time = now
        return stores.jobs.views.text(jobID: id, key: record.viewKey(at: time)) { record.object(at: time).jsonText }
    }

    /// Cancels a job that has not finished (`POST …/cancel`); training done so far is billed.
    ///
    /// - Throws: 404 for an unknown job; 400 `invalid_job_state` for a finished one.
    public func cancelJob(id: String, as caller: Caller) async throws(ProviderError) -> JobObject {
        try await take(.cancel, onJob: id, as: caller)
    }

    /// Pauses a running job (`POST …/pause`): a checkpoint is saved and the work so far billed.
    ///
    /// - Throws: 404 for an unknown job; 400 `invalid_job_state` unless it is running and has
    ///   completed a step.
    public func pauseJob(id: String, as caller: Caller) async throws(ProviderError) -> JobObject {
        try await take(.pause, onJob: id, as: caller)
    }

    /// Resumes a paused job (`POST …/resume`): it queues again and continues from its pause.
    ///
    /// - Throws: 404 for an unknown job; 400 `invalid_job_state` unless it is paused.
    public func resumeJob(id: String, as caller: Caller) async throws(ProviderError) -> JobObject {
        try await take(.resume, onJob: id, as: caller)
    }

    /// Takes a control action on a job now; the lifecycle's refusal becomes the platform's error.
    ///
    /// Cancelling a job still being planned while it is surely still `validating_files` on the
    /// clock (before its shortest validation could end) stops the planning first: its grader
    /// calls are cancelled (a python grader's process tree is killed) and the job is cancelled
    /// in validation, as it would be anyway, instead of after the graders finish. (Later on the
    /// clock the plan decides whether the job is still there to cancel, so it is awaited.)
    private func take(_ action: JobAction, onJob id: String, as caller: Caller) async throws(ProviderError) -> JobObject {
        if action == .cancel, let pending = pendingPlans[id], pending.generation == generation,
           let provisional = stores.jobs[id], isVisible(ownerKey: provisional.ownerKey, to: caller),
           now < provisional.createdAt + (provisional.outcome.validationSeconds ?? configuration.validationSeconds) {
            pending.task.cancel()
        }
        var record = try await settledRecord(id: id, as: caller)
        let time = now
        do {
            try record.apply(action, at: time)
        } catch {
            throw ProviderError(error, jobID: id)
        }
        stores.jobs[id] = record
        return record.object(at: time)
    }

    /// A job's events, newest first (`GET …/events`).
    public func jobEvents(id: String, after: String? = nil, limit: Int? = nil, as caller: Caller) async throws(ProviderError) -> ListPage<EventObject> {
        let record = try await settledRecord(id: id, as: caller)
        let events = record.events(at: now, detail: stores.jobs.planDetail(of: record))
        let page = try Pagination.page(events, id: \.id, after: after, limit: limit, defaultLimit: 20)
        return ListPage(data: Array(page.items), hasMore: page.hasMore)
    }

    /// A job's checkpoints, newest first (`GET …/checkpoints`).
    public func jobCheckpoints(id: String, after: String? = nil, limit: Int? = nil, as caller: Caller) async throws(ProviderError) -> ListPage<CheckpointObject> {
        let checkpoints = try await settledRecord(id: id, as: caller).checkpoints(at: now)
        let page = try Pagination.page(checkpoints, id: \.id, after: after, limit: limit, defaultLimit: 10)
        return ListPage(data: Array(page.items), hasMore: page.hasMore, firstID: page.items.first?.id,
                        lastID: page.items.last?.id, includesBounds: true)
    }
}
