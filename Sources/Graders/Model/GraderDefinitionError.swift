/// A grader definition that cannot be used, with the JSON path of the offending value.
///
/// ```
/// graders.explanation.evaluation_metric: "rouge" is not allowed; use one of cosine, fuzzy_match, …
/// ```
public struct GraderDefinitionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Where the problem is, as a JSON path from the grader object (`input[0].role`), or
    /// empty for the grader object itself.
    public let path: String
    /// What is wrong and what is allowed.
    public let message: String

    /// Creates an error at `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String {
        path.isEmpty ? message : "\(path): \(message)"
    }
}

/// Reads the members of one JSON object, tracking the path for error messages and refusing
/// keys the platform does not define (a misspelt key is a mistake worth reporting).
struct JSONObjectReader {
    let members: [String: JSONValue]
    let path: String

    init(_ value: JSONValue, path: String, what: String) throws(GraderDefinitionError) {
        guard case .object(let members) = value else {
            throw GraderDefinitionError(path: path, message: "\(what) must be a JSON object, not \(value.kindName)")
        }
        self.members = members
        self.path = path
    }

    func childPath(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    func rejectUnknownKeys(allowed: [String], type: String) throws(GraderDefinitionError) {
        for key in members.keys.sorted() where !allowed.contains(key) {
            throw GraderDefinitionError(
                path: childPath(key),
                message: "unknown key for a \(type) grader; allowed keys are \(allowed.joined(separator: ", "))"
            )
        }
    }

    func string(_ key: String) throws(GraderDefinitionError) -> String {
        guard let value = members[key] else { throw missing(key) }
        guard case .string(let text) = value else {
            throw GraderDefinitionError(path: childPath(key), message: "must be a string, not \(value.kindName)")
        }
        return text
    }

    func optionalString(_ key: String) throws(GraderDefinitionError) -> String? {
        guard let value = members[key], value != .null else { return nil }
        return try string(key)
    }

    func optionalNumber(_ key: String) throws(GraderDefinitionError) -> Double? {
        guard let value = members[key], value != .null else { return nil }
        guard case .number(let number) = value else {
            throw GraderDefinitionError(path: childPath(key), message: "must be a number, not \(value.kindName)")
        }
        return number
    }

    func stringArray(_ key: String) throws(GraderDefinitionError) -> [String] {
        guard let value = members[key] else { throw missing(key) }
        guard case .array(let elements) = value else {
            throw GraderDefinitionError(path: childPath(key), message: "must be an array of strings, not \(value.kindName)")
        }
        var strings: [String] = []
        for (index, element) in elements.enumerated() {
            guard case .string(let text) = element else {
                throw GraderDefinitionError(path: "\(childPath(key))[\(index)]", message: "must be a string, not \(element.kindName)")
            }
            strings.append(text)
        }
        return strings
    }

    func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, as: Choice.Type) throws(GraderDefinitionError) -> Choice
    where Choice.RawValue == String {
        let text = try string(key)
        guard let choice = Choice(rawValue: text) else {
            let allowed = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            throw GraderDefinitionError(path: childPath(key), message: "\"\(text)\" is not allowed; use one of \(allowed)")
        }
        return choice
    }

    func missing(_ key: String) -> GraderDefinitionError {
        GraderDefinitionError(path: childPath(key), message: "is required")
    }
}
