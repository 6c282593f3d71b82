internal import Foundation
public import Graders

/// The Evals API (`/v1/evals`): a thin façade over `EvalStore` (`Evals/`), plus the evals RFT
/// jobs create (derived from the job, `JobEval`).
extension Provider {
    /// Creates an eval (`POST /v1/evals`).
    ///
    /// - Throws: 400 naming the JSON path of the first problem (`testing_criteria[1].reference`);
    ///   nothing is stored then.
    public func createEval(_ body: JSONValue, as caller: Caller) async throws(ProviderError) -> EvalObject {
        await settleJobs(visibleTo: caller)
        let catalogue = configuration.catalogue
        var definition = try await EvalDefinition(json: body) { catalogue.model(named: $0) != nil || GraderModels.allowed.contains($0) }
        let id = stores.ids.next("eval_", length: 32)
        definition.assignCriterionIDs(evalID: id)
        let record = EvalRecord(id: id, ownerKey: caller.apiKey, createdAt: now, definition: definition)
        stores.evals.add(record)
        return record.object
    }

    /// Lists evals (`GET /v1/evals`), by creation time, oldest first unless `ascending` is false;
    /// the evals of RFT jobs are listed with the others.
    public func listEvals(after: String? = nil, limit: Int? = nil, ascending: Bool = true, as caller: Caller) async throws(ProviderError) -> ListPage<EvalObject> {
        await settleJobs(visibleTo: caller)
        var all: [(created: Double, object: EvalObject)] = stores.evals.allEvals.filter { isVisible(ownerKey: $0.ownerKey, to: caller) }
            .map { ($0.createdAt, $0.object) }
        all += stores.jobs.all.compactMap { JobEval($0) }.filter { isVisible(ownerKey: $0.record.ownerKey, to: caller) }
            .map { ($0.record.createdAt, $0.object) }
        var objects = all.enumerated().sorted { ($0.element.created, $0.offset) < ($1.element.created, $1.offset) }.map(\.element.object)
        if !ascending { objects.reverse() }
        return Self.boundedPage(try Pagination.page(objects, id: \.id, after: after, limit: limit, defaultLimit: 20))
    }

    /// One eval (`GET /v1/evals/{eval_id}`).
    public func eval(id: String, as caller: Caller) async throws(ProviderError) -> EvalObject {
        await settleJobs(visibleTo: caller)
        return switch try evalSource(id, as: caller) {
        case .stored(let record): record.object
        case .job(let job): job.object
        }
    }

    /// Renames an eval or replaces its metadata (`POST /v1/evals/{eval_id}`).
    ///
    /// - Throws: 404 for an unknown eval; 400 for other keys or bad values; 409 for a job's eval.
    public func updateEval(id: String, _ body: JSONValue, as caller: Caller) async throws(ProviderError) -> EvalObject {
        await settleJobs(visibleTo: caller)
        guard case .stored(var record) = try evalSource(id, as: caller) else { throw Self.jobEvalIsReadOnly(id) }
        guard case .object(let members) = body else { throw .invalid("The request body must be a JSON object, got \(body.kindName).") }
        if let unknown = members.keys.sorted().first(where: { !["name", "metadata"].contains($0) }) {
            throw .invalid("Unrecognized request argument supplied: \(unknown)", param: unknown)
        }
        switch members["name"] {
        case nil, .null?: break
        case .string(let name)?: record.definition.name = name
        case let other?: throw .invalid("name must be a string, got \(other.kindName)", param: "name")
        }
        if let metadata = members["metadata"] { record.definition.metadata = try JobRequest.metadata(metadata) ?? [:] }
        stores.evals.update(record)
        return record.object
    }

    /// Deletes an eval and its runs (`DELETE /v1/evals/{eval_id}`).
    public func deleteEval(id: String, as caller: Caller) async throws(ProviderError) -> EvalDeletion {
        await settleJobs(visibleTo: caller)
        guard case .stored = try evalSource(id, as: caller) else { throw Self.jobEvalIsReadOnly(id) }
        stores.evals.removeEval(id)
        return EvalDeletion(object: "eval.deleted", idKey: "eval_id", id: id)
    }

