internal import Graders

/// The DPO format of one line.
///
/// `{"input": {"messages": [...], "tools"?: [...], "parallel_tool_calls"?: bool},
/// "preferred_output": [...], "non_preferred_output": [...]}`:
/// - `input.messages` follows ``MessageRules/preferenceInput``; it need not end with an assistant
///   message (the outputs are the answers).
/// - Each output is a non-empty array of assistant messages `{"role": "assistant", "content": "…"}`
///   with string content.
/// - Identical outputs are refused: DPO learns from their difference, so such a pair teaches
///   nothing (the platform is silent).
/// Any other top-level key is ignored.
enum PreferenceExampleRules {
    static func check(_ line: [String: JSONValue], into problems: inout ProblemCollector) {
        if case .object(let input)? = line["input"] {
            _ = MessageRules.preferenceInput.check(input["messages"], path: "input.messages", into: &problems)
            ToolRules.checkDeclarations(in: input, prefix: "input", functions: false, into: &problems)
        } else {
            problems.add("input", "input is \(line["input"].map(ProblemText.value) ?? "missing"); it must be an object {\"messages\": [...], \"tools\"?: [...]} holding the prompt")
        }
        let preferred = checkOutput(line["preferred_output"], key: "preferred_output", into: &problems)
        let nonPreferred = checkOutput(line["non_preferred_output"], key: "non_preferred_output", into: &problems)
        if let preferred, preferred == nonPreferred {
            problems.add("non_preferred_output", "preferred_output and non_preferred_output are identical; DPO learns from the difference between them")
        }
    }

    /// Checks one output; returns it when it is a non-empty array.
    private static func checkOutput(_ value: JSONValue?, key: String, into problems: inout ProblemCollector) -> [JSONValue]? {
        let shape = "a non-empty array of assistant messages like [{\"role\": \"assistant\", \"content\": \"…\"}]"
        guard case .array(let messages)? = value, !messages.isEmpty else {
            problems.add(key, "\(key) is \(value.map(ProblemText.value) ?? "missing"); it must be \(shape)")
            return nil
        }
        for (index, message) in messages.enumerated() {
            let path = "\(key)[\(index)]"
            guard case .object(let members) = message else {
                problems.add(path, "\(path) is \(ProblemText.value(message)); it must be an object {\"role\": \"assistant\", \"content\": \"…\"}")
                continue
            }
            if members["role"] != .string("assistant") {
                problems.add("\(path).role", "\(path).role is \(members["role"].map(ProblemText.value) ?? "missing"); allowed: assistant")
            }
            if members["content"]?.stringValue == nil {
                problems.add("\(path).content", "\(path).content is \(members["content"].map(ProblemText.value) ?? "missing"); it must be a string (the answer)")
            }
        }
        return messages
    }
}
