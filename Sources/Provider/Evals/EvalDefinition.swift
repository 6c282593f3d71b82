internal import Graders

/// A checked `POST /v1/evals` body: name, metadata, data source config and testing criteria.
///
/// Everything is checked before anything is stored; the first problem is a 400 whose `param` is
/// its JSON path (`testing_criteria[1].reference`, `data_source_config.item_schema`).
struct EvalDefinition: Sendable {
    var name: String
    var metadata: [String: String]
    /// The config as the eval object shows it (`{"type", "schema", …}`).
    var dataSourceConfig: JSONValue
    /// The item schema of a `custom` config (checked against run rows), else `nil`.
    var itemSchema: JSONValue?
    var criteria: [TestingCriterion]

    static let keys = ["name", "metadata", "data_source_config", "testing_criteria"]

    /// The `sample` namespace's schema, shown in a custom config with `include_sample_schema`.
    static let sampleSchema: JSONValue = [
        "type": "object",
        "properties": [
            "model": ["type": "string"],
            "choices": ["type": "array", "items": [
                "type": "object",
                "properties": [
                    "message": ["type": "object", "properties": ["role": ["type": "string", "enum": ["assistant"]], "content": ["type": ["string", "null"]], "refusal": ["type": ["boolean", "null"]]], "required": ["role"]],
                    "finish_reason": ["type": "string"],
                ],
                "required": ["index", "message", "finish_reason"],
            ]],
            "output_text": ["type": "string"],
            "output_json": ["type": "object"],
            "output_tools": ["type": "array", "items": ["type": "object"]],
        ],
        "required": ["model", "choices"],
    ]

}

extension EvalDefinition {
    /// Reads and checks a create body (the criteria's ids are set by `assignCriterionIDs(evalID:)`).
    ///
    /// - Throws: 400 naming the path of the first problem.
    /// - Parameters:
    ///   - body: the request body.
    ///   - isKnownModel: whether a model grader's `model` is one the provider knows (its catalogue).
    init(json body: JSONValue, isKnownModel: (String) -> Bool) async throws(ProviderError) {
        guard case .object(let members) = body else { throw .invalid("The request body must be a JSON object, got \(body.kindName).") }
        if let unknown = members.keys.sorted().first(where: { !Self.keys.contains($0) }) {
            throw .invalid("Unrecognized request argument supplied: \(unknown)", param: unknown)
        }
        switch members["name"] {
        case nil, .null?: name = ""
        case .string(let text)?: name = text
        case let other?: throw .invalid("name must be a string, got \(other.kindName)", param: "name")
        }
        metadata = try JobRequest.metadata(members["metadata"]) ?? [:]
        guard let config = members["data_source_config"], config != .null else {
            throw .invalid("Missing required parameter: 'data_source_config'.", param: "data_source_config", platformCode: "missing_required_parameter")
        }
        let checked = try Self.config(config)
        dataSourceConfig = checked.shown
        itemSchema = checked.itemSchema
        guard let criteriaJSON = members["testing_criteria"], criteriaJSON != .null else {
            throw .invalid("Missing required parameter: 'testing_criteria'.", param: "testing_criteria", platformCode: "missing_required_parameter")
        }
        guard case .array(let elements) = criteriaJSON else {
            throw .invalid("testing_criteria must be an array of graders, got \(criteriaJSON.kindName)", param: "testing_criteria")
        }
        var criteria: [TestingCriterion] = []
        for (index, element) in elements.enumerated() {
            criteria.append(try await Self.criterion(element, path: "testing_criteria[\(index)]", salt: "\(index)", itemSchema: itemSchema,
                                             isKnownModel: isKnownModel))
        }
        self.criteria = criteria
    }

    /// Gives each criterion its id, derived from the eval's id and the criterion's position.
    mutating func assignCriterionIDs(evalID: String) {
        for index in criteria.indices {
            let grader = criteria[index].grader
            let id = TestingCriterion.id(name: grader.name.isEmpty ? grader.kind.rawValue : grader.name, salt: "\(evalID)#\(index)")
            criteria[index].id = id
            if case .object(var fields) = criteria[index].json {
                fields["id"] = .string(id)
                criteria[index].json = .object(fields)
            }
        }
    }

