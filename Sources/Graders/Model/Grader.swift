import Foundation

/// A grader, exactly as the OpenAI fine-tuning API defines it in JSON.
///
/// ```swift
/// let grader = try Grader(json: JSONValue(parsing: """
///     {"type": "string_check", "name": "exact", "input": "{{sample.output_text}}",
///      "reference": "{{item.answer}}", "operation": "eq"}
///     """))
/// ```
///
/// Decoding checks the shape (required keys, types, allowed values, no unknown keys) and
/// reports the JSON path of the first problem; ``GraderValidator`` checks the rules that span
/// several fields. Encoding gives back the platform's JSON.
public enum Grader: Hashable, Sendable {
    case stringCheck(StringCheckGrader)
    case textSimilarity(TextSimilarityGrader)
    case scoreModel(ScoreModelGrader)
    case labelModel(LabelModelGrader)
    case python(PythonGrader)
    case multi(MultiGrader)

    /// The `type` values, as the platform spells them.
    public enum Kind: String, CaseIterable, Sendable {
        case stringCheck = "string_check"
        case textSimilarity = "text_similarity"
        case scoreModel = "score_model"
        case labelModel = "label_model"
        case python
        case multi
    }

    /// Decodes a grader from its JSON.
    ///
    /// - Parameters:
    ///   - json: the grader object.
    ///   - path: the path of `json` in a larger document, prefixed to error paths.
    /// - Throws: ``GraderDefinitionError`` naming the path of the first problem.
    public init(json: JSONValue, path: String = "") throws(GraderDefinitionError) {
        let reader = try JSONObjectReader(json, path: path, what: "a grader")
        let kind = try reader.choice("type", as: Kind.self)
        switch kind {
        case .stringCheck: self = .stringCheck(try StringCheckGrader(reader))
        case .textSimilarity: self = .textSimilarity(try TextSimilarityGrader(reader))
        case .scoreModel: self = .scoreModel(try ScoreModelGrader(reader))
        case .labelModel: self = .labelModel(try LabelModelGrader(reader))
        case .python: self = .python(try PythonGrader(reader))
        case .multi: self = .multi(try MultiGrader(reader))
        }
    }

    /// The grader's `type`.
    public var kind: Kind {
        switch self {
        case .stringCheck: .stringCheck
        case .textSimilarity: .textSimilarity
        case .scoreModel: .scoreModel
        case .labelModel: .labelModel
        case .python: .python
        case .multi: .multi
        }
    }

    /// The grader's `name` (empty for a `python` grader defined without one).
    public var name: String {
        switch self {
        case .stringCheck(let grader): grader.name
        case .textSimilarity(let grader): grader.name
        case .scoreModel(let grader): grader.name
        case .labelModel(let grader): grader.name
        case .python(let grader): grader.name ?? ""
        case .multi(let grader): grader.name
        }
    }

    /// The grader as the platform's JSON.
    public var json: JSONValue {
        switch self {
        case .stringCheck(let grader): grader.json
        case .textSimilarity(let grader): grader.json
        case .scoreModel(let grader): grader.json
        case .labelModel(let grader): grader.json
        case .python(let grader): grader.json
        case .multi(let grader): grader.json
        }
    }
}

extension Grader: Codable {
    public init(from decoder: any Decoder) throws {
        let json = try JSONValue(from: decoder)
        do {
            try self.init(json: json)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description, underlyingError: error))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }
}
