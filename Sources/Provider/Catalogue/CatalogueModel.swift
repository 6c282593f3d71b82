/// One base model of the catalogue: its names, what it can be fine-tuned with and its limits.
///
/// The `Codable` form uses the catalogue file's snake_case keys (`owned_by`,
/// `training_context_tokens`, …); optional limits are omitted when unknown.
public struct CatalogueModel: Sendable, Hashable, Codable {
    /// The snapshot name, e.g. `o4-mini-2025-04-16`.
    public var id: String
    /// Other names that resolve to this snapshot, e.g. `o4-mini`.
    public var aliases: [String]
    /// When the model was created, in Unix seconds (`/v1/models`' `created`).
    public var created: Int
    /// The owner `/v1/models` reports (`"system"` or `"openai"`).
    public var ownedBy: String
    /// The fine-tuning methods the model takes; empty when it cannot be fine-tuned.
    public var methods: [FineTuningMethod]
    /// Whether it is a reasoning model (no `temperature`; takes `reasoning_effort`).
    public var reasoning: Bool
    /// Whether `score_model` and `label_model` graders may use it as `model`.
    public var graderModel: Bool
    /// The context window in tokens, when known.
    public var contextWindow: Int?
    /// The most output tokens per response, when known.
    public var maxOutputTokens: Int?
    /// The most tokens of one training example (longer ones are truncated), when documented.
    public var trainingContextTokens: Int?
    /// The documented shutdown date (`YYYY-MM-DD`), when one is scheduled.
    public var shutdownDate: String?
    /// Whether supervised training examples may carry images (`image_url` parts): vision fine-tuning.
    public var vision: Bool
    /// Whether supervised training examples are the legacy completions format, one
    /// `{"prompt": …, "completion": …}` object per line (babbage-002, davinci-002), instead of chat messages.
    public var promptCompletion: Bool

    /// Creates a catalogue entry.
    public init(
        id: String, aliases: [String] = [], created: Int, ownedBy: String = "system", methods: [FineTuningMethod],
        reasoning: Bool, graderModel: Bool = false, contextWindow: Int? = nil, maxOutputTokens: Int? = nil,
        trainingContextTokens: Int? = nil, shutdownDate: String? = nil, vision: Bool = false, promptCompletion: Bool = false
    ) {
        self.id = id
        self.aliases = aliases
        self.created = created
        self.ownedBy = ownedBy
        self.methods = methods
        self.reasoning = reasoning
        self.graderModel = graderModel
        self.contextWindow = contextWindow
        self.maxOutputTokens = maxOutputTokens
        self.trainingContextTokens = trainingContextTokens
        self.shutdownDate = shutdownDate
        self.vision = vision
        self.promptCompletion = promptCompletion
    }

    /// Whether the model takes any fine-tuning method.
    public var isFineTunable: Bool { !methods.isEmpty }

    /// Whether `name` is the model's id or one of its aliases (case-sensitive, like the platform).
    public func isNamed(_ name: String) -> Bool {
        id == name || aliases.contains(name)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, aliases, created
        case ownedBy = "owned_by"
        case methods, reasoning
        case graderModel = "grader_model"
        case contextWindow = "context_window"
        case maxOutputTokens = "max_output_tokens"
        case trainingContextTokens = "training_context_tokens"
        case shutdownDate = "shutdown_date"
        case vision
        case promptCompletion = "prompt_completion"
    }
}