    /// The config as shown, and the item schema of a custom one.
    private static func config(_ json: JSONValue) throws(ProviderError) -> (shown: JSONValue, itemSchema: JSONValue?) {
        let path = "data_source_config"
        guard case .object(let members) = json else { throw .invalid("\(path) must be an object, got \(json.kindName)", param: path) }
        let type = members["type"]?.stringValue
        switch type {
        case "custom":
            if let unknown = members.keys.sorted().first(where: { !["type", "item_schema", "include_sample_schema"].contains($0) }) {
                throw .invalid("Unrecognized argument: \(path).\(unknown)", param: "\(path).\(unknown)")
            }
            guard let schema = members["item_schema"], case .object = schema else {
                throw .invalid("\(path).item_schema must be a JSON schema object, got \(members["item_schema"]?.kindName ?? "nothing")",
                               param: "\(path).item_schema", platformCode: members["item_schema"] == nil ? "missing_required_parameter" : nil)
            }
            if let problem = JSONSchemaCheck.problemInSchema(schema, path: "\(path).item_schema") {
                throw .invalid(problem.message, param: problem.path)
            }
            var includeSample = false
            switch members["include_sample_schema"] {
            case nil, .null?: break
            case .bool(let flag)?: includeSample = flag
            case let other?: throw .invalid("\(path).include_sample_schema must be true or false, got \(other.kindName)", param: "\(path).include_sample_schema")
            }
            var properties: [String: JSONValue] = ["item": schema]
            var required: [JSONValue] = ["item"]
            if includeSample {
                properties["sample"] = sampleSchema
                required.append("sample")
            }
            return (["type": "custom", "schema": ["type": "object", "properties": .object(properties), "required": .array(required)]], schema)
        case "logs", "stored_completions":
            if let unknown = members.keys.sorted().first(where: { !["type", "metadata"].contains($0) }) {
                throw .invalid("Unrecognized argument: \(path).\(unknown)", param: "\(path).\(unknown)")
            }
            var shown: [String: JSONValue] = [
                "type": .string(type!),
                "schema": ["type": "object", "properties": ["item": ["type": "object"], "sample": ["type": "object"]], "required": ["item", "sample"]],
            ]
            switch members["metadata"] {
            case nil, .null?: shown["metadata"] = .object([:])
            case .object(let filters)?: shown["metadata"] = .object(filters)
            case let other?: throw .invalid("\(path).metadata must be an object, got \(other.kindName)", param: "\(path).metadata")
            }
            return (.object(shown), nil)
        default:
            throw .invalid("\(path).type must be one of 'custom', 'logs', 'stored_completions', got \(members["type"]?.jsonText ?? "nothing")",
                           param: "\(path).type")
        }
    }

