/// The grader models the platform accepts for `score_model` and `label_model`.
public enum GraderModels {
    /// Snapshot names allowed as `model`.
    public static let allowed = [
        "gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18", "gpt-4.1-2025-04-14", "gpt-4.1-mini-2025-04-14",
        "gpt-4.1-nano-2025-04-14", "o1-2024-12-17", "o3-mini-2025-01-31", "o3-2025-04-16", "o4-mini-2025-04-16",
    ]

    /// Whether `model` is a reasoning model (no `temperature`; takes `reasoning_effort`).
    public static func isReasoning(_ model: String) -> Bool {
        model.hasPrefix("o1") || model.hasPrefix("o3") || model.hasPrefix("o4")
    }
}

/// `sampling_params` of a `score_model` grader.
public struct SamplingParams: Hashable, Sendable {
    public var seed: Double?
    public var topP: Double?
    public var temperature: Double?
    public var maxCompletionsTokens: Double?
    public var reasoningEffort: String?

    public init(seed: Double? = nil, topP: Double? = nil, temperature: Double? = nil, maxCompletionsTokens: Double? = nil, reasoningEffort: String? = nil) {
        self.seed = seed
        self.topP = topP
        self.temperature = temperature
        self.maxCompletionsTokens = maxCompletionsTokens
        self.reasoningEffort = reasoningEffort
    }

    static let keys = ["seed", "top_p", "temperature", "max_completions_tokens", "reasoning_effort"]
    static let reasoningEfforts = ["minimal", "low", "medium", "high"]

    init(json: JSONValue, path: String) throws(GraderDefinitionError) {
        let reader = try JSONObjectReader(json, path: path, what: "sampling_params")
        try reader.rejectUnknownKeys(allowed: Self.keys, type: "score_model's sampling_params: a")
        seed = try reader.optionalNumber("seed")
        topP = try reader.optionalNumber("top_p")
        temperature = try reader.optionalNumber("temperature")
        maxCompletionsTokens = try reader.optionalNumber("max_completions_tokens")
        reasoningEffort = try reader.optionalString("reasoning_effort")
        if let reasoningEffort, !Self.reasoningEfforts.contains(reasoningEffort) {
            throw GraderDefinitionError(
                path: reader.childPath("reasoning_effort"),
                message: "\"\(reasoningEffort)\" is not allowed; use one of \(Self.reasoningEfforts.joined(separator: ", "))")
        }
    }

    var json: JSONValue {
        var members: [String: JSONValue] = [:]
        if let seed { members["seed"] = .number(seed) }
        if let topP { members["top_p"] = .number(topP) }
        if let temperature { members["temperature"] = .number(temperature) }
        if let maxCompletionsTokens { members["max_completions_tokens"] = .number(maxCompletionsTokens) }
        if let reasoningEffort { members["reasoning_effort"] = .string(reasoningEffort) }
        return .object(members)
    }
}

/// `score_model`: a model reads the rendered prompt and answers a number, clipped to `range`.
public struct ScoreModelGrader: Hashable, Sendable {
    public var name: String
    public var model: String
    public var input: [GraderMessage]
    /// `[min, max]`; the platform's default is `[0, 1]`.
    public var range: [Double]?
    public var samplingParams: SamplingParams?
    /// The evals-only `pass_threshold`, kept so definitions round-trip.
    public var passThreshold: Double?

    public init(name: String, model: String, input: [GraderMessage], range: [Double]? = nil, samplingParams: SamplingParams? = nil, passThreshold: Double? = nil) {
        self.name = name
        self.model = model
        self.input = input
        self.range = range
        self.samplingParams = samplingParams
        self.passThreshold = passThreshold
    }

    /// The effective range: `range`, or `[0, 1]`.
    public var bounds: (lower: Double, upper: Double) {
        guard let range, range.count == 2 else { return (0, 1) }
        return (range[0], range[1])
    }

    init(_ reader: JSONObjectReader) throws(GraderDefinitionError) {
        try reader.rejectUnknownKeys(
            allowed: ["type", "name", "model", "input", "range", "sampling_params", "pass_threshold"], type: "score_model")
        name = try reader.string("name")
        model = try reader.string("model")
        input = try Self.messages(reader)
        passThreshold = try reader.optionalNumber("pass_threshold")
        if let value = reader.members["range"], value != .null {
            guard case .array(let bounds) = value, bounds.allSatisfy({ $0.numberValue != nil }) else {
                throw GraderDefinitionError(path: reader.childPath("range"), message: "must be an array of two numbers [min, max]")
            }
            range = bounds.compactMap(\.numberValue)
        }
        if let value = reader.members["sampling_params"], value != .null {
            samplingParams = try SamplingParams(json: value, path: reader.childPath("sampling_params"))
        }
    }

    static func messages(_ reader: JSONObjectReader) throws(GraderDefinitionError) -> [GraderMessage] {
        guard let value = reader.members["input"] else { throw reader.missing("input") }
        guard case .array(let elements) = value else {
            throw GraderDefinitionError(path: reader.childPath("input"), message: "must be an array of messages, not \(value.kindName)")
        }
        var messages: [GraderMessage] = []
        for (index, element) in elements.enumerated() {
            messages.append(try GraderMessage(json: element, path: "\(reader.childPath("input"))[\(index)]"))
        }
        return messages
    }

    var json: JSONValue {
        var members: [String: JSONValue] = [
            "type": "score_model", "name": .string(name), "model": .string(model), "input": .array(input.map(\.json)),
        ]
        if let range { members["range"] = .array(range.map(JSONValue.number)) }
        if let samplingParams { members["sampling_params"] = samplingParams.json }
        if let passThreshold { members["pass_threshold"] = .number(passThreshold) }
        return .object(members)
    }
}

/// `label_model`: a model picks one of `labels`; a label in `passing_labels` scores 1, else 0.
/// The platform allows it only inside a `multi` grader.
public struct LabelModelGrader: Hashable, Sendable {
    public var name: String
    public var model: String
    public var input: [GraderMessage]
    public var labels: [String]
    public var passingLabels: [String]

    public init(name: String, model: String, input: [GraderMessage], labels: [String], passingLabels: [String]) {
        self.name = name
        self.model = model
        self.input = input
        self.labels = labels
        self.passingLabels = passingLabels
    }

    init(_ reader: JSONObjectReader) throws(GraderDefinitionError) {
        try reader.rejectUnknownKeys(allowed: ["type", "name", "model", "input", "labels", "passing_labels"], type: "label_model")
        name = try reader.string("name")
        model = try reader.string("model")
        input = try ScoreModelGrader.messages(reader)
        labels = try reader.stringArray("labels")
        passingLabels = try reader.stringArray("passing_labels")
    }

    var json: JSONValue {
        ["type": "label_model", "name": .string(name), "model": .string(model), "input": .array(input.map(\.json)),
         "labels": .array(labels.map(JSONValue.string)), "passing_labels": .array(passingLabels.map(JSONValue.string))]
    }
}
