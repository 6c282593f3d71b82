/// `multi`: several named graders combined by a formula over their scores.
public struct MultiGrader: Hashable, Sendable {
    public var name: String
    /// The sub-graders by key; the keys are the formula's variables.
    public var graders: [String: Grader]
    /// The formula, e.g. `0.5 * compliant + 0.5 * explanation`.
    public var calculateOutput: String

    public init(name: String, graders: [String: Grader], calculateOutput: String) {
        self.name = name
        self.graders = graders
        self.calculateOutput = calculateOutput
    }

    init(_ reader: JSONObjectReader) throws(GraderDefinitionError) {
        try reader.rejectUnknownKeys(allowed: ["type", "name", "graders", "calculate_output"], type: "multi")
        name = try reader.string("name")
        calculateOutput = try reader.string("calculate_output")
        guard let value = reader.members["graders"] else { throw reader.missing("graders") }
        // The spec types `graders` as one grader; every guide and example uses a map, as we do.
        guard case .object(let members) = value else {
            throw GraderDefinitionError(
                path: reader.childPath("graders"),
                message: "must be an object mapping each formula variable to a grader, e.g. {\"accuracy\": {\"type\": \"string_check\", …}}")
        }
        if members["type"]?.stringValue != nil, members.count > 1 {
            throw GraderDefinitionError(
                path: reader.childPath("graders"),
                message: "looks like a single grader; give a map of named graders instead, e.g. {\"accuracy\": { … }}")
        }
        guard !members.isEmpty else {
            throw GraderDefinitionError(path: reader.childPath("graders"), message: "must name at least one grader")
        }
        var graders: [String: Grader] = [:]
        for key in members.keys.sorted() {
            graders[key] = try Grader(json: members[key]!, path: "\(reader.childPath("graders")).\(key)")
        }
        self.graders = graders
    }

    var json: JSONValue {
        ["type": "multi", "name": .string(name), "graders": .object(graders.mapValues(\.json)), "calculate_output": .string(calculateOutput)]
    }
}
