public import Graders
internal import Simulator

/// What the models answer with and what answering has cost: the base models' answer spaces over
/// uploaded datasets, the prompts of those datasets, the deleted models, and the token usage of
/// every chat completion and response, by what it is billed as.
struct InferenceStore: Sendable {
    /// A base model's answer space over one uploaded file (built on first use, then shared).
    var datasetAnswers: [DatasetAnswerKey: SharedResponseModel] = [:]
    /// The prompts (last user message) of each indexed fine-tune file, to their first item.
    var filePrompts: [String: [String: Int]] = [:]
    /// Tuned models and checkpoints deleted with `DELETE /v1/models/{id}`: they no longer answer.
    var deletedModels: Set<String> = []
    /// Tokens used, by what they are billed as, in first-use order.
    private(set) var usage: [InferenceUsage] = []
    private var usageIndex: [InferenceUsage.Key: Int] = [:]

    /// Adds `tokens` to the usage billed under `key`.
    mutating func record(_ tokens: TokenUsage, under key: InferenceUsage.Key) {
        if let index = usageIndex[key] {
            usage[index].tokens = usage[index].tokens + tokens
            usage[index].requests += 1
        } else {
            usageIndex[key] = usage.count
            usage.append(InferenceUsage(key: key, tokens: tokens, requests: 1))
        }
    }

    /// The item of file `id` whose last user message is `prompt`, indexing the file on first use.
    mutating func item(matching prompt: String, inFile id: String, lines: () -> [JSONValue]) -> Int? {
        if let index = filePrompts[id] { return index[prompt] }
        var index: [String: Int] = [:]
        for (position, text) in PromptMatcher.prompts(of: lines()).enumerated() where index[text] == nil {
            index[text] = position
        }
        filePrompts[id] = index
        return index[prompt]
    }

    /// Forgets what was derived from file `id` (it was deleted).
    mutating func forget(file id: String) {
        filePrompts[id] = nil
        datasetAnswers = datasetAnswers.filter { $0.key.fileID != id }
    }
}

/// What a base model's answer space over one file is keyed by.
struct DatasetAnswerKey: Hashable, Sendable {
    var fileID: String
    var baseModel: String
}

/// Tokens of chat completions and responses billed under one price.
public struct InferenceUsage: Sendable, Hashable {
    /// What the tokens are billed as.
    public struct Key: Sendable, Hashable {
        /// The base model's snapshot id (a tuned model's base model).
        public var baseModel: String
        /// Whether a fine-tuned model (or checkpoint) answered: fine-tuned inference prices.
        public var fineTuned: Bool
        /// Whether the tuned model's job was created with data sharing on.
        public var dataSharing: Bool
        /// The API key that asked (for per-key bills under isolation).
        public var ownerKey: String
    }

    public var key: Key
    public var tokens: TokenUsage
    /// Requests answered.
    public var requests: Int
}
