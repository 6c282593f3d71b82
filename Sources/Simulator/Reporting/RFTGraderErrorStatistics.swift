/// `errors.graders[]`: one grader's error rates (`_mean`, the share of its calls that raised the
/// error) and counts (`_count`), for training and validation.
///
/// Encoded flat, as the platform does: `{"name", "type", "train_sample_parse_error_mean",
/// "valid_sample_parse_error_mean", "train_sample_parse_error_count", …}`, one quadruple per
/// entry of ``errors`` (the `valid_` pair only at validation steps).
public struct GraderErrorStatistics: Sendable, Hashable, Codable {
    /// The grader's name (a multi grader's sub-grader key).
    public var name: String
    /// The grader's `type`.
    public var type: String
    /// One entry per reported error kind, in ``RFTErrorKind`` order.
    public var errors: [Entry]

    /// One error kind's statistics.
    public struct Entry: Sendable, Hashable {
        /// The platform's name, e.g. `sample_parse_error`.
        public var kind: String
        public var trainMean: Double
        public var trainCount: Double
        public var validMean: Double?
        public var validCount: Double?

        /// Creates an entry.
        public init(kind: String, trainMean: Double, trainCount: Double, validMean: Double? = nil, validCount: Double? = nil) {
            self.kind = kind
            self.trainMean = trainMean
            self.trainCount = trainCount
            self.validMean = validMean
            self.validCount = validCount
        }
    }

    /// Creates statistics.
    public init(name: String, type: String, errors: [Entry]) {
        self.name = name
        self.type = type
        self.errors = errors
    }

    /// The entry of `kind`, if reported.
    public subscript(kind: String) -> Entry? {
        errors.first { $0.kind == kind }
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(name, forKey: Key("name"))
        try container.encode(type, forKey: Key("type"))
        for entry in errors {
            try container.encode(entry.trainMean, forKey: Key("train_\(entry.kind)_mean"))
            try container.encode(entry.trainCount, forKey: Key("train_\(entry.kind)_count"))
            try container.encodeIfPresent(entry.validMean, forKey: Key("valid_\(entry.kind)_mean"))
            try container.encodeIfPresent(entry.validCount, forKey: Key("valid_\(entry.kind)_count"))
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        name = try container.decode(String.self, forKey: Key("name"))
        type = try container.decode(String.self, forKey: Key("type"))
        let kinds = Set(container.allKeys.compactMap { key -> String? in
            let s = key.stringValue
            guard s.hasPrefix("train_"), s.hasSuffix("_mean") else { return nil }
            return String(s.dropFirst(6).dropLast(5))
        })
        let order = RFTErrorKind.allCases.map(\.rawValue)
        errors = try kinds.sorted { (order.firstIndex(of: $0) ?? .max, $0) < (order.firstIndex(of: $1) ?? .max, $1) }.map { kind in
            Entry(kind: kind,
                  trainMean: try container.decode(Double.self, forKey: Key("train_\(kind)_mean")),
                  trainCount: try container.decode(Double.self, forKey: Key("train_\(kind)_count")),
                  validMean: try container.decodeIfPresent(Double.self, forKey: Key("valid_\(kind)_mean")),
                  validCount: try container.decodeIfPresent(Double.self, forKey: Key("valid_\(kind)_count")))
        }
    }
}

/// The error kinds the RFT metrics event reports per grader (RFT guide, openai-finetuning-api.md
/// §5.1): the three of the guide's real event (`other_error`, `sample_parse_error`,
/// `invalid_variable_error`) for every grader, and the python ones for `python` graders.
/// `model_grader_server_error` is listed by the guide but absent from its real `score_model`
/// event, so it is not reported (its flag still counts as the result's error elsewhere).
public enum RFTErrorKind: String, CaseIterable, Sendable {
    case otherError = "other_error"
    case sampleParseError = "sample_parse_error"
    case invalidVariableError = "invalid_variable_error"
    case pythonGraderServerError = "python_grader_server_error"
    case pythonGraderRuntimeError = "python_grader_runtime_error"
    case modelGraderServerError = "model_grader_server_error"

    /// The kinds reported for a grader of `type`.
    public static func reported(forType type: String) -> [RFTErrorKind] {
        var kinds: [RFTErrorKind] = [.otherError, .sampleParseError, .invalidVariableError]
        if type == "python" { kinds += [.pythonGraderServerError, .pythonGraderRuntimeError] }
        return kinds
    }
}
