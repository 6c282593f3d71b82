internal import Graders

/// The supervised (chat) format of one line.
///
/// `{"messages": [...], "tools"?: [...], "parallel_tool_calls"?: bool, "functions"?: [...]}`:
/// `messages` is required and follows ``MessageRules/supervised``; at least one message must be
/// an assistant message (the target the model learns) and, when every assistant message sets
/// `weight`, at least one weight must be 1, since an example with nothing to train on is almost
/// certainly a mistake (the platform is silent on both). Any other top-level key is ignored.
enum SupervisedExampleRules {
    static func check(_ line: [String: JSONValue], into problems: inout ProblemCollector) {
        let messages = MessageRules.supervised.check(line["messages"], path: "messages", into: &problems)
        ToolRules.checkDeclarations(in: line, prefix: "", functions: true, into: &problems)
        guard let messages else { return }
        let assistants = messages.filter { $0.role == "assistant" }
        if assistants.isEmpty {
            problems.add("messages", "messages has no assistant message; a supervised example needs at least one assistant message with content or tool_calls (the target the model learns)")
        } else if assistants.allSatisfy({ $0.weight == 0 }) {
            problems.add("messages", "every assistant message has weight 0, so this example trains nothing; set weight 1 (or leave weight out) on at least one")
        }
    }
}
