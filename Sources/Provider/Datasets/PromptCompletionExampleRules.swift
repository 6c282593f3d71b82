internal import Graders

/// The legacy completions format of one supervised line, for the completions models (babbage-002,
/// davinci-002; the catalogue's `prompt_completion`).
///
/// `{"prompt": "…", "completion": "…"}`: both strings, the completion non-empty (it is what the
/// model learns). A line in the chat format (`messages`) is refused with a note saying which format
/// this model takes. Any other top-level key is ignored.
enum PromptCompletionExampleRules {
    static func check(_ line: [String: JSONValue], into problems: inout ProblemCollector) {
        if line["messages"] != nil, line["prompt"] == nil {
            problems.add("messages", "this model takes the completions format, {\"prompt\": \"…\", \"completion\": \"…\"} per line, not chat messages")
            return
        }
        if case .string? = line["prompt"] {} else {
            problems.add("prompt", "prompt is \(line["prompt"].map(ProblemText.value) ?? "missing"); it must be a string (the completions format: {\"prompt\": \"…\", \"completion\": \"…\"})")
        }
        checkCompletion(line, into: &problems)
    }

    private static func checkCompletion(_ line: [String: JSONValue], into problems: inout ProblemCollector) {
        guard case .string(let completion)? = line["completion"] else {
            problems.add("completion", "completion is \(line["completion"].map(ProblemText.value) ?? "missing"); it must be a string, the text the model learns to write after the prompt")
            return
        }
        if completion.isEmpty { problems.add("completion", "completion is empty; it is the text the model learns, so it needs at least one character") }
    }

    /// A valid completions-format line as the chat example the trainer and the tuned model read:
    /// the prompt as the user's message, the completion as the assistant's; other lines unchanged.
    static func chatExample(_ line: JSONValue) -> JSONValue {
        guard case .string(let prompt)? = line["prompt"], case .string(let completion)? = line["completion"] else { return line }
        return ["messages": [["role": "user", "content": .string(prompt)], ["role": "assistant", "content": .string(completion)]]]
    }
}