    /// Starts a run (`POST /v1/evals/{eval_id}/runs`).
    ///
    /// Every row is answered (for `completions` and `responses` sources, by
    /// `evalAnswer(model:messages:sampling:as:)`) and graded now, and the results are revealed
    /// along the clock: `queued`, `in_progress` (rows appear as they finish), `completed`. In
    /// instant mode the clock jumps to the run's end.
    ///
    /// - Throws: 404 for an unknown eval; 400 naming the path of the first problem in the body
    ///   (`data_source.source.content[3].item.answer`); nothing is stored then.
    public func createRun(evalID: String, _ body: JSONValue, as caller: Caller) async throws(ProviderError) -> EvalRunObject {
        await settleJobs(visibleTo: caller)
        guard case .stored(let eval) = try evalSource(evalID, as: caller) else { throw Self.jobEvalIsReadOnly(evalID) }
        let request = try EvalStore.runRequest(body, for: eval, fileContent: { (id: String, param: String) throws(ProviderError) -> Data in
            guard let file = stores.files[id], isVisible(ownerKey: file.ownerKey, to: caller) else {
                throw .invalid("\(param): no such file: \(id)", param: param, platformCode: "invalid_file_id")
            }
            guard let data = file.body.data else { throw StoredFile.contentUnavailable(id, param: param) }
            return data
        }, modelAnswers: { configuration.catalogue.model(named: $0) != nil || tunedModel(named: $0, as: caller) != nil })
        let answers = await EvalStore.answers(to: request.source) { model, messages, sampling in
            await evalAnswer(model: model, messages: messages, sampling: sampling, as: caller)
        }
        let grading = engine.isolated(for: stores.account.organizationID(of: caller))
        let run = await EvalStore.run(id: stores.ids.next("evalrun_", length: 32), request: request, eval: eval, answers: answers,
                                      ownerKey: caller.apiKey, createdAt: now, engine: grading)
        stores.evals.add(run)
        if case .instant = clock.mode, run.endsAt > now {
            clock.advance(by: run.endsAt - now, realTime: configuration.realTime())
        }
        return run.object(at: run.createdAt, criteria: eval.definition.criteria.map(\.id))
    }

    /// The one seam through which eval runs ask a model: `model` answers `messages` with the
    /// run's sampling parameters (its `seed` makes the answer reproducible).
    ///
    /// It goes through the chat-completions path, so every model that answers
    /// `POST /v1/chat/completions` answers eval runs; a model that cannot answer gives the
    /// platform-shaped error the row's sample carries (the run still completes). It is `async` so
    /// that an answering path that suspends (a base model's responder) plugs in here alone.
    func evalAnswer(model: String, messages: [(role: String, content: String)], sampling: RunDataSource.Sampling,
                    as caller: Caller) async -> Result<EvalModelAnswer, ProviderError> {
        let body: JSONValue = [
            "model": .string(model), "seed": .number(Double(sampling.seed)),
            "messages": .array(messages.map { ["role": .string($0.role), "content": .string($0.content)] }),
        ]
        do {
            let completion = try await chatCompletion(body, as: caller)
            let text = completion["choices"]?.arrayValue?.first?["message"]?["content"]?.stringValue ?? ""
            return .success(EvalModelAnswer(text: text, promptTokens: Int(completion["usage"]?["prompt_tokens"]?.numberValue ?? 0),
                                            completionTokens: Int(completion["usage"]?["completion_tokens"]?.numberValue ?? 0)))
        } catch {
            return .failure(error)
        }
    }

