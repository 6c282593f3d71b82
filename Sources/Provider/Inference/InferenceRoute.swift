internal import Graders
internal import Simulator

/// Where the answer to a chat completion or response comes from.
///
/// - A tuned model or checkpoint samples its policy on the job's item closest to the prompt.
/// - A base model whose prompt is an item of a job on that base model (the last user message
///   equal) samples the job's answer space with θ = 0: the policy the job starts from at step 0.
/// - A base model whose prompt is an item of an uploaded fine-tune file samples that file's answer
///   space (built for the base model on first use, then kept).
/// - Any other prompt to a base model goes to the ``PromptResponder``.
enum InferenceRoute {
    /// A tuned model (or checkpoint) answering with θ.
    case tuned(JobRecord, parameters: [Double], item: Int)
    /// A base model on an answer space already built (θ = 0).
    case base(SharedResponseModel, item: Int)
    /// A base model on an uploaded file whose answer space is not built yet.
    case dataset(StoredFile, item: Int, key: DatasetAnswerKey)
    /// No dataset holds the prompt.
    case responder

    /// The route for `request`, or `nil` when the model names nothing that exists.
    ///
    /// - Parameters:
    ///   - request: The request, whose model and prompt decide.
    ///   - baseModel: The catalogue's snapshot id when `request.model` names a base model.
    ///   - tuned: The tuned model `request.model` names, if any.
    ///   - jobs: Every job the caller may see, newest first.
    ///   - files: Every file the caller may see, newest first.
    ///   - inference: The store whose file prompt index and answer spaces are used (and filled).
    /// - Returns: Where the answer comes from; `nil` for an unknown model.
    static func find(_ request: InferenceRequest, baseModel: String?, tuned: (record: JobRecord, parameters: [Double])?,
                     jobs: some Sequence<JobRecord>, files: some Sequence<StoredFile>, inference: inout InferenceStore) -> InferenceRoute? {
        if let tuned, let plan = tuned.record.plan {
            return .tuned(tuned.record, parameters: tuned.parameters, item: PromptMatcher.item(for: request.prompt, in: plan.responses.lines))
        }
        guard let baseModel else { return nil }
        for record in jobs where record.baseModel == baseModel {
            if let plan = record.plan, let item = plan.responses.promptIndex[request.prompt] {
                return .base(plan.responses, item: item)
            }
        }
        for file in files where file.object.purpose == "fine-tune" {
            guard let item = inference.item(matching: request.prompt, inFile: file.object.id, lines: { DatasetAnswers.lines(of: file) }) else { continue }
            let key = DatasetAnswerKey(fileID: file.object.id, baseModel: baseModel)
            if let built = inference.datasetAnswers[key] { return .base(built, item: item) }
            return .dataset(file, item: item, key: key)
        }
        return .responder
    }
}
