/// A model's answer, as graders see it through the `sample` namespace.
///
/// Built from the output text: `output_json` holds the text parsed as JSON when it is valid
/// JSON; `choices` has the Chat Completions shape with one assistant message; `output_tools`
/// holds tool calls when given.
public struct Sample: Hashable, Sendable {
    /// The output text (`sample.output_text`).
    public var outputText: String
    /// The output parsed as JSON (`sample.output_json`), or `nil` when it is not JSON.
    public var outputJSON: JSONValue?
    /// Tool calls in Chat Completions' `message.tool_calls` shape (`sample.output_tools`).
    public var outputTools: [JSONValue]
    /// Whether a `response_format` demanded JSON and the text is not valid JSON: graders then
    /// score 0 and report a `sample_parse_error`.
    public var violatesResponseFormat: Bool

    /// Makes the sample for an output text.
    ///
    /// - Parameters:
    ///   - outputText: what the model answered.
    ///   - outputTools: tool calls, if any.
    ///   - requiresJSON: whether a `response_format` (JSON schema or JSON object) was in force.
    public init(outputText: String, outputTools: [JSONValue] = [], requiresJSON: Bool = false) {
        self.outputText = outputText
        self.outputTools = outputTools
        self.outputJSON = try? JSONValue(parsing: outputText)
        self.violatesResponseFormat = requiresJSON && outputJSON == nil
    }

    /// The `sample` namespace of templates and of the python grader's `sample` argument.
    public var namespace: JSONValue {
        var message: [String: JSONValue] = ["role": "assistant", "content": .string(outputText)]
        if !outputTools.isEmpty { message["tool_calls"] = .array(outputTools) }
        var members: [String: JSONValue] = [
            "output_text": .string(outputText),
            "output_tools": .array(outputTools),
            "choices": [["index": 0, "message": .object(message), "finish_reason": outputTools.isEmpty ? "stop" : "tool_calls"]],
        ]
        if let outputJSON { members["output_json"] = outputJSON }
        return .object(members)
    }
}
