public import Graders

/// Training tokens of a supervised job, estimated offline (no tokenizer ships with RFTSim).
///
/// An example's tokens follow Graders' `TokenEstimate`: `3 + Σ (4 + ⌈bytes(role)/4⌉ +
/// ⌈bytes(content)/4⌉)` over its messages (about four UTF-8 bytes per token, four tokens of chat
/// formatting per message, three to prime the reply, as OpenAI's cookbook counts chat
/// messages), plus `⌈bytes(tools JSON)/4⌉` when the example declares `tools`. A content array
/// counts its text parts only. The platform bills `trained_tokens = training-file tokens ×
/// n_epochs` (openai-finetuning-api.md §6.3; validation tokens are free).
///
/// ```swift
/// SupervisedTokenEstimate.tokens(messages: [.init(role: "user", content: "Hi"),
///                                           .init(role: "assistant", content: "Hello!")])   // 3 + 6 + 9 = 18
/// SupervisedTokenEstimate.trainedTokens(trainingFileTokens: 100_000, nEpochs: 3)              // 300,000
/// ```
public enum SupervisedTokenEstimate {
    /// Tokens of one example's messages.
    public static func tokens(messages: [JudgeRequest.Message]) -> Int {
        TokenEstimate.promptTokens(messages)
    }

    /// Tokens of one SFT training line (`{"messages": [...], "tools"?: [...]}`).
    ///
    /// - Throws: ``SimulatorError`` with field `messages` when it is missing, empty, or does not
    ///   end with an `assistant` message (the SFT format, §4), or `messages[i]` for a message
    ///   without a string `role` or with content that is neither a string nor an array of parts.
    public static func tokens(inExample example: JSONValue) throws(SimulatorError) -> Int {
        guard case .array(let list)? = example["messages"], !list.isEmpty else {
            throw .invalid("messages", "an SFT example needs a non-empty messages array")
        }
        var messages: [JudgeRequest.Message] = []
        for (index, message) in list.enumerated() {
            guard let role = message["role"]?.stringValue else {
                throw .invalid("messages[\(index)]", "messages[\(index)] needs a string role")
            }
            messages.append(.init(role: role, content: try text(of: message["content"], index: index)))
        }
        guard messages.last?.role == "assistant" else {
            throw .invalid("messages", "an SFT example's last message must be from the assistant, got \(messages.last?.role ?? "none")")
        }
        var total = tokens(messages: messages)
        if let tools = example["tools"], tools != .null { total += TokenEstimate.tokens(in: tools.jsonText) }
        return total
    }

    /// Tokens of a whole training file: the sum over its lines.
    ///
    /// - Throws: as ``tokens(inExample:)``, the field prefixed with the line (`lines[3].messages`).
    public static func trainingFileTokens(examples: [JSONValue]) throws(SimulatorError) -> Int {
        var total = 0
        for (line, example) in examples.enumerated() {
            do { total += try tokens(inExample: example) } catch {
                throw .invalid("lines[\(line)].\(error.field ?? "messages")", "line \(line): \(error.message)")
            }
        }
        return total
    }

    /// `trained_tokens` as the platform bills it: training-file tokens × `n_epochs`.
    public static func trainedTokens(trainingFileTokens: Int, nEpochs: Int) -> Int {
        trainingFileTokens * nEpochs
    }

    private static func text(of content: JSONValue?, index: Int) throws(SimulatorError) -> String {
        switch content {
        case nil, .null?: return ""
        case .string(let text)?: return text
        case .array(let parts)?:
            return parts.compactMap { $0["text"]?.stringValue }.joined()
        default:
            throw .invalid("messages[\(index)].content", "messages[\(index)].content must be a string or an array of content parts")
        }
    }
}
