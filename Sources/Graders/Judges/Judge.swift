/// What answers for a model grader (`score_model`, `label_model`) when there is no network:
/// something that reads the rendered request and replies with the grader model's text.
///
/// Three are provided: ``BuiltinJudge`` (a documented deterministic rule), ``RuleTableJudge``
/// (rules from a file) and ``CommandJudge`` (an external command, e.g. a local model).
public protocol Judge: Sendable {
    /// The grader model's reply to `request`.
    ///
    /// - Throws: any error; the grader reports it as a `model_grader_server_error` with the
    ///   error's description as details, and scores 0.
    func reply(to request: JudgeRequest) async throws -> JudgeReply
}

/// A model grader's request after template rendering: what a grader model would be sent.
public struct JudgeRequest: Hashable, Sendable, Codable {
    /// What the grader asks for.
    public enum Task: String, Hashable, Sendable, Codable {
        /// A number within `range` (`score_model`).
        case score
        /// One of `labels` (`label_model`).
        case label
    }

    /// One rendered message.
    public struct Message: Hashable, Sendable, Codable {
        public var role: String
        public var content: String

        public init(role: String, content: String) {
            self.role = role
            self.content = content
        }
    }

    public var task: Task
    /// The grader's name.
    public var grader: String
    /// The grader model, e.g. `o3-mini-2025-01-31`.
    public var model: String
    /// The prompt, templates rendered; non-text parts (images, audio) are left out.
    public var messages: [Message]
    /// `[min, max]` for a score.
    public var range: [Double]?
    /// The labels to choose from.
    public var labels: [String]?
    /// The dataset item.
    public var item: JSONValue
    /// The sample's output text.
    public var sample: String
    /// The item fields the prompt's templates read (`reference_answer`, …), in order of use.
    public var referencedItemFields: [String]

    public init(task: Task, grader: String, model: String, messages: [Message], range: [Double]? = nil, labels: [String]? = nil,
                item: JSONValue, sample: String, referencedItemFields: [String] = []) {
        self.task = task
        self.grader = grader
        self.model = model
        self.messages = messages
        self.range = range
        self.labels = labels
        self.item = item
        self.sample = sample
        self.referencedItemFields = referencedItemFields
    }

    enum CodingKeys: String, CodingKey {
        case task, grader, model, messages, range, labels, item, sample
        case referencedItemFields = "referenced_item_fields"
    }
}

/// A grader model's reply: its raw output text, as the platform would parse it.
public struct JudgeReply: Hashable, Sendable {
    /// The text; for a score, `{"result": 0.8, "steps": […]}` or a bare number; for a label,
    /// `{"result": "yes"}` or the bare label; `{"refusal": "…"}` is a refusal.
    public var text: String

    public init(text: String) {
        self.text = text
    }
}

/// Rough token counts, since no tokenizer ships offline: about four UTF-8 bytes per token, plus
/// four tokens of chat formatting per message and three to prime the reply (as OpenAI's
/// cookbook counts chat messages).
public enum TokenEstimate {
    /// Tokens in `text`.
    public static func tokens(in text: String) -> Int {
        (text.utf8.count + 3) / 4
    }

    /// Prompt tokens of a request's messages.
    public static func promptTokens(_ messages: [JudgeRequest.Message]) -> Int {
        messages.reduce(3) { $0 + 4 + tokens(in: $1.role) + tokens(in: $1.content) }
    }
}
