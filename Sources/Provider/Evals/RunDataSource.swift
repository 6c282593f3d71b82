internal import Foundation
internal import Graders

/// A checked run `data_source`: `jsonl` (rows given or in a file), or `completions`/`responses`
/// (rows answered by a model through `input_messages` templates and `sampling_params`).
struct RunDataSource: Sendable {
    enum Kind: String, Sendable, CaseIterable {
        case jsonl, completions, responses
    }

    /// One row: the `item` namespace and, for `jsonl` runs, an optional pre-made `sample`.
    struct Row: Sendable {
        var item: JSONValue
        var sample: JSONValue?
    }

    /// How the model's messages are made from a row.
    enum InputMessages: Sendable {
        /// Messages whose text parts are templates over `item` (`{{item.question}}`).
        case template([(role: String, parts: [Template])])
        /// The messages are a list in the item (`item.input_trajectory`).
        case itemReference(TemplateVariable)
    }

    /// What the model is asked with (`sampling_params`); absent values are the platform's defaults.
    struct Sampling: Sendable {
        var seed = 42
        var temperature = 1.0
        var topP = 1.0
        var maxCompletionTokens = 2048
        /// Whether a `response_format`/`text.format` asks for JSON (graders then flag non-JSON answers).
        var requiresJSON = false
    }

    var kind: Kind
    /// The data source as the run object shows it (the request's JSON).
    var json: JSONValue
    var rows: [Row]
    var inputMessages: InputMessages?
    var model: String?
    var sampling = Sampling()

    /// Where rows come from when the source is a file: `(file id, path) → its bytes`.
    typealias FileReader = (String, String) throws(ProviderError) -> Data

    static let keys: [Kind: [String]] = [
        .jsonl: ["type", "source"],
        .completions: ["type", "source", "input_messages", "model", "sampling_params"],
        .responses: ["type", "source", "input_messages", "model", "sampling_params"],
    ]
    static let samplingKeys = ["seed", "temperature", "top_p", "max_completion_tokens", "max_completions_tokens", "response_format", "text",
                               "tools", "reasoning_effort"]
    static let roles = ["user", "assistant", "system", "developer"]

    /// Reads and checks `data_source` (at `path`, `data_source`), loading a `file_id` source with `readFile`.
    ///
    /// - Throws: 400 naming the JSON path of the first problem.
    init(json: JSONValue, path: String = "data_source", readFile: FileReader) throws(ProviderError) {
        guard case .object(let members) = json else { throw .invalid("\(path) must be an object, got \(json.kindName)", param: path) }
        guard let type = members["type"]?.stringValue, let kind = Kind(rawValue: type) else {
            throw .invalid("\(path).type must be one of 'jsonl', 'completions', 'responses', got \(members["type"]?.jsonText ?? "nothing")", param: "\(path).type")
        }
        self.kind = kind
        self.json = json
        if let unknown = members.keys.sorted().first(where: { !Self.keys[kind]!.contains($0) }) {
            throw .invalid("Unrecognized argument: \(path).\(unknown)", param: "\(path).\(unknown)")
        }
        rows = try Self.rows(members["source"], path: "\(path).source", kind: kind, readFile: readFile)
        guard kind != .jsonl else { return }
        guard case .string(let model)? = members["model"], !model.isEmpty else {
            throw .invalid("\(path).model is required for a \(type) data source: the model that answers each row.", param: "\(path).model",
                           platformCode: members["model"] == nil ? "missing_required_parameter" : nil)
        }
        self.model = model
        inputMessages = try Self.inputMessages(members["input_messages"], path: "\(path).input_messages")
        sampling = try Self.sampling(members["sampling_params"], path: "\(path).sampling_params")
    }

