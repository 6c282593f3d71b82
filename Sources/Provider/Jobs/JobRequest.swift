internal import Graders
internal import Simulator
internal import Foundation

/// A `POST /v1/fine_tuning/jobs` body, checked field by field.
///
/// Every refusal is a 400 whose `param` is the JSON path of the field at fault
/// (`method.reinforcement.hyperparameters.batch_size`) and whose message says what is allowed.
/// Unknown top-level keys and unknown hyperparameters are accepted and ignored, as the platform
/// does (the cookbook's recorded run sent `test_file` and a misspelled hyperparameter); with
/// `strict` (``OrganizationSettings/strictRequests``) they are refused ("Unrecognized request
/// argument supplied: …"). The ignored keys are kept in ``ignoredKeys``. The deprecated top-level
/// `hyperparameters` is honoured for supervised jobs only when no `method` is given.
struct JobRequest: Sendable {
    var model: String
    var trainingFile: String
    var validationFile: String?
    var method: FineTuningMethod
    /// The `method` object as sent (type, hyperparameters, grader, response_format).
    var methodJSON: JSONValue
    var hyperparameters: PlatformHyperparameters
    /// `beta` of a DPO job, if explicit.
    var beta: Double?
    var grader: Grader?
    var responseFormat: JSONValue?
    var suffix: String?
    var seed: Int?
    var metadata: [String: String]?
    var integrations: JSONValue
    /// Keys accepted and ignored in lenient mode (`test_file`, `method.reinforcement.hyperparameters.n_epoch`).
    var ignoredKeys: [String] = []

    static let topLevelKeys: Set<String> = [
        "model", "training_file", "validation_file", "method", "hyperparameters", "suffix", "seed", "metadata", "integrations",
    ]

    /// Parses and checks a request body.
    ///
    /// - Parameters:
    ///   - body: The JSON body of `POST /v1/fine_tuning/jobs`.
    ///   - strict: Refuse unknown top-level keys and hyperparameters instead of ignoring them.
    /// - Throws: 400 naming the field at fault.
    init(json body: JSONValue, strict: Bool = false) throws(ProviderError) {
        guard case .object(let members) = body else {
            throw .invalid("The request body must be a JSON object, got \(body.kindName).")
        }
        let unknownKeys = members.keys.sorted().filter { !Self.topLevelKeys.contains($0) }
        if strict, let unknown = unknownKeys.first {
            throw .invalid("Unrecognized request argument supplied: \(unknown)", param: unknown)
        }
        ignoredKeys = unknownKeys
        model = try Self.string(members, "model", required: true)!
        trainingFile = try Self.string(members, "training_file", required: true)!
        validationFile = try Self.string(members, "validation_file", required: false)
        suffix = try Self.string(members, "suffix", required: false)
        if let suffix, !(1...64).contains(suffix.count) {
            throw .invalid("suffix must be 1 to 64 characters, got \(suffix.count)", param: "suffix")
        }
        switch members["seed"] {
        case nil, .null?: seed = nil
        case .number(let value)?:
            guard value == value.rounded(), (0...2_147_483_647).contains(value) else {
                throw .invalid("seed must be an integer in 0...2147483647, got \(value)", param: "seed")
            }
            seed = Int(value)
        case let other?: throw .invalid("seed must be an integer, got \(other.kindName)", param: "seed")
        }
        metadata = try Self.metadata(members["metadata"])
        integrations = try Self.integrations(members["integrations"])

        let methodValue = members["method"] ?? .null
        var hyperparametersJSON: JSONValue?
        var methodPath = "method"
        if case .null = methodValue {
            method = .supervised
            hyperparametersJSON = members["hyperparameters"]
            methodPath = "hyperparameters"
        } else {
            guard case .object(let methodMembers) = methodValue else {
                throw .invalid("method must be an object {\"type\": …}, got \(methodValue.kindName)", param: "method")
            }
            guard case .string(let typeName)? = methodMembers["type"] else {
                throw .invalid("method.type is required: one of supervised, dpo, reinforcement", param: "method.type")
            }
            guard let parsed = FineTuningMethod(rawValue: typeName) else {
                throw .invalid("method.type \"\(typeName)\" is not one of supervised, dpo, reinforcement", param: "method.type")
            }
            method = parsed
            if let unknown = methodMembers.keys.sorted().first(where: { !["type", "supervised", "dpo", "reinforcement"].contains($0) }) {
                throw .invalid("Unrecognized argument in method: \(unknown)", param: "method.\(unknown)")
            }
            if let other = methodMembers.keys.sorted().first(where: { $0 != "type" && $0 != typeName && methodMembers[$0] != .null }) {
                throw .invalid("method.\(other) does not belong to a \(typeName) job", param: "method.\(other)")
            }
            methodPath = "method.\(typeName)"
            let inner = methodMembers[typeName] ?? .object([:])
            guard case .object(let innerMembers) = inner else {
                throw .invalid("\(methodPath) must be an object, got \(inner.kindName)", param: methodPath)
            }
            let allowed: Set<String> = parsed == .reinforcement ? ["hyperparameters", "grader", "response_format"] : ["hyperparameters"]
            if let unknown = innerMembers.keys.sorted().first(where: { !allowed.contains($0) }) {
                throw .invalid("Unrecognized argument in \(methodPath): \(unknown); allowed: \(allowed.sorted().joined(separator: ", "))", param: "\(methodPath).\(unknown)")
            }
            hyperparametersJSON = innerMembers["hyperparameters"]
            if parsed == .reinforcement {
                guard let graderJSON = innerMembers["grader"], graderJSON != .null else {
                    throw .invalid("A reinforcement job needs a grader at method.reinforcement.grader.", param: "method.reinforcement.grader")
                }
                do {
                    grader = try Grader(json: graderJSON)
                } catch {
                    let path = error.path.isEmpty ? "\(methodPath).grader" : "\(methodPath).grader.\(error.path)"
                    throw .invalid("\(path): \(error.message)", param: path)
                }
                if case .labelModel? = grader {
                    throw .invalid("A label_model grader can only be used inside a multi grader; use score_model, string_check, text_similarity, python or multi.", param: "\(methodPath).grader.type")
                }
                responseFormat = try Self.responseFormat(innerMembers["response_format"], path: "\(methodPath).response_format")
            }
        }
        methodJSON = methodValue == .null ? ["type": .string(method.rawValue)] : methodValue
        let hyperparametersPath = "\(methodPath).hyperparameters"
        if !strict, case .object(var given)? = hyperparametersJSON {
            let known = PlatformHyperparameters.knownKeys(for: method)
            for key in given.keys.sorted() where !known.contains(key) {
                given[key] = nil
                ignoredKeys.append("\(hyperparametersPath).\(key)")
            }
            hyperparametersJSON = .object(given)
        }
        (hyperparameters, beta) = try PlatformHyperparameters.parsing(hyperparametersJSON, method: method, path: hyperparametersPath)
    }

