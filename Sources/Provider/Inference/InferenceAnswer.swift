public import Graders

/// A model's answer to one request, before it is written in either API's shape.
struct InferenceAnswer: Sendable {
    /// One function call of an answer.
    struct ToolCall: Sendable, Hashable {
        var id: String
        var name: String
        /// The arguments as JSON text.
        var arguments: String
    }

    /// One choice: text, or function calls (then the text is empty).
    struct Choice: Sendable {
        var text: String
        var toolCalls: [ToolCall] = []
    }

    var choices: [Choice]
    var promptTokens: Int
    /// The seed of the request's draws; ids are derived from it.
    var seed: UInt64
    /// The model as the request named it.
    var model: String
    /// The clock reading (Unix seconds).
    var created: Int

    /// Output tokens of choice `index` (function calls count their name and arguments).
    func completionTokens(_ index: Int) -> Int {
        let choice = choices[index]
        return TokenEstimate.tokens(in: choice.text) + choice.toolCalls.reduce(0) { $0 + TokenEstimate.tokens(in: $1.name) + TokenEstimate.tokens(in: $1.arguments) }
    }

    /// Output tokens of all choices.
    var completionTokens: Int { choices.indices.reduce(0) { $0 + completionTokens($1) } }

    /// The usage billed.
    var usage: TokenUsage { TokenUsage(promptTokens: promptTokens, completionTokens: completionTokens) }

    /// The `system_fingerprint` of chat answers: fixed per model, so clients that log it see one value.
    var systemFingerprint: String { "fp_" + IdentifierFactory.token("fingerprint", model.stableHash, length: 10).lowercased() }
}

/// An event of a streamed answer: its `event` name (responses) and its JSON `data`.
public struct InferenceEvent: Sendable, Hashable {
    /// The server-sent event's name (`response.output_text.delta`), or `nil` for chat chunks.
    public var name: String?
    /// The event's JSON.
    public var data: JSONValue

    /// Creates an event.
    public init(name: String?, data: JSONValue) {
        self.name = name
        self.data = data
    }
}

/// A streamed answer: the events in order, and whether `data: [DONE]` ends the stream (chat).
public struct InferenceStream: Sendable {
    public var events: [InferenceEvent]
    /// Chat completions end with `data: [DONE]`; responses end with `response.completed`.
    public var endsWithDone: Bool
}
