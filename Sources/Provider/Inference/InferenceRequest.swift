internal import Graders

/// What the provider reads from a chat-completions or responses request.
///
/// Both APIs are read into one shape: the messages as text, the prompt the answer is matched on,
/// the structured-output format, the tools offered and how the answer is delivered (whole or
/// streamed). Fields the simulation does not use (temperature, max tokens, …) are accepted and
/// ignored, as a model would honour them without changing what rftsim can say.
struct InferenceRequest: Sendable {
    /// Which API the request came through.
    enum API: Sendable { case chatCompletions, responses }

    /// One function the caller offers (`tools[].function` in chat, `tools[]` in responses).
    struct Tool: Sendable, Hashable {
        var name: String
        /// The JSON schema of the arguments, when given.
        var parameters: JSONValue?
    }

    /// What `tool_choice` allows.
    enum ToolChoice: Sendable, Hashable {
        case none, auto, required
        /// One named function must be called.
        case function(String)
    }

    var api: API
    var model: String
    /// The conversation as text (system/developer instructions included), in order.
    var messages: [JudgeRequest.Message]
    /// The text the answer is matched on: the last user message.
    var prompt: String
    /// Choices to sample (`n`, 1…8; responses: 1).
    var count: Int
    var seed: Int?
    /// `stream: true`.
    var stream: Bool
    /// Chat's `stream_options.include_usage`: a last chunk with the usage.
    var streamUsage: Bool
    /// `response_format` (chat) or `text.format` (responses) as a chat `response_format` object.
    var responseFormat: JSONValue?
    var tools: [Tool]
    var toolChoice: ToolChoice
    var parallelToolCalls: Bool
    /// The responses API's `metadata` (echoed), `instructions` and `tool_choice` as sent.
    var metadata: JSONValue
    var instructions: JSONValue
    var toolChoiceJSON: JSONValue
    var toolsJSON: JSONValue

    /// Reads a `POST /v1/chat/completions` body.
    init(chat body: JSONValue) throws(ProviderError) {
        guard case .object(let members) = body else { throw .invalid("The request body must be a JSON object, got \(body.kindName).") }
        api = .chatCompletions
        model = try Self.model(members)
        guard case .array(let list)? = members["messages"], !list.isEmpty else {
            throw .invalid("messages must be a non-empty array of {role, content}.", param: "messages", platformCode: members["messages"] == nil ? "missing_required_parameter" : nil)
        }
        messages = try Self.messages(list, path: "messages")
        prompt = Self.lastUserText(list)
        switch members["n"] {
        case nil, .null?: count = 1
        case .number(let n)? where n == n.rounded() && (1...8).contains(n): count = Int(n)
        case let other?: throw .invalid("n must be an integer in 1...8, got \(other.jsonText)", param: "n")
        }
        stream = try Self.flag(members, "stream") ?? false
        streamUsage = members["stream_options"]?["include_usage"] == .bool(true)
        seed = try Self.seed(members)
        responseFormat = try Self.chatFormat(members["response_format"])
        toolsJSON = members["tools"] ?? .array([])
        tools = try Self.tools(members["tools"], nested: true)
        toolChoiceJSON = members["tool_choice"] ?? .null
        toolChoice = try Self.toolChoice(members["tool_choice"], tools: tools)
        parallelToolCalls = try Self.flag(members, "parallel_tool_calls") ?? true
        metadata = members["metadata"] ?? .null
        instructions = .null
    }