    /// Lists an eval's runs (`GET /v1/evals/{eval_id}/runs`), oldest first unless `ascending` is
    /// false; `status` keeps runs in that status.
    public func listRuns(evalID: String, after: String? = nil, limit: Int? = nil, ascending: Bool = true, status: String? = nil,
                         as caller: Caller) async throws(ProviderError) -> ListPage<EvalRunObject> {
        await settleJobs(visibleTo: caller)
        let (runs, criteria) = try runRecords(evalID: evalID, as: caller)
        let time = now
        var objects = runs.map { $0.object(at: time, criteria: criteria) }
        if !ascending { objects.reverse() }
        objects = Self.following(after, in: objects) { $0.id }
        if let status {
            let allowed = ["queued", "in_progress", "completed", "canceled", "failed"]
            guard allowed.contains(status) else { throw .invalid("Invalid 'status': expected one of \(allowed.joined(separator: ", ")), got '\(status)'.", param: "status") }
            objects = objects.filter { $0.status == status }
        }
        return Self.boundedPage(try Pagination.page(objects, id: \.id, after: nil, limit: limit, defaultLimit: 20))
    }

    /// One run as it is now (`GET /v1/evals/{eval_id}/runs/{run_id}`).
    public func evalRun(evalID: String, runID: String, as caller: Caller) async throws(ProviderError) -> EvalRunObject {
        await settleJobs(visibleTo: caller)
        let (run, criteria) = try runRecord(evalID: evalID, runID: runID, as: caller)
        return run.object(at: now, criteria: criteria)
    }

    /// Cancels a run that has not finished (`POST /v1/evals/{eval_id}/runs/{run_id}`): rows done so
    /// far stay, the rest never come.
    ///
    /// - Throws: 404 for an unknown run; 400 `invalid_run_state` for a finished one.
    public func cancelEvalRun(evalID: String, runID: String, as caller: Caller) async throws(ProviderError) -> EvalRunObject {
        await settleJobs(visibleTo: caller)
        let (run, criteria) = try runRecord(evalID: evalID, runID: runID, as: caller)
        let time = now
        let status = run.status(at: time)
        guard status == "queued" || status == "in_progress", stores.evals.run(runID, of: evalID) != nil else {
            throw .invalid("Run \(runID) is \(status); only a queued or in_progress run can be canceled.", param: "run_id", platformCode: "invalid_run_state")
        }
        stores.evals.cancelRun(runID, at: time)
        return stores.evals.run(runID, of: evalID)!.object(at: time, criteria: criteria)
    }

    /// Deletes a run (`DELETE /v1/evals/{eval_id}/runs/{run_id}`).
    public func deleteEvalRun(evalID: String, runID: String, as caller: Caller) async throws(ProviderError) -> EvalDeletion {
        await settleJobs(visibleTo: caller)
        _ = try runRecord(evalID: evalID, runID: runID, as: caller)
        guard stores.evals.run(runID, of: evalID) != nil else { throw Self.jobEvalIsReadOnly(evalID) }
        stores.evals.removeRun(runID)
        return EvalDeletion(object: "eval.run.deleted", idKey: "run_id", id: runID)
    }

    /// The output items of a run done by now (`GET …/runs/{run_id}/output_items`), in data source
    /// order unless `ascending` is false; `status` (`pass`/`fail`) keeps those.
    public func evalOutputItems(evalID: String, runID: String, after: String? = nil, limit: Int? = nil, ascending: Bool = true,
                                status: String? = nil, as caller: Caller) async throws(ProviderError) -> ListPage<EvalOutputItemObject> {
        await settleJobs(visibleTo: caller)
        let (run, _) = try runRecord(evalID: evalID, runID: runID, as: caller)
        if let status, !["pass", "fail"].contains(status) {
            throw .invalid("Invalid 'status': expected 'pass' or 'fail', got '\(status)'.", param: "status")
        }
        var positions = Array(run.visibleOutputs(at: now).indices)
        if !ascending { positions.reverse() }
        positions = Self.following(after, in: positions) { run.outputs[$0].id }
        if let status { positions = positions.filter { (run.outputs[$0].passed ? "pass" : "fail") == status } }
        let page = try Pagination.page(positions, id: { run.outputs[$0].id }, after: nil, limit: limit, defaultLimit: 20)
        return Self.boundedPage((page.items.map { run.item(at: $0) }[...], page.hasMore))
    }

