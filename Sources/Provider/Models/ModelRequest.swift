internal import Graders

/// What the provider reads from a chat-completions or responses request.
struct ModelRequest: Sendable {
    var model: String
    /// The text the answer is matched on: the last user message.
    var prompt: String
    /// Choices to sample (`n`, 1…8).
    var count: Int
    var seed: Int?

    /// Reads a `POST /v1/chat/completions` body.
    init(chat body: JSONValue) throws(ProviderError) {
        guard case .object(let members) = body else { throw .invalid("The request body must be a JSON object, got \(body.kindName).") }
        model = try Self.model(members)
        guard case .array(let messages)? = members["messages"], !messages.isEmpty else {
            throw .invalid("messages must be a non-empty array of {role, content}.", param: "messages", platformCode: members["messages"] == nil ? "missing_required_parameter" : nil)
        }
        for (index, message) in messages.enumerated() {
            guard case .string? = message["role"] else {
                throw .invalid("messages[\(index)].role must be a string (system, developer, user, assistant, tool).", param: "messages[\(index)].role")
            }
        }
        let user = messages.last { $0["role"] == .string("user") } ?? messages[messages.count - 1]
        prompt = Self.text(of: user["content"])
        switch members["n"] {
        case nil, .null?: count = 1
        case .number(let n)? where n == n.rounded() && (1...8).contains(n): count = Int(n)
        case let other?: throw .invalid("n must be an integer in 1...8, got \(other.jsonText)", param: "n")
        }
        if members["stream"] == .bool(true) {
            throw .invalid("rftsim answers without streaming; set stream to false.", param: "stream", platformCode: "unsupported_parameter")
        }
        seed = try Self.seed(members)
    }

    /// Reads a `POST /v1/responses` body (`input` a string or a list of messages).
    init(responses body: JSONValue) throws(ProviderError) {
        guard case .object(let members) = body else { throw .invalid("The request body must be a JSON object, got \(body.kindName).") }
        model = try Self.model(members)
        switch members["input"] {
        case .string(let text)?: prompt = text
        case .array(let items)? where !items.isEmpty:
            let user = items.last { $0["role"] == .string("user") } ?? items[items.count - 1]
            prompt = Self.text(of: user["content"])
        default: throw .invalid("input must be a string or a non-empty array of messages.", param: "input", platformCode: members["input"] == nil ? "missing_required_parameter" : nil)
        }
        if members["stream"] == .bool(true) {
            throw .invalid("rftsim answers without streaming; set stream to false.", param: "stream", platformCode: "unsupported_parameter")
        }
        count = 1
        seed = nil
    }

    private static func model(_ members: [String: JSONValue]) throws(ProviderError) -> String {
        guard case .string(let model)? = members["model"], !model.isEmpty else {
            throw .invalid("model is required: a fine-tuned model (ft:…) or one of its checkpoints.", param: "model", platformCode: "missing_required_parameter")
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
    /// The item whose last user message equals `prompt`, else the one sharing the most words
    /// with it (ties: the first), else item 0.
    static func item(for prompt: String, in lines: [JSONValue]) -> Int {
        let prompts = lines.map { line -> String in
            let messages: JSONValue? = line["messages"]
            guard case .array(let list)? = messages else { return "" }
            let user = list.last { $0["role"] == .string("user") } ?? list.last
            return ModelRequest.text(of: user?["content"])
        }
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
