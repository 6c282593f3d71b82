internal import Graders

/// Function calls as answer texts, so a tuned model's answer space can hold them.
///
/// A demonstration whose assistant message has `tool_calls` (or the deprecated `function_call`)
/// becomes the text `{"tool_calls":[{"arguments":"…","name":"…"}]}` (compact, sorted keys); the
/// answer space treats it like any other answer (it can be the reference, a distractor, or a
/// perturbed, broken variant). When a model answers with tools offered, a text that decodes as this
/// shape is sent as function calls; any other text (a perturbation that broke the JSON included)
/// is sent as text.
enum ToolCallText {
    /// One call: the function's name and its arguments as JSON text.
    struct Call: Sendable, Hashable {
        var name: String
        var arguments: String
    }

    /// How every call text starts.
    static let prefix = "{\"tool_calls\":"

    /// The calls of an assistant message as answer text, or `nil` when it calls nothing.
    static func encode(_ message: JSONValue) -> String? {
        var calls: [JSONValue] = []
        if case .array(let entries)? = message["tool_calls"] {
            for entry in entries {
                guard case .string(let name)? = entry["function"]?["name"] else { continue }
                calls.append(["name": .string(name), "arguments": .string(arguments(entry["function"]?["arguments"]))])
            }
        } else if case .string(let name)? = message["function_call"]?["name"] {
            calls.append(["name": .string(name), "arguments": .string(arguments(message["function_call"]?["arguments"]))])
        }
        return calls.isEmpty ? nil : JSONValue.object(["tool_calls": .array(calls)]).jsonText
    }

    /// The calls a text stands for, or `nil` when it is not a call.
    static func decode(_ text: String) -> [Call]? {
        guard text.hasPrefix(prefix), let value = try? JSONValue(parsing: text), case .array(let entries)? = value["tool_calls"] else {
            return nil
        }
        var calls: [Call] = []
        for entry in entries {
            guard case .string(let name)? = entry["name"], case .string(let arguments)? = entry["arguments"] else { return nil }
            calls.append(Call(name: name, arguments: arguments))
        }
        return calls.isEmpty ? nil : calls
    }

    /// A call of `tool` with arguments of the right types (its schema's `enum` values, `""`, 0, false, …),
    /// for a model that must call a function it was never shown calling.
    static func synthesize(_ tool: InferenceRequest.Tool) -> Call {
        var members: [String: JSONValue] = [:]
        if case .object(let properties)? = tool.parameters?["properties"] {
            members = PromptResponder.placeholder(properties: properties, text: "")
        }
        return Call(name: tool.name, arguments: JSONValue.object(members).jsonText)
    }

    private static func arguments(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: return text
        case nil, .null?: return "{}"
        case let other?: return other.jsonText
        }
    }
}

/// What `tools` and `tool_choice` allow an answer to be, and how a sampled text becomes a choice.
enum ToolUse: Sendable, Equatable {
    /// No tools offered, or `tool_choice: "none"`: text only.
    case forbidden
    /// `auto`: text or calls of offered functions.
    case allowed
    /// `required`: calls of offered functions only.
    case required
    /// One named function must be called.
    case requiredFunction(String)

    init(_ request: InferenceRequest) {
        switch request.toolChoice {
        case _ where request.tools.isEmpty: self = .forbidden
        case .none: self = .forbidden
        case .auto: self = .allowed
        case .required: self = .required
        case .function(let name): self = .requiredFunction(name)
        }
    }

    /// Whether an answer text may be given under this rule.
    func accepts(_ text: String, tools: [InferenceRequest.Tool]) -> Bool {
        let calls = ToolCallText.decode(text)
        let offered = calls?.allSatisfy { call in tools.contains { $0.name == call.name } } ?? false
        switch self {
        // A broken call (a perturbation of one) is not text a model without tools would write either.
        case .forbidden: return !text.hasPrefix(ToolCallText.prefix)
        case .allowed: return calls == nil || offered
        case .required: return offered
        case .requiredFunction(let name): return offered && calls!.allSatisfy { $0.name == name }
        }
    }

    /// Whether an answer must be a call.
    var requiresCall: Bool {
        switch self {
        case .required, .requiredFunction: true
        case .forbidden, .allowed: false
        }
    }

    /// The choice a sampled text makes: its calls (the first only without `parallel_tool_calls`)
    /// when it is a call of offered functions and calls are allowed, else the text.
    func choice(_ text: String, request: InferenceRequest, seed: UInt64, index: Int) -> InferenceAnswer.Choice {
        guard self != .forbidden, accepts(text, tools: request.tools), let calls = ToolCallText.decode(text) else {
            return InferenceAnswer.Choice(text: text)
        }
        return Self.choice(calls, request: request, seed: seed, index: index)
    }

    /// `request.count` choices drawn from π(· | item) conditioned on what this rule accepts; when
    /// it accepts no candidate, a required call is synthesized and text is drawn unconditioned.
    func sample(_ responses: SharedResponseModel, parameters: [Double]?, item: Int, request: InferenceRequest, seed: UInt64) -> [InferenceAnswer.Choice] {
        let tools = request.tools
        if let texts = PolicySampler.sample(responses, parameters: parameters, item: item, count: request.count, seed: seed,
                                            accept: { accepts($0, tools: tools) }) {
            return texts.enumerated().map { index, text in choice(text, request: request, seed: seed, index: index) }
        }
        if requiresCall {
            return (0..<request.count).map { synthesizedChoice(request: request, seed: seed, index: $0) }
        }
        let texts = PolicySampler.sample(responses, parameters: parameters, item: item, count: request.count, seed: seed)
        return texts.map { InferenceAnswer.Choice(text: $0) }
    }

    /// A choice of a call the model was never shown making: the required (or first) function.
    func synthesizedChoice(request: InferenceRequest, seed: UInt64, index: Int) -> InferenceAnswer.Choice {
        var tool = request.tools[0]
        if case .requiredFunction(let name) = self, let named = request.tools.first(where: { $0.name == name }) { tool = named }
        return Self.choice([ToolCallText.synthesize(tool)], request: request, seed: seed, index: index)
    }

    private static func choice(_ calls: [ToolCallText.Call], request: InferenceRequest, seed: UInt64, index: Int) -> InferenceAnswer.Choice {
        let kept = request.parallelToolCalls ? calls : Array(calls.prefix(1))
        let made = kept.enumerated().map { position, call in
            InferenceAnswer.ToolCall(id: "call_" + IdentifierFactory.token("call-\(index)", seed &+ UInt64(position), length: 24),
                                     name: call.name, arguments: call.arguments)
        }
        return InferenceAnswer.Choice(text: "", toolCalls: made)
    }
}
