internal import Graders

/// The reinforcement fine-tuning format of one line.
///
/// `{"messages": [...], "tools"?: [...], …item keys}`:
/// - `messages` is required and follows ``MessageRules/reinforcement``: roles system, developer,
///   user and assistant; text and image content only ("Input messages may contain text or image
///   content only. Audio and file input messages are not currently supported").
/// - The last message must be from the user or a developer: the prompt is what the model answers.
///   OpenAI does not state this, but every example in its guide and cookbook ends with a user
///   message, and Azure's RFT guide requires it ("The final message must be from the user, not the
///   assistant"). Developer is allowed too, as a final instruction the model also answers.
/// - `tools` as in `ToolRules`.
/// - Every other key is the *item* ("`messages` and `tools` are the only reserved keywords"), so
///   `parallel_tool_calls` or `functions` are item data here and not checked. With a grader, each `{{item.…}}` path its templates read must
///   resolve in the item (see ``GraderItemReferences``).
struct ReinforcementExampleRules: Sendable {
    let references: GraderItemReferences?

    func check(_ line: [String: JSONValue], into problems: inout ProblemCollector) {
        let messages = MessageRules.reinforcement.check(line["messages"], path: "messages", into: &problems)
        ToolRules.checkDeclarations(in: line, prefix: "", parallelToolCalls: false, functions: false, into: &problems)
        if let messages, case .array(let all)? = line["messages"], let last = messages.last,
           last.index == all.count - 1, let role = last.role, role != "user" && role != "developer" {
            let path = "messages[\(last.index)].role"
            problems.add(path, "the last message (\(path)) is from the \(role); a reinforcement prompt must end with a user or developer message for the model to answer")
        }
        references?.check(line, into: &problems)
    }
}
