internal import Foundation
internal import Graders

/// Creating a run (`POST /v1/evals/{eval_id}/runs`): the request checked against its eval, every
/// row answered and graded, and the run's record scheduled on the clock.
///
/// `Provider.createRun` only forwards: it supplies the lookups that need the provider's state (a
/// visible file's bytes, whether a model answers, a model's answer) and stores the record.
extension EvalStore {
    /// A run request that passed every check: nothing is stored before this exists.
    struct RunRequest: Sendable {
        /// The run's data source.
        var source: RunDataSource
        /// The run's name (the model's, or `"<kind> run"`, when the body has none).
        var name: String
        /// Up to 16 string pairs.
        var metadata: [String: String]
    }

    /// Checks a run's body against its eval.
    ///
    /// - Parameters:
    ///   - body: The request body: `data_source`, optional `name` and `metadata`.
    ///   - eval: The eval the run is for (its item schema and criteria).
    ///   - fileContent: The bytes of a file the caller may read (`id`, the parameter naming it), or
    ///     a 400 `invalid_file_id`.
    ///   - modelAnswers: Whether a model name answers for the caller (catalogue or tuned).
    /// - Returns: The checked request: data source, name and metadata.
    /// - Throws: 400 naming the path of the first problem (`data_source.source.content[3].item.answer`).
    static func runRequest(_ body: JSONValue, for eval: EvalRecord,
                           fileContent: RunDataSource.FileReader,
                           modelAnswers: (String) -> Bool) throws(ProviderError) -> RunRequest {
        guard case .object(let members) = body else { throw .invalid("The request body must be a JSON object, got \(body.kindName).") }
        if let unknown = members.keys.sorted().first(where: { !["name", "metadata", "data_source"].contains($0) }) {
            throw .invalid("Unrecognized request argument supplied: \(unknown)", param: unknown)
        }
        guard let sourceJSON = members["data_source"], sourceJSON != .null else {
            throw .invalid("Missing required parameter: 'data_source'.", param: "data_source", platformCode: "missing_required_parameter")
        }
        let source = try RunDataSource(json: sourceJSON, readFile: fileContent)
        try checkRows(of: source, against: eval.definition)
        try checkTemplates(of: source, against: eval.definition)
        if let model = source.model, !modelAnswers(model) {
            throw ProviderError(.invalidRequest, message: "The model `\(model)` does not exist or you do not have access to it.",
                                param: "data_source.model", platformCode: "model_not_found")
        }
        let name: String
        switch members["name"] {
        case nil, .null?: name = source.model ?? "\(source.kind.rawValue) run"
        case .string(let text)?: name = text
        case let other?: throw .invalid("name must be a string, got \(other.kindName)", param: "name")
        }
        return RunRequest(source: source, name: name, metadata: try JobRequest.metadata(members["metadata"]) ?? [:])
    }

    /// Every row's item against the eval's `item_schema`.
    private static func checkRows(of source: RunDataSource, against definition: EvalDefinition) throws(ProviderError) {
        guard let schema = definition.itemSchema else { return }
        let isFile = source.json["source"]?["type"]?.stringValue == "file_id"
        for (index, row) in source.rows.enumerated() {
            if let problem = JSONSchemaCheck.problem(in: row.item, schema: schema, path: "data_source.source.content[\(index)].item") {
                throw .invalid(isFile ? "data_source.source: row \(index + 1) of the file: \(problem.message)" : problem.message,
                               param: isFile ? "data_source.source" : problem.path)
            }
        }
    }

    /// The input template's `{{item.…}}` reads against the item schema's properties (when it is closed).
    private static func checkTemplates(of source: RunDataSource, against definition: EvalDefinition) throws(ProviderError) {
        guard case .object(let properties)? = definition.itemSchema?["properties"], definition.itemSchema?["additionalProperties"] != .bool(true),
              case .template(let messages)? = source.inputMessages else { return }
        for (index, message) in messages.enumerated() {
            for variable in message.parts.flatMap(\.variables) where variable.namespace == .item {
                guard case .key(let first)? = variable.path.first, properties[first] == nil else { continue }
                throw .invalid("data_source.input_messages.template[\(index)].content: {{\(variable.text)}} reads '\(first)', which the eval's item_schema does not define (it has \(properties.keys.sorted().joined(separator: ", "))).",
                               param: "data_source.input_messages.template[\(index)].content")
            }
        }
    }

    /// Each row's answer: the row's own sample (`jsonl`), or the run's model's answer to the row's
    /// messages through `answer` (`completions`, `responses`); a row whose template cannot be
    /// filled, or whose model fails, carries the error instead.
    static func answers(
        to source: RunDataSource, isolation: isolated (any Actor)? = #isolation,
        answer: (_ model: String, _ messages: [(role: String, content: String)], RunDataSource.Sampling) async -> Result<EvalModelAnswer, ProviderError>
    ) async -> [EvalGrading.RowAnswer] {
        var answers: [EvalGrading.RowAnswer] = []
        answers.reserveCapacity(source.rows.count)
        for row in source.rows {
            guard let model = source.model else {
                answers.append(.given(EvalGrading.sampleText(row.sample)))
                continue
            }
            switch source.messages(for: row) {
            case .failure(let error):
                answers.append(.failed(EvalErrorObject(code: "invalid_variable", message: error.message), input: []))
            case .success(let messages):
                switch await answer(model, messages, source.sampling) {
                case .success(let answered): answers.append(.answered(answered, input: messages))
                case .failure(let error):
                    answers.append(.failed(EvalErrorObject(code: error.platformCode ?? "model_error", message: error.message), input: messages))
                }
            }
        }
        return answers
    }

    /// The run's record: its rows graded by the eval's criteria and scheduled from `createdAt`
    /// (queued for ``EvalRunRecord/queueSeconds``, then one row after another).
    static func run(id: String, request: RunRequest, eval: EvalRecord, answers: [EvalGrading.RowAnswer], ownerKey: String,
                    createdAt: Double, engine: GraderEngine) async -> EvalRunRecord {
        let source = request.source
        let outputs = await EvalGrading.grade(rows: source.rows, answers: answers, criteria: eval.definition.criteria, model: source.model ?? "",
                                              sampling: source.sampling, runID: id, engine: engine)
        let start = createdAt + EvalRunRecord.queueSeconds
        return EvalRunRecord(id: id, evalID: eval.id, ownerKey: ownerKey, createdAt: createdAt, name: request.name, model: source.model ?? "",
                             dataSource: source.json, metadata: request.metadata, outputs: outputs, startsAt: start,
                             rowEnds: EvalRunRecord.schedule(outputs, startingAt: start), canceledAt: nil)
    }
}
