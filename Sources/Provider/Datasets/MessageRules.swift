internal import Graders

/// The rules for a `messages` array in chat format, as each method reads it.
///
/// - Roles: `system`, `developer`, `user`, `assistant`, `tool` for supervised examples and DPO
///   inputs, plus the deprecated `function` role, which is accepted but not advertised;
///   `system`, `developer`, `user`, `assistant` for reinforcement prompts (no tool results, since
///   the model's own answer is what gets graded).
/// - Content: a string or a non-empty array of parts (see `MessageRules+Content.swift`). `null` or
///   absent content is allowed only on an assistant message with `tool_calls` (or the deprecated
///   `function_call`), and only where tool calls are allowed (not in reinforcement prompts).
/// - A `tool` message needs `tool_call_id`; a `function` message needs `name` (the chat format's
///   required keys). Other keys of a message are ignored.
/// - Supervised only: `weight`, if present, must be 0 or 1 and is only allowed on assistant messages.
struct MessageRules {
    /// The roles listed in messages, in the platform's order.
    let listedRoles: [String]
    /// The roles accepted (the listed ones plus deprecated ones).
    let acceptedRoles: Set<String>
    /// Whether assistant messages may carry `tool_calls`/`function_call` instead of content.
    let allowsToolCalls: Bool
    /// Whether `weight` is checked (supervised examples).
    let checksWeight: Bool
    /// Whether audio and file parts get the reinforcement guide's "not supported" explanation.
    let explainsUnsupportedMedia: Bool

    static let supervised = MessageRules(
        listedRoles: ["system", "developer", "user", "assistant", "tool"],
        acceptedRoles: ["system", "developer", "user", "assistant", "tool", "function"],
        allowsToolCalls: true, checksWeight: true, explainsUnsupportedMedia: false)

    static let preferenceInput = MessageRules(
        listedRoles: supervised.listedRoles, acceptedRoles: supervised.acceptedRoles,
        allowsToolCalls: true, checksWeight: false, explainsUnsupportedMedia: false)

    static let reinforcement = MessageRules(
        listedRoles: ["system", "developer", "user", "assistant"],
        acceptedRoles: ["system", "developer", "user", "assistant"],
        allowsToolCalls: false, checksWeight: false, explainsUnsupportedMedia: true)

    /// What the method-level rules need to know about a message that is an object.
    struct Summary {
        let index: Int
        /// The role, when it is one of the accepted roles.
        let role: String?
        /// Whether it carries content (not null or absent) or tool calls.
        let hasOutput: Bool
        /// The weight, when it is a number.
        let weight: Double?
    }

    /// Checks the value of `messages` at `path`, reporting every problem.
    ///
    /// - Returns: a summary of each message that is an object, or `nil` when `value` is not a
    ///   non-empty array.
    func check(_ value: JSONValue?, path: String, into problems: inout ProblemCollector) -> [Summary]? {
        guard let value else {
            problems.add(path, "\(path) is missing; it must be a non-empty array of {\"role\", \"content\"} messages")
            return nil
        }
        guard case .array(let messages) = value, !messages.isEmpty else {
            problems.add(path, "\(path) is \(ProblemText.value(value)); it must be a non-empty array of {\"role\", \"content\"} messages")
            return nil
        }
        var summaries: [Summary] = []
        summaries.reserveCapacity(messages.count)
        for (index, message) in messages.enumerated() {
            if let summary = checkMessage(message, path: "\(path)[\(index)]", index: index, into: &problems) {
                summaries.append(summary)
            }
        }
        return summaries
    }

    // `path` is an autoclosure throughout: it is only built when there is a problem to report,
    // which keeps a clean 10,000-line file fast in debug builds.
    private func checkMessage(_ value: JSONValue, path: @autoclosure () -> String, index: Int,
                              into problems: inout ProblemCollector) -> Summary? {
        guard case .object(let message) = value else {
            problems.add(path(), "\(path()) is \(ProblemText.value(value)); each message must be an object with \"role\" and \"content\"")
            return nil
        }
        let role = checkRole(message["role"], path: "\(path()).role", into: &problems)
        let isAssistant = role == "assistant"
        var hasToolCalls = false
        if allowsToolCalls, message["tool_calls"] != nil || message["function_call"] != nil {
            for key in ["tool_calls", "function_call"] {
                guard let calls = message[key] else { continue }
                if isAssistant || role == nil {
                    hasToolCalls = ToolRules.checkCalls(calls, key: key, path: "\(path()).\(key)", into: &problems) || hasToolCalls
                } else if let role {
                    problems.add("\(path()).\(key)", "\(path()).\(key) is set on a \(role) message; only assistant messages make tool calls")
                }
            }
        }
        let content = message["content"]
        if content == nil || content == .null {
            if !(isAssistant && hasToolCalls) && role != nil {
                let state = content == nil ? "missing" : "null"
                let need = isAssistant && allowsToolCalls
                    ? "an assistant message needs content (a string or an array of content parts) unless it has tool_calls"
                    : "\(isAssistant ? "an" : "a") \(role!) message needs content: a string or an array of content parts"
                problems.add("\(path()).content", "\(path()).content is \(state); \(need)")
            }
        } else if let content {
            checkContent(content, path: "\(path()).content", into: &problems)
        }
        switch role {
        case "tool" where message["tool_call_id"]?.stringValue == nil:
            problems.add("\(path()).tool_call_id", "\(path()).tool_call_id is \(message["tool_call_id"].map(ProblemText.value) ?? "missing"); a tool message needs the id (a string) of the tool call it answers")
        case "function" where message["name"]?.stringValue == nil:
            problems.add("\(path()).name", "\(path()).name is \(message["name"].map(ProblemText.value) ?? "missing"); a function message needs the function's name (a string)")
        default: break
        }
        let weight = checksWeight ? checkWeight(message["weight"], role: role, path: "\(path()).weight", into: &problems) : nil
        let hasOutput = (content != nil && content != .null) || hasToolCalls
        return Summary(index: index, role: role, hasOutput: hasOutput, weight: weight)
    }

    /// The role if it is accepted; otherwise reports it and returns `nil`.
    private func checkRole(_ value: JSONValue?, path: @autoclosure () -> String,
                           into problems: inout ProblemCollector) -> String? {
        if case .string(let role)? = value, acceptedRoles.contains(role) { return role }
        let shown = value.map(ProblemText.value) ?? "missing"
        problems.add(path(), "\(path()) is \(shown); allowed: \(ProblemText.list(listedRoles))")
        return nil
    }

    private func checkWeight(_ value: JSONValue?, role: String?, path: @autoclosure () -> String,
                             into problems: inout ProblemCollector) -> Double? {
        guard let value else { return nil }
        guard role == "assistant" || role == nil else {
            problems.add(path(), "\(path()) is set on a \(role!) message; weight is only allowed on assistant messages")
            return nil
        }
        guard case .number(let weight) = value, weight == 0 || weight == 1 else {
            problems.add(path(), "\(path()) is \(ProblemText.value(value)); allowed: 0 (do not train on this message) or 1")
            return nil
        }
        return weight
    }
}