    private static func string(_ members: [String: JSONValue], _ key: String, required: Bool) throws(ProviderError) -> String? {
        switch members[key] {
        case .string(let text)?:
            guard !text.isEmpty else { throw .invalid("\(key) must not be empty", param: key) }
            return text
        case nil, .null?:
            if required { throw .invalid("Missing required parameter: '\(key)'.", param: key, platformCode: "missing_required_parameter") }
            return nil
        case let other?:
            throw .invalid("\(key) must be a string, got \(other.kindName)", param: key)
        }
    }

    static func metadata(_ value: JSONValue?) throws(ProviderError) -> [String: String]? {
        switch value {
        case nil, .null?: return nil
        case .object(let members)?:
            guard members.count <= 16 else {
                throw .invalid("metadata may have at most 16 pairs, got \(members.count)", param: "metadata")
            }
            var result: [String: String] = [:]
            for (key, entry) in members {
                guard key.count <= 64 else { throw .invalid("metadata keys are at most 64 characters; \"\(key.prefix(20))…\" has \(key.count)", param: "metadata.\(key)") }
                guard case .string(let text) = entry else {
                    throw .invalid("metadata values must be strings; metadata.\(key) is \(entry.kindName)", param: "metadata.\(key)")
                }
                guard text.count <= 512 else { throw .invalid("metadata values are at most 512 characters; metadata.\(key) has \(text.count)", param: "metadata.\(key)") }
                result[key] = text
            }
            return result
        case let other?: throw .invalid("metadata must be an object of strings, got \(other.kindName)", param: "metadata")
        }
    }

    private static func integrations(_ value: JSONValue?) throws(ProviderError) -> JSONValue {
        switch value {
        case nil, .null?: return .array([])
        case .array(let entries)?:
            guard entries.count <= 5 else { throw .invalid("integrations may have at most 5 entries, got \(entries.count)", param: "integrations") }
            for (index, entry) in entries.enumerated() {
                guard entry["type"] == .string("wandb"), case .object? = entry["wandb"], case .string? = entry["wandb"]?["project"] else {
                    throw .invalid("integrations[\(index)] must be {\"type\": \"wandb\", \"wandb\": {\"project\": …}}", param: "integrations[\(index)]")
                }
            }
            return .array(entries)
        case let other?: throw .invalid("integrations must be an array, got \(other.kindName)", param: "integrations")
        }
    }

    /// The RFT `response_format`, checked.
    ///
    /// `json_schema` (the schema nested under `json_schema`, as the guide shows, or flattened, as
    /// Azure does), `json_object` (answers are JSON, no schema) or `text` (no constraint), with the
    /// chat API's meanings. The RFT guide shows only `json_schema`; the other two
    /// are accepted rather than refused (docs/PROVIDER.md, "Leniency").
    private static func responseFormat(_ value: JSONValue?, path: String) throws(ProviderError) -> JSONValue? {
        switch value {
        case nil, .null?: return nil
        case .object(let members)?:
            switch members["type"] {
            case .string("json_schema")?:
                // The guide nests the schema under json_schema; Azure flattens it. Both are accepted.
                let schema = members["json_schema"]?["schema"] ?? members["schema"]
                guard case .object? = schema else {
                    throw .invalid("\(path) needs a JSON schema object at json_schema.schema", param: "\(path).json_schema.schema")
                }
                return .object(members)
            case .string("json_object")?, .string("text")?:
                return .object(members)
            default:
                throw .invalid("\(path).type must be one of \"json_schema\", \"json_object\", \"text\"", param: "\(path).type")
            }
        case let other?: throw .invalid("\(path) must be an object or null, got \(other.kindName)", param: path)
        }
    }

}