    /// Reads a `POST /v1/responses` body (`input` a string or a list of messages; `instructions`
    /// a system message before it).
    init(responses body: JSONValue) throws(ProviderError) {
        guard case .object(let members) = body else { throw .invalid("The request body must be a JSON object, got \(body.kindName).") }
        api = .responses
        model = try Self.model(members)
        var conversation: [JudgeRequest.Message] = []
        instructions = members["instructions"] ?? .null
        if case .string(let text) = instructions { conversation.append(.init(role: "developer", content: text)) }
        switch members["input"] {
        case .string(let text)?:
            prompt = text
            conversation.append(.init(role: "user", content: text))
        case .array(let items)? where !items.isEmpty:
            // Function-call outputs and other typed items carry no role: only messages are read.
            let messageItems = items.filter { $0["role"] != nil }
            conversation += try Self.messages(messageItems, path: "input")
            prompt = Self.lastUserText(messageItems.isEmpty ? items : messageItems)
        default: throw .invalid("input must be a string or a non-empty array of messages.", param: "input", platformCode: members["input"] == nil ? "missing_required_parameter" : nil)
        }
        messages = conversation
        stream = try Self.flag(members, "stream") ?? false
        streamUsage = false
        count = 1
        seed = nil
        responseFormat = try Self.responsesFormat(members["text"])
        toolsJSON = Self.echoedResponseTools(members["tools"])
        tools = try Self.tools(members["tools"], nested: false)
        toolChoiceJSON = members["tool_choice"] ?? "auto"
        toolChoice = try Self.toolChoice(members["tool_choice"], tools: tools)
        parallelToolCalls = try Self.flag(members, "parallel_tool_calls") ?? true
        switch members["metadata"] {
        case nil, .null?: metadata = .object([:])
        case .object(let pairs)? where pairs.values.allSatisfy({ $0.stringValue != nil }): metadata = .object(pairs)
        case let other?: throw .invalid("metadata must be an object of strings, got \(other.kindName)", param: "metadata")
        }
    }

    private static func model(_ members: [String: JSONValue]) throws(ProviderError) -> String {
        guard case .string(let model)? = members["model"], !model.isEmpty else {
            throw .invalid("model is required: a model of GET /v1/models (a base model, a fine-tuned model or a checkpoint).", param: "model", platformCode: "missing_required_parameter")
        }
        return model
    }

    private static func seed(_ members: [String: JSONValue]) throws(ProviderError) -> Int? {
        switch members["seed"] {
        case nil, .null?: return nil
        case .number(let value)? where value == value.rounded() && abs(value) < 9e15: return Int(value)
        case let other?: throw .invalid("seed must be an integer, got \(other.jsonText)", param: "seed")
        }
    }

