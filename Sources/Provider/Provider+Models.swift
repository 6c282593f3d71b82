public import Graders
internal import Simulator
internal import Stochastics
internal import Foundation

extension Provider {
    /// A tuned model or checkpoint that exists now, with the θ it answers with.
    func tunedModel(named name: String, as caller: Caller) -> (record: JobRecord, parameters: [Double])? {
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
            guard isVisible(ownerKey: record.ownerKey, to: caller),
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
        throw ProviderError(.notFound, message: "The model `\(id)` does not exist or you do not have access to it.", param: "model", platformCode: "model_not_found")
    }

    /// Answers a chat completion with a tuned model (`POST /v1/chat/completions`, non-streaming).
    ///
    /// The prompt is matched to the job's dataset item whose last user message is the same text
    /// (else the item sharing the most words with it); each choice is a candidate answer sampled
    /// from the tuned policy π(· | item) with a stream seeded by the request (its `seed`, model and
    /// messages), so the same request gets the same answer.
    public func chatCompletion(_ body: JSONValue, as caller: Caller) async throws(ProviderError) -> JSONValue {
        let request = try ModelRequest(chat: body)
        await settleJobs(visibleTo: caller)
        let answers = try sample(request, as: caller)
        let created = Int(now)
        let choices: [JSONValue] = answers.texts.enumerated().map { index, text in
            ["index": .number(Double(index)), "finish_reason": "stop", "logprobs": nil,
             "message": ["role": "assistant", "content": .string(text), "refusal": nil]]
        }
        let completion = answers.texts.reduce(0) { $0 + TokenEstimate.tokens(in: $1) }
        return [
            "id": .string("chatcmpl-" + IdentifierFactory.token("chat", answers.seed, length: 29)), "object": "chat.completion",
            "created": .number(Double(created)), "model": .string(request.model), "choices": .array(choices),
            "system_fingerprint": nil, "service_tier": "default",
            "usage": ["prompt_tokens": .number(Double(answers.promptTokens)), "completion_tokens": .number(Double(completion)),
                      "total_tokens": .number(Double(answers.promptTokens + completion))],
        ]
    }

    /// Answers a Responses API request with a tuned model (`POST /v1/responses`, non-streaming).
    public func createResponse(_ body: JSONValue, as caller: Caller) async throws(ProviderError) -> JSONValue {
        let request = try ModelRequest(responses: body)
        await settleJobs(visibleTo: caller)
        let answers = try sample(request, as: caller)
        let text = answers.texts[0]
        let output = TokenEstimate.tokens(in: text)
        let id = IdentifierFactory.token("resp", answers.seed, length: 40)
        return [
            "id": .string("resp_" + id), "object": "response", "created_at": .number(Double(Int(now))), "status": "completed",
            "model": .string(request.model), "error": nil, "incomplete_details": nil, "instructions": nil,
            "output": [["type": "message", "id": .string("msg_" + id), "status": "completed", "role": "assistant",
                        "content": [["type": "output_text", "text": .string(text), "annotations": []]]]],
            "parallel_tool_calls": true, "tool_choice": "auto", "tools": [], "temperature": 1, "top_p": 1,
            "usage": ["input_tokens": .number(Double(answers.promptTokens)), "output_tokens": .number(Double(output)),
                      "total_tokens": .number(Double(answers.promptTokens + output)),
                      "input_tokens_details": ["cached_tokens": 0], "output_tokens_details": ["reasoning_tokens": 0]],
        ]
    }

    private func sample(_ request: ModelRequest, as caller: Caller) throws(ProviderError) -> (texts: [String], promptTokens: Int, seed: UInt64) {
        guard let tuned = tunedModel(named: request.model, as: caller), let plan = tuned.record.plan else {
            if configuration.catalogue.model(named: request.model) != nil {
                throw .invalid("rftsim answers only with fine-tuned models and their checkpoints; `\(request.model)` is a base model.", param: "model", platformCode: "model_not_supported")
            }
            throw ProviderError(.notFound, message: "The model `\(request.model)` does not exist or you do not have access to it.", param: "model", platformCode: "model_not_found")
        }
        let responses = plan.responses
        let item = PromptMatcher.item(for: request.prompt, in: responses.lines)
        let policy = try? Policy(table: responses.model.table, parameters: tuned.parameters)
        let probabilities = policy?.probabilities(item: item) ?? []
        let candidates = responses.model.candidates(of: item)
        let seed = (request.model + "\u{1}" + request.prompt + "\u{1}" + String(request.seed ?? 0)).stableHash
        let stream = RandomStream(key: StreamKey(seed: seed))
        var texts: [String] = []
        for _ in 0..<request.count {
            var u = stream.uniform(), chosen = candidates.startIndex
            for (offset, probability) in probabilities.enumerated() {
                chosen = candidates.startIndex + offset
                u -= probability
                if u < 0 { break }
            }
            texts.append(candidates.isEmpty ? "" : candidates[chosen].text)
        }
        return (texts, TokenEstimate.tokens(in: request.prompt), seed)
    }
}
