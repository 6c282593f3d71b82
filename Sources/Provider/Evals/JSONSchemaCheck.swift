internal import Graders

/// The part of JSON Schema an eval's `item_schema` needs: `type` (one or a list), `properties`,
/// `required`, `items` and `enum`; other keywords are accepted and not checked.
enum JSONSchemaCheck {
    /// A problem and the JSON path where it is.
    struct Problem: Sendable, Equatable {
        var path: String
        var message: String
    }

    static let typeNames = ["object", "array", "string", "number", "integer", "boolean", "null"]

    /// The first problem with a schema itself (an unknown `type`, `required` not a list of strings).
    static func problemInSchema(_ schema: JSONValue, path: String) -> Problem? {
        guard case .object(let members) = schema else { return Problem(path: path, message: "\(path) must be a JSON schema object, got \(schema.kindName)") }
        if let type = members["type"] {
            let names: [JSONValue]
            switch type {
            case .string: names = [type]
            case .array(let list): names = list
            default: return Problem(path: "\(path).type", message: "\(path).type must be a type name or a list of them, got \(type.kindName)")
            }
            for name in names where !typeNames.contains(name.stringValue ?? "") {
                return Problem(path: "\(path).type", message: "\(path).type: \(name.jsonText) is not a JSON Schema type (\(typeNames.joined(separator: ", ")))")
            }
        }
        if let required = members["required"] {
            guard case .array(let names) = required, names.allSatisfy({ $0.stringValue != nil }) else {
                return Problem(path: "\(path).required", message: "\(path).required must be a list of property names")
            }
        }
        if let properties = members["properties"] {
            guard case .object(let map) = properties else {
                return Problem(path: "\(path).properties", message: "\(path).properties must be an object of schemas, got \(properties.kindName)")
            }
            for key in map.keys.sorted() {
                if let problem = problemInSchema(map[key]!, path: "\(path).properties.\(key)") { return problem }
            }
        }
        if let items = members["items"], case .object = items, let problem = problemInSchema(items, path: "\(path).items") { return problem }
        return nil
    }

    /// The first place where `value` does not match `schema`, or `nil`.
    static func problem(in value: JSONValue, schema: JSONValue, path: String) -> Problem? {
        guard case .object(let members) = schema else { return nil }
        if let type = members["type"] {
            let names = (type.stringValue.map { [$0] }) ?? ((type.arrayValue ?? []).compactMap(\.stringValue))
            if !names.isEmpty, !names.contains(where: { matches(value, $0) }) {
                return Problem(path: path, message: "\(path) must be \(names.joined(separator: " or ")), got \(value.kindName)")
            }
        }
        if case .array(let allowed)? = members["enum"], !allowed.contains(value) {
            return Problem(path: path, message: "\(path) must be one of \(allowed.map(\.jsonText).joined(separator: ", ")), got \(value.jsonText)")
        }
        if case .object(let fields) = value {
            if case .array(let required)? = members["required"] {
                for name in required.compactMap(\.stringValue) where fields[name] == nil {
                    return Problem(path: "\(path).\(name)", message: "\(path).\(name) is required by the item_schema but missing")
                }
            }
            if case .object(let properties)? = members["properties"] {
                for key in properties.keys.sorted() {
                    guard let field = fields[key] else { continue }
                    if let problem = problem(in: field, schema: properties[key]!, path: "\(path).\(key)") { return problem }
                }
            }
        }
        if case .array(let elements) = value, let items = members["items"] {
            for (index, element) in elements.enumerated() {
                if let problem = problem(in: element, schema: items, path: "\(path)[\(index)]") { return problem }
            }
        }
        return nil
    }

    private static func matches(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("null", .null), ("number", .number): true
        case ("integer", .number(let number)): number == number.rounded()
        default: false
        }
    }
}

extension JSONValue {
    /// The elements of an array, or `nil`.
    var arrayValue: [JSONValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }
}