    private static func flag(_ members: [String: JSONValue], _ key: String) throws(ProviderError) -> Bool? {
        switch members[key] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        case let other?: throw .invalid("\(key) must be a boolean, got \(other.kindName)", param: key)
        }
    }

    private static func messages(_ list: [JSONValue], path: String) throws(ProviderError) -> [JudgeRequest.Message] {
        var result: [JudgeRequest.Message] = []
        for (index, message) in list.enumerated() {
            guard case .string(let role)? = message["role"] else {
                throw .invalid("\(path)[\(index)].role must be a string (system, developer, user, assistant, tool).", param: "\(path)[\(index)].role")
            }
            result.append(.init(role: role, content: text(of: message["content"])))
        }
        return result
    }

    /// The text of the last user message of `list` (else of its last element).
    static func lastUserText(_ list: [JSONValue]) -> String {
        let user = list.last { $0["role"] == .string("user") } ?? list.last
        return text(of: user?["content"])
    }

    /// `response_format` of a chat request: `text`, `json_object` or `json_schema` (with `json_schema.schema`).
    private static func chatFormat(_ value: JSONValue?) throws(ProviderError) -> JSONValue? {
        switch value {
        case nil, .null?: return nil
        case .object(let members)?:
            switch members["type"]?.stringValue {
            case "text": return nil
            case "json_object": return value
            case "json_schema":
                guard case .object? = members["json_schema"]?["schema"] else {
                    throw .invalid("response_format.json_schema.schema must be a JSON schema object", param: "response_format.json_schema.schema")
                }
                return value
            default:
                throw .invalid("response_format.type must be one of text, json_object, json_schema", param: "response_format.type")
            }
        case let other?: throw .invalid("response_format must be an object, got \(other.kindName)", param: "response_format")
        }
    }

    /// `text.format` of a responses request, as a chat `response_format`.
    private static func responsesFormat(_ text: JSONValue?) throws(ProviderError) -> JSONValue? {
        guard let format = text?["format"], format != .null else { return nil }
        switch format["type"]?.stringValue {
        case "text"?: return nil
        case "json_object"?: return ["type": "json_object"]
        case "json_schema"?:
            guard let schema = format["schema"], case .object = schema else {
                throw .invalid("text.format.schema must be a JSON schema object", param: "text.format.schema")
            }
            return ["type": "json_schema", "json_schema": ["name": format["name"] ?? "response", "schema": schema]]
        default: throw .invalid("text.format.type must be one of text, json_object, json_schema", param: "text.format.type")
        }
    }

    /// The functions offered, from either API's shape.
    ///
    /// Chat nests them (`{"type": "function", "function": {"name", "parameters"}}`), responses does
    /// not (`{"type": "function", "name", "parameters"}`). Built-in tools (web search, …) are skipped.
    private static func tools(_ value: JSONValue?, nested: Bool) throws(ProviderError) -> [Tool] {
        switch value {
        case nil, .null?: return []
        case .array(let entries)?:
            var tools: [Tool] = []
            for (index, entry) in entries.enumerated() where entry["type"] == .string("function") {
                let function = nested ? entry["function"] : entry
                guard case .string(let name)? = function?["name"], !name.isEmpty else {
                    let param = nested ? "tools[\(index)].function.name" : "tools[\(index)].name"
                    throw .invalid("\(param) is required: the function's name", param: param, platformCode: "missing_required_parameter")
                }
                tools.append(Tool(name: name, parameters: function?["parameters"]))
            }
            return tools
        case let other?: throw .invalid("tools must be an array, got \(other.kindName)", param: "tools")
        }
    }

    private static func toolChoice(_ value: JSONValue?, tools: [Tool]) throws(ProviderError) -> ToolChoice {
        switch value {
        case nil, .null?: return tools.isEmpty ? .none : .auto
        case .string("none")?: return .none
        case .string("auto")?: return .auto
        case .string("required")?:
            guard !tools.isEmpty else {
                throw .invalid("tool_choice \"required\" needs at least one function in tools", param: "tool_choice")
            }
            return .required
        case .object(let members)?:
            guard let name = members["function"]?["name"]?.stringValue ?? members["name"]?.stringValue else {
                throw .invalid("tool_choice must be none, auto, required or {\"type\": \"function\", …name}", param: "tool_choice")
            }
            guard tools.contains(where: { $0.name == name }) else {
                throw .invalid("tool_choice names the function \"\(name)\", which is not in tools", param: "tool_choice")
            }
            return .function(name)
        case let other?: throw .invalid("tool_choice must be none, auto, required or an object, got \(other.jsonText)", param: "tool_choice")
        }
    }

    /// A message's text: a string, or the `text` of its parts joined by newlines.
    static func text(of content: JSONValue?) -> String {
        switch content {
        case .string(let text)?: return text
        case .array(let parts)?: return parts.compactMap { $0["text"]?.stringValue }.joined(separator: "\n")
        default: return ""
        }
    }
}

/// Finds the dataset item a prompt is about.
enum PromptMatcher {
    /// The last user message of each line, the text prompts are matched on.
    static func prompts(of lines: [JSONValue]) -> [String] {
        lines.map { line -> String in
            guard case .array(let list)? = line["messages"] else { return "" }
            return InferenceRequest.lastUserText(list)
        }
    }

    /// The item whose last user message equals `prompt`, else the one sharing the most words
    /// with it (ties: the first), else item 0.
    static func item(for prompt: String, in lines: [JSONValue]) -> Int {
        let prompts = prompts(of: lines)
        if let exact = prompts.firstIndex(of: prompt) { return exact }
        let words = Set(prompt.lowercased().split { !$0.isLetter && !$0.isNumber })
        var best = 0, bestScore = -1
        for (index, text) in prompts.enumerated() {
            let score = Set(text.lowercased().split { !$0.isLetter && !$0.isNumber }).intersection(words).count
            if score > bestScore { (best, bestScore) = (index, score) }
        }
        return best
    }
}

extension InferenceRequest {
    /// The `tools` a response echoes: function tools with the keys the platform fills in when they
    /// are left out (`strict` true, the Responses API's default; `parameters` and `description`
    /// null), other tools as sent.
    static func echoedResponseTools(_ tools: JSONValue?) -> JSONValue {
        guard case .array(let list)? = tools else { return .array([]) }
        return .array(list.map { tool in
            guard case .object(var members) = tool, members["type"] == .string("function") else { return tool }
            if members["strict"] == nil { members["strict"] = .bool(true) }
            if members["parameters"] == nil { members["parameters"] = .null }
            if members["description"] == nil { members["description"] = .null }
            return .object(members)
        })
    }
}
