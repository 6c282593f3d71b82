public import Graders
internal import Simulator
internal import Stochastics
internal import Foundation

extension Provider {
    /// A tuned model or checkpoint that exists now (and was not deleted), with the θ it answers with.
    func tunedModel(named name: String, as caller: Caller) -> (record: JobRecord, parameters: [Double])? {
        guard !stores.inference.deletedModels.contains(name) else { return nil }
        var base = name, step: Int?
        if let range = name.range(of: ":ckpt-step-", options: .backwards), let number = Int(name[range.upperBound...]) {
            base = String(name[..<range.lowerBound])
            step = number
        }
        guard let record = stores.jobs.record(tunedModel: base), isVisible(ownerKey: record.ownerKey, to: caller),
              let plan = record.plan else { return nil }
        let time = now
        if let step {
            return record.checkpointParameters(step: step, at: time).map { (record, $0) }
        }
        guard record.timeline.phase(at: time) == .succeeded else { return nil }
        return (record, plan.finalParameters)
    }

    /// The catalogue's models and the tuned models that exist now (`GET /v1/models`).
    public func listModels(as caller: Caller) async -> ListPage<ModelObject> {
        await settleJobs(visibleTo: caller)
        var models = configuration.catalogue.models.map { ModelObject(id: $0.id, created: $0.created, ownedBy: $0.ownedBy) }
        let time = now
        for record in stores.jobs.all {
            guard isVisible(ownerKey: record.ownerKey, to: caller), !stores.inference.deletedModels.contains(record.fineTunedModel),
                  record.timeline.phase(at: time) == .succeeded, let finished = record.timeline.finishedAt(by: time) else { continue }
            models.append(ModelObject(id: record.fineTunedModel, created: Int(finished), ownedBy: record.organizationID))
        }
        return ListPage(data: models, hasMore: false)
    }

    /// One model (`GET /v1/models/{id}`): a catalogue model (by id or alias), a tuned model or a checkpoint.
    public func model(id: String, as caller: Caller) async throws(ProviderError) -> ModelObject {
        await settleJobs(visibleTo: caller)
        if let model = configuration.catalogue.model(named: id) {
            return ModelObject(id: id, created: model.created, ownedBy: model.ownedBy)
        }
        if let tuned = tunedModel(named: id, as: caller) {
            return ModelObject(id: id, created: Int(tuned.record.timeline.finishedAt(by: now) ?? tuned.record.createdAt),
                               ownedBy: tuned.record.organizationID)
        }
        throw Self.modelNotFound(id)
    }

    /// Deletes a fine-tuned model or one of its checkpoints (`DELETE /v1/models/{id}`).
    ///
    /// The model no longer answers, lists or serves as a job's `model` (404 `model_not_found` from
    /// then on). Its job keeps its `fine_tuned_model`; the job's other checkpoints are separate models.
    ///
    /// The platform's owner rules: only a member with the Owner role of the organisation that
    /// owns the model may delete it (``OrganizationSettings/ownerRole`` off: 403); base models
    /// belong to the platform and cannot be deleted (403); a model the caller cannot see is 404.
    public func deleteModel(id: String, as caller: Caller) async throws(ProviderError) -> DeletionStatus {
        await settleJobs(visibleTo: caller)
        if let model = configuration.catalogue.model(named: id) {
            throw .forbidden("You cannot delete \(id): it is a base model owned by \(model.ownedBy); only fine-tuned models and checkpoints your organization owns can be deleted.",
                             platformCode: "model_not_deletable")
        }
        guard tunedModel(named: id, as: caller) != nil else { throw Self.modelNotFound(id) }
        guard stores.account.organization.ownerRole else {
            throw .forbidden("You must have the Owner role in your organization to delete a model (rftsim: PUT /_rftsim/organization {\"owner_role\": true}).",
                             platformCode: "insufficient_permissions")
        }
        stores.inference.deletedModels.insert(id)
        return DeletionStatus(id: id, object: "model")
    }

