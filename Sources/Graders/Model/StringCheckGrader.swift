/// `string_check`: compares two rendered templates; scores 1 or 0.
public struct StringCheckGrader: Hashable, Sendable {
    /// How `input` is compared with `reference`.
    public enum Operation: String, CaseIterable, Sendable {
        /// Equal, case-sensitive.
        case eq
        /// Not equal, case-sensitive.
        case ne
        /// `input` contains `reference`, case-sensitive.
        case like
        /// `input` contains `reference`, ignoring case.
        case ilike
    }

    public var name: String
    /// A template, usually `{{sample.output_text}}`.
    public var input: String {
        get { inputTemplate.source }
        set { inputTemplate = PreparedTemplate(newValue) }
    }
    /// A template, usually `{{item.…}}`.
    public var reference: String {
        get { referenceTemplate.source }
        set { referenceTemplate = PreparedTemplate(newValue) }
    }
    var inputTemplate: PreparedTemplate
    var referenceTemplate: PreparedTemplate
    public var operation: Operation

    public init(name: String, input: String, reference: String, operation: Operation) {
        self.name = name
        self.inputTemplate = PreparedTemplate(input)
        self.referenceTemplate = PreparedTemplate(reference)
        self.operation = operation
    }

    init(_ reader: JSONObjectReader) throws(GraderDefinitionError) {
        try reader.rejectUnknownKeys(allowed: ["type", "name", "input", "reference", "operation"], type: "string_check")
        name = try reader.string("name")
        inputTemplate = PreparedTemplate(try reader.string("input"))
        referenceTemplate = PreparedTemplate(try reader.string("reference"))
        operation = try reader.choice("operation", as: Operation.self)
    }

    var json: JSONValue {
        ["type": "string_check", "name": .string(name), "input": .string(input), "reference": .string(reference),
         "operation": .string(operation.rawValue)]
    }
}
