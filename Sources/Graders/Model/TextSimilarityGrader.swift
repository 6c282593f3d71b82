/// `text_similarity`: scores how close the rendered `input` is to the rendered `reference`.
public struct TextSimilarityGrader: Hashable, Sendable {
    /// The metrics, as the platform names them.
    public enum Metric: String, CaseIterable, Sendable {
        case cosine
        case fuzzyMatch = "fuzzy_match"
        case bleu
        case gleu
        case meteor
        case rouge1 = "rouge_1"
        case rouge2 = "rouge_2"
        case rouge3 = "rouge_3"
        case rouge4 = "rouge_4"
        case rouge5 = "rouge_5"
        case rougeL = "rouge_l"
    }

    public var name: String
    public var input: String {
        get { inputTemplate.source }
        set { inputTemplate = PreparedTemplate(newValue) }
    }
    public var reference: String {
        get { referenceTemplate.source }
        set { referenceTemplate = PreparedTemplate(newValue) }
    }
    var inputTemplate: PreparedTemplate
    var referenceTemplate: PreparedTemplate
    public var evaluationMetric: Metric
    /// The evals-only `pass_threshold`, kept so definitions round-trip; it does not change the score.
    public var passThreshold: Double?

    public init(name: String, input: String, reference: String, evaluationMetric: Metric, passThreshold: Double? = nil) {
        self.name = name
        self.inputTemplate = PreparedTemplate(input)
        self.referenceTemplate = PreparedTemplate(reference)
        self.evaluationMetric = evaluationMetric
        self.passThreshold = passThreshold
    }

    init(_ reader: JSONObjectReader) throws(GraderDefinitionError) {
        try reader.rejectUnknownKeys(
            allowed: ["type", "name", "input", "reference", "evaluation_metric", "pass_threshold"], type: "text_similarity")
        name = try reader.string("name")
        inputTemplate = PreparedTemplate(try reader.string("input"))
        referenceTemplate = PreparedTemplate(try reader.string("reference"))
        evaluationMetric = try reader.choice("evaluation_metric", as: Metric.self)
        passThreshold = try reader.optionalNumber("pass_threshold")
    }

    var json: JSONValue {
        var members: [String: JSONValue] = [
            "type": "text_similarity", "name": .string(name), "input": .string(input), "reference": .string(reference),
            "evaluation_metric": .string(evaluationMetric.rawValue),
        ]
        if let passThreshold { members["pass_threshold"] = .number(passThreshold) }
        return .object(members)
    }
}