    /// Answers a chat completion (`POST /v1/chat/completions`) as a whole `chat.completion`
    /// (`stream` is ignored here: see ``chatCompletionStream(_:as:)``).
    ///
    /// Tuned models and checkpoints sample their policy on the dataset item closest to the
    /// prompt; base models sample their step-0 policy when the prompt is an item of an uploaded
    /// dataset, and answer through the configuration's ``PromptResponder`` otherwise (see
    /// `InferenceRoute`). Each choice is drawn with a stream seeded by the request (its `seed`,
    /// model and prompt), so the same request gets the same answer. Usage is billed at the
    /// model's inference price.
    public func chatCompletion(_ body: JSONValue, as caller: Caller) async throws(ProviderError) -> JSONValue {
        ChatCompletionWire.completion(try await answer(InferenceRequest(chat: body), as: caller))
    }

    /// Answers a chat completion as the `chat.completion.chunk` events of `stream: true`.
    public func chatCompletionStream(_ body: JSONValue, as caller: Caller) async throws(ProviderError) -> InferenceStream {
        let request = try InferenceRequest(chat: body)
        let answer = try await answer(request, as: caller)
        return InferenceStream(events: ChatCompletionWire.chunks(answer, includeUsage: request.streamUsage), endsWithDone: true)
    }

    /// Answers a Responses API request (`POST /v1/responses`) as a whole `response`.
    public func createResponse(_ body: JSONValue, as caller: Caller) async throws(ProviderError) -> JSONValue {
        let request = try InferenceRequest(responses: body)
        return ResponseWire.response(try await answer(request, as: caller), request: request)
    }

    /// Answers a Responses API request as the typed events of `stream: true`.
    public func createResponseStream(_ body: JSONValue, as caller: Caller) async throws(ProviderError) -> InferenceStream {
        let request = try InferenceRequest(responses: body)
        return InferenceStream(events: ResponseWire.events(try await answer(request, as: caller), request: request), endsWithDone: false)
    }

    private func answer(_ request: InferenceRequest, as caller: Caller) async throws(ProviderError) -> InferenceAnswer {
        await settleJobs(visibleTo: caller)
        let tuned = tunedModel(named: request.model, as: caller)
        let base = configuration.catalogue.model(named: request.model)?.id
        // Read before the store is modified in place (no overlapping access to `stores`).
        let account = stores.account
        let jobs = stores.jobs.all.reversed().lazy.filter { account.isVisible(ownerKey: $0.ownerKey, to: caller) }
        let files = stores.files.all.reversed().lazy.filter { account.isVisible(ownerKey: $0.ownerKey, to: caller) }
        guard var route = InferenceRoute.find(request, baseModel: base, tuned: tuned, jobs: jobs, files: files, inference: &stores.inference) else {
            throw Self.modelNotFound(request.model)
        }
        if case .dataset(let file, let item, let key) = route {
            if let built = await DatasetAnswers.build(file: file, baseModel: key.baseModel, engine: engine) {
                stores.inference.datasetAnswers[key] = built
                route = .base(built, item: item)
            } else {
                route = .responder
            }
        }
        let seed = PolicySampler.seed(model: request.model, prompt: request.prompt, requestSeed: request.seed)
        let use = ToolUse(request)
        let choices: [InferenceAnswer.Choice]
        switch route {
        case .tuned(let record, let parameters, let item):
            choices = use.sample(record.plan!.responses, parameters: parameters, item: item, request: request, seed: seed)
        case .base(let responses, let item):
            choices = use.sample(responses, parameters: nil, item: item, request: request, seed: seed)
        case .dataset, .responder:
            if use.requiresCall {
                choices = (0..<request.count).map { use.synthesizedChoice(request: request, seed: seed, index: $0) }
            } else {
                let text = await PromptResponder(judge: configuration.judge).answer(request)
                choices = Array(repeating: InferenceAnswer.Choice(text: text), count: request.count)
            }
        }
        let answer = InferenceAnswer(choices: choices,
                                     promptTokens: TokenEstimate.promptTokens(request.messages), seed: seed, model: request.model, created: Int(now))
        let key = InferenceUsage.Key(baseModel: tuned?.record.baseModel ?? base ?? request.model, fineTuned: tuned != nil,
                                     dataSharing: tuned?.record.sharedWithOpenAI ?? false, ownerKey: caller.apiKey)
        stores.inference.record(answer.usage, under: key)
        return answer
    }

    static func modelNotFound(_ id: String) -> ProviderError {
        ProviderError(.notFound, message: "The model `\(id)` does not exist or you do not have access to it.", param: "model", platformCode: "model_not_found")
    }
}