    private static func rows(_ source: JSONValue?, path: String, kind: Kind, readFile: FileReader) throws(ProviderError) -> [Row] {
        guard let source, case .object(let members) = source else {
            throw .invalid("\(path) must be an object ({\"type\": \"file_content\", \"content\": [...]} or {\"type\": \"file_id\", \"id\": ...}), got \(source?.kindName ?? "nothing")",
                           param: path, platformCode: source == nil ? "missing_required_parameter" : nil)
        }
        switch members["type"]?.stringValue {
        case "file_content":
            guard case .array(let content)? = members["content"] else {
                throw .invalid("\(path).content must be an array of {\"item\": {...}} rows", param: "\(path).content")
            }
            var rows: [Row] = []
            rows.reserveCapacity(content.count)
            for (index, element) in content.enumerated() {
                rows.append(try row(element, path: "\(path).content[\(index)]", wrapped: true))
            }
            return rows
        case "file_id":
            guard case .string(let id)? = members["id"] else { throw .invalid("\(path).id must be a file id", param: "\(path).id") }
            let data = try readFile(id, "\(path).id")
            var rows: [Row] = []
            var number = 0
            for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                number += 1
                guard line.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\t") }) else { continue }
                guard let value = try? JSONValue(parsing: Data(line)) else {
                    throw .invalid("\(path): line \(number) of file \(id) is not valid JSON.", param: path, platformCode: "invalid_file_format")
                }
                rows.append(try row(value, path: "\(path) (file \(id), line \(number))", wrapped: false, param: path))
            }
            guard !rows.isEmpty else { throw .invalid("\(path): file \(id) has no rows.", param: path) }
            return rows
        case "stored_completions", "responses":
            throw .invalid("\(path).type \(members["type"]!.jsonText): rftsim stores no completions or responses to select from; give the rows as file_content or file_id.",
                           param: "\(path).type", platformCode: "unsupported_parameter")
        default:
            throw .invalid("\(path).type must be 'file_content' or 'file_id'\(kind == .jsonl ? "" : " (rftsim stores no completions)"), got \(members["type"]?.jsonText ?? "nothing")",
                           param: "\(path).type")
        }
    }

    /// A row: `{"item": {...}, "sample": {...}}`; a file line without `item` is the item itself.
    private static func row(_ value: JSONValue, path: String, wrapped: Bool, param: String? = nil) throws(ProviderError) -> Row {
        guard case .object(let members) = value else {
            throw .invalid("\(path) must be an object, got \(value.kindName)", param: param ?? path)
        }
        if case .object? = members["item"], members.keys.allSatisfy({ $0 == "item" || $0 == "sample" }) {
            let sample = members["sample"]
            if let sample, sample != .null, !(sample.stringValue != nil || sample["output_text"] != nil || sample["choices"] != nil) {
                throw .invalid("\(path).sample must have output_text (or choices), got \(sample.jsonText.prefix(80))", param: param ?? "\(path).sample")
            }
            return Row(item: members["item"]!, sample: sample == .null ? nil : sample)
        }
        guard !wrapped else { throw .invalid("\(path).item must be an object: each row is {\"item\": {...}}", param: param ?? "\(path).item") }
        return Row(item: value, sample: nil)
    }

    private static func inputMessages(_ json: JSONValue?, path: String) throws(ProviderError) -> InputMessages {
        guard let json, case .object(let members) = json else {
            throw .invalid("\(path) is required: a template ({\"type\": \"template\", \"template\": [messages]}) or an item_reference.",
                           param: path, platformCode: json == nil ? "missing_required_parameter" : nil)
        }
        switch members["type"]?.stringValue {
        case "template":
            guard case .array(let messages)? = members["template"], !messages.isEmpty else {
                throw .invalid("\(path).template must be a non-empty array of messages", param: "\(path).template")
            }
            var result: [(role: String, parts: [Template])] = []
            for (index, message) in messages.enumerated() {
                let at = "\(path).template[\(index)]"
                guard case .object(let fields) = message else { throw .invalid("\(at) must be a message object, got \(message.kindName)", param: at) }
                guard let role = fields["role"]?.stringValue, roles.contains(role) else {
                    throw .invalid("\(at).role must be one of \(roles.joined(separator: ", ")), got \(fields["role"]?.jsonText ?? "nothing")", param: "\(at).role")
                }
                guard let content = fields["content"] else { throw .invalid("\(at).content is required", param: "\(at).content", platformCode: "missing_required_parameter") }
                result.append((role, try templates(in: content, path: "\(at).content")))
            }
            return .template(result)
        case "item_reference":
            guard let reference = members["item_reference"]?.stringValue,
                  let template = try? Template("{{\(reference)}}"), let variable = template.variables.first, variable.namespace == .item else {
                throw .invalid("\(path).item_reference must name a list of messages in the item, like \"item.input_trajectory\"", param: "\(path).item_reference")
            }
            return .itemReference(variable)
        default:
            throw .invalid("\(path).type must be 'template' or 'item_reference', got \(members["type"]?.jsonText ?? "nothing")", param: "\(path).type")
        }
    }

    /// The text parts of a message's content, each parsed as a template.
    private static func templates(in content: JSONValue, path: String) throws(ProviderError) -> [Template] {
        func parse(_ text: String, _ at: String) throws(ProviderError) -> Template {
            do {
                return try Template(text)
            } catch {
                throw .invalid("\(at): \(error.message)", param: at)
            }
        }
        switch content {
        case .string(let text): return [try parse(text, path)]
        case .object(let part):
            switch part["type"]?.stringValue {
            case "input_text", "output_text":
                guard let text = part["text"]?.stringValue else { throw .invalid("\(path).text must be a string", param: "\(path).text") }
                return [try parse(text, "\(path).text")]
            case "input_image", "input_audio": return []
            default: throw .invalid("\(path).type must be input_text, output_text, input_image or input_audio, got \(part["type"]?.jsonText ?? "nothing")", param: "\(path).type")
            }
        case .array(let parts):
            var templates: [Template] = []
            for (index, part) in parts.enumerated() {
                guard case .object = part else { throw .invalid("\(path)[\(index)] must be a content part object", param: "\(path)[\(index)]") }
                templates += try self.templates(in: part, path: "\(path)[\(index)]")
            }
            return templates
        default:
            throw .invalid("\(path) must be a string, a content part or an array of parts, got \(content.kindName)", param: path)
        }
    }

    private static func sampling(_ json: JSONValue?, path: String) throws(ProviderError) -> Sampling {
        var sampling = Sampling()
        guard let json, json != .null else { return sampling }
        guard case .object(let members) = json else { throw .invalid("\(path) must be an object, got \(json.kindName)", param: path) }
        if let unknown = members.keys.sorted().first(where: { !samplingKeys.contains($0) }) {
            throw .invalid("Unrecognized argument: \(path).\(unknown)", param: "\(path).\(unknown)")
        }
        func number(_ key: String, _ range: ClosedRange<Double>) throws(ProviderError) -> Double? {
            switch members[key] {
            case nil, .null?: return nil
            case .number(let value)? where range.contains(value): return value
            case let other?: throw .invalid("\(path).\(key) must be a number in \(range.lowerBound)...\(range.upperBound), got \(other.jsonText)", param: "\(path).\(key)")
            }
        }
        func integer(_ key: String, _ range: ClosedRange<Double>) throws(ProviderError) -> Int? {
            guard let value = try number(key, range) else { return nil }
            guard value == value.rounded() else { throw .invalid("\(path).\(key) must be an integer, got \(value)", param: "\(path).\(key)") }
            return Int(value)
        }
        if let seed = try integer("seed", -9e15...9e15) { sampling.seed = seed }
        if let temperature = try number("temperature", 0...2) { sampling.temperature = temperature }
        if let topP = try number("top_p", 0...1) { sampling.topP = topP }
        // The spec spells it max_completion_tokens; its own examples (and score_model) max_completions_tokens.
        if let tokens = try integer("max_completion_tokens", 1...1e9) { sampling.maxCompletionTokens = tokens }
        if let tokens = try integer("max_completions_tokens", 1...1e9) { sampling.maxCompletionTokens = tokens }
        let format = members["response_format"]?["type"]?.stringValue ?? members["text"]?["format"]?["type"]?.stringValue
        sampling.requiresJSON = format == "json_schema" || format == "json_object"
        return sampling
    }

    /// The model's messages for `row`, rendered (`{{item.x}}` filled in).
    ///
    /// - Returns: `(role, content)` pairs, or the template error that makes the row unanswerable.
    func messages(for row: Row) -> Result<[(role: String, content: String)], TemplateError> {
        switch inputMessages {
        case nil: return .success([])
        case .template(let messages):
            let context = TemplateContext(item: row.item, sample: Sample(outputText: ""))
            var rendered: [(role: String, content: String)] = []
            for message in messages {
                var texts: [String] = []
                for part in message.parts {
                    do {
                        texts.append(try part.render(context))
                    } catch {
                        return .failure(error)
                    }
                }
                rendered.append((message.role, texts.joined(separator: "\n")))
            }
            return .success(rendered)
        case .itemReference(let variable):
            guard case .array(let list)? = row.item.value(at: variable.path) else {
                return .failure(TemplateError(template: "{{\(variable.text)}}", message: "{{\(variable.text)}} is not a list of messages in this item", variable: variable.text))
            }
            return .success(list.map { message in
                (message["role"]?.stringValue ?? "user", InferenceRequest.text(of: message["content"]))
            })
        }
    }
}