    /// One output item (`GET …/runs/{run_id}/output_items/{output_item_id}`).
    public func evalOutputItem(evalID: String, runID: String, itemID: String, as caller: Caller) async throws(ProviderError) -> EvalOutputItemObject {
        await settleJobs(visibleTo: caller)
        let (run, _) = try runRecord(evalID: evalID, runID: runID, as: caller)
        guard let position = run.visibleOutputs(at: now).firstIndex(where: { $0.id == itemID }) else {
            throw ProviderError(.notFound, message: "Output item with id '\(itemID)' not found.", param: "output_item_id", platformCode: "not_found")
        }
        return run.item(at: position)
    }

    // MARK: - Lookups

    private enum EvalSource {
        case stored(EvalRecord)
        case job(JobEval)
    }

    private func evalSource(_ id: String, as caller: Caller) throws(ProviderError) -> EvalSource {
        if let record = stores.evals[eval: id], isVisible(ownerKey: record.ownerKey, to: caller) { return .stored(record) }
        if let job = stores.jobs.all.lazy.compactMap(JobEval.init).first(where: { $0.id == id }), isVisible(ownerKey: job.record.ownerKey, to: caller) {
            return .job(job)
        }
        throw ProviderError(.notFound, message: "Eval with id '\(id)' not found.", param: "eval_id", platformCode: "not_found")
    }

    /// The runs of an eval (a job's: one per validation step reached) and its criteria's ids.
    private func runRecords(evalID: String, as caller: Caller) throws(ProviderError) -> ([EvalRunRecord], [String]) {
        switch try evalSource(evalID, as: caller) {
        case .stored(let record):
            return (stores.evals.runs(of: evalID), record.definition.criteria.map(\.id))
        case .job(let job):
            let steps = job.steps(at: now)
            let detail = steps.isEmpty ? nil : stores.jobs.planDetail(of: job.record)
            return (steps.compactMap { job.run(step: $0, detail: detail) }, job.criterion.map { [$0.id] } ?? [])
        }
    }

    private func runRecord(evalID: String, runID: String, as caller: Caller) throws(ProviderError) -> (EvalRunRecord, [String]) {
        let notFound = ProviderError(.notFound, message: "Run with id '\(runID)' not found.", param: "run_id", platformCode: "not_found")
        switch try evalSource(evalID, as: caller) {
        case .stored(let record):
            guard let run = stores.evals.run(runID, of: evalID) else { throw notFound }
            return (run, record.definition.criteria.map(\.id))
        case .job(let job):
            guard let step = job.steps(at: now).first(where: { job.runID(step: $0) == runID }),
                  let run = job.run(step: step, detail: stores.jobs.planDetail(of: job.record)) else { throw notFound }
            return (run, job.criterion.map { [$0.id] } ?? [])
        }
    }

    /// The elements after the one whose id is `after` (all without a cursor, none for an unknown
    /// one), so a status filter applies after the cursor and a cursor on a filtered-out element works.
    private static func following<T>(_ after: String?, in elements: [T], id: (T) -> String) -> [T] {
        guard let after else { return elements }
        guard let position = elements.firstIndex(where: { id($0) == after }) else { return [] }
        return Array(elements[(position + 1)...])
    }

    private static func jobEvalIsReadOnly(_ id: String) -> ProviderError {
        ProviderError(.conflict, message: "Eval \(id) was created by a fine-tuning job; its runs are its validation steps and cannot be changed.",
                      param: "eval_id", platformCode: "eval_read_only")
    }

    private static func boundedPage<T: WireObject & Identified>(_ page: (items: ArraySlice<T>, hasMore: Bool)) -> ListPage<T> {
        ListPage(data: Array(page.items), hasMore: page.hasMore, firstID: page.items.first?.id, lastID: page.items.last?.id, includesBounds: true)
    }
}

/// A wire object with an `id`.
protocol Identified {
    var id: String { get }
}

extension EvalObject: Identified {}
extension EvalRunObject: Identified {}
extension EvalOutputItemObject: Identified {}
