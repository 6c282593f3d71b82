/// One line of `rftsim grade`'s input: `{"item": {...}, "sample": "<model output text>"}`.
public struct GradeRow: Hashable, Sendable {
    /// The dataset item.
    public var item: JSONValue
    /// The model's output text.
    public var sample: String

    public init(item: JSONValue, sample: String) {
        self.item = item
        self.sample = sample
    }

    /// Parses one JSONL line.
    ///
    /// - Throws: ``GradeRowError`` saying what is wrong with the line.
    public init(line: String, number: Int) throws(GradeRowError) {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: line)
        } catch {
            throw GradeRowError(line: number, message: "not valid JSON (\(Self.describe(error)))")
        }
        guard case .object(let members) = json else {
            throw GradeRowError(line: number, message: "must be a JSON object {\"item\": {...}, \"sample\": \"...\"}, not \(json.kindName)")
        }
        for key in members.keys.sorted() where key != "item" && key != "sample" {
            throw GradeRowError(line: number, message: "unknown key \"\(key)\"; a row has \"item\" (an object) and \"sample\" (a string)")
        }
        guard let sample = members["sample"] else {
            throw GradeRowError(line: number, message: "\"sample\" is required: the model output text to grade")
        }
        guard case .string(let text) = sample else {
            throw GradeRowError(line: number, message: "\"sample\" must be a string (the model output text), not \(sample.kindName)")
        }
        let item = members["item"] ?? .object([:])
        guard case .object = item else {
            throw GradeRowError(line: number, message: "\"item\" must be an object (the dataset row), not \(item.kindName)")
        }
        self.init(item: item, sample: text)
    }

    private static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}

/// A malformed input line.
public struct GradeRowError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The 1-based line number.
    public let line: Int
    public let message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}