    /// One criterion: the grader (decoded and validated by `Graders`), its pass threshold, and the
    /// `{{item.…}}` reads checked against the item schema's properties.
    private static func criterion(_ json: JSONValue, path: String, salt: String, itemSchema: JSONValue?,
                                  isKnownModel: (String) -> Bool) async throws(ProviderError) -> TestingCriterion {
        guard case .object(var members) = json else { throw .invalid("\(path) must be a grader object, got \(json.kindName)", param: path) }
        guard let type = members["type"]?.stringValue, TestingCriterion.types.contains(type) else {
            throw .invalid("\(path).type must be one of \(TestingCriterion.types.map { "'\($0)'" }.joined(separator: ", ")), got \(members["type"]?.jsonText ?? "nothing")",
                           param: "\(path).type")
        }
        var threshold: Double?
        switch members["pass_threshold"] {
        case nil, .null?:
            if type == "text_similarity" {
                throw .invalid("Missing required parameter: '\(path).pass_threshold'.", param: "\(path).pass_threshold", platformCode: "missing_required_parameter")
            }
        case .number(let value)? where value.isFinite:
            guard !["label_model", "string_check"].contains(type) else {
                throw .invalid("\(path).pass_threshold is not allowed for a \(type) criterion (it passes on \(type == "label_model" ? "passing_labels" : "a match")).", param: "\(path).pass_threshold")
            }
            threshold = value
        case let other?: throw .invalid("\(path).pass_threshold must be a number, got \(other.kindName)", param: "\(path).pass_threshold")
        }
        // The grader definitions keep pass_threshold where the platform's grader schema has it.
        if !["text_similarity", "score_model"].contains(type) { members["pass_threshold"] = nil }
        if type == "label_model", members["sampling_params"] == .null { members["sampling_params"] = nil }
        let grader: Grader
        do {
            grader = try Grader(json: .object(members), path: path)
        } catch {
            throw .invalid("\(error.path): \(error.message)", param: error.path.isEmpty ? path : error.path)
        }
        // An eval takes label_model at the top level, and its model graders may name any model
        // the platform serves (aliases like gpt-4o-mini included), not only the RFT grader snapshots.
        let problems = await GraderValidator.validate(grader).filter { problem in
            if case .labelModel = grader, problem.path == "type" { return false }
            if problem.path == "model" || problem.path.hasSuffix(".model") { return !isKnownModel(modelName(of: grader, at: problem.path)) }
            return true
        }
        if let problem = problems.first {
            let param = problem.path.isEmpty ? path : "\(path).\(problem.path)"
            throw .invalid("\(param): \(problem.message)", param: param)
        }
        if let itemSchema { try checkItemReads(of: grader, path: path, against: itemSchema) }
        var shown = json
        let id = TestingCriterion.id(name: grader.name.isEmpty ? type : grader.name, salt: salt)
        if case .object(var fields) = shown {
            fields["id"] = .string(id)
            shown = .object(fields)
        }
        return TestingCriterion(id: id, grader: grader, passThreshold: threshold, json: shown)
    }

    /// The `model` of the (sub-)grader at a validator problem's path (`model`, `graders.judge.model`).
    private static func modelName(of grader: Grader, at path: String) -> String {
        var current = grader
        var components = path.split(separator: ".").dropLast()
        while components.count >= 2, components.first == "graders", case .multi(let multi) = current, let sub = multi.graders[String(components.dropFirst().first!)] {
            current = sub
            components = components.dropFirst(2)
        }
        switch current {
        case .scoreModel(let model): return model.model
        case .labelModel(let model): return model.model
        default: return ""
        }
    }

    /// Refuses a `{{item.x}}` whose `x` the item schema does not list (when it lists properties
    /// and does not allow others): the misspelt field that would otherwise fail every sample.
    private static func checkItemReads(of grader: Grader, path: String, against schema: JSONValue) throws(ProviderError) {
        guard case .object(let properties)? = schema["properties"], schema["additionalProperties"] != .bool(true) else { return }
        var reads: [(field: String, source: String)] = []
        switch grader {
        case .stringCheck(let check): reads = [("input", check.input), ("reference", check.reference)]
        case .textSimilarity(let similarity): reads = [("input", similarity.input), ("reference", similarity.reference)]
        case .scoreModel(let model): reads = model.input.enumerated().flatMap { index, message in message.textParts.map { ("input[\(index)].content", $0) } }
        case .labelModel(let model): reads = model.input.enumerated().flatMap { index, message in message.textParts.map { ("input[\(index)].content", $0) } }
        case .python, .multi: return
        }
        for (field, source) in reads where source.contains("{{") {
            guard let template = try? Template(source) else { continue }
            for variable in template.variables where variable.namespace == .item {
                guard case .key(let first)? = variable.path.first, properties[first] == nil else { continue }
                throw .invalid("\(path).\(field): {{\(variable.text)}} reads '\(first)', which the data source's item_schema does not define (it has \(properties.keys.sorted().joined(separator: ", "))).",
                               param: "\(path).\(field)")
            }
        }
    }
}
