internal import Foundation
internal import Graders

/// A problem at one place in a JSON document, before it is wrapped in the caller's error type.
struct JSONFieldError: Error {
    /// The JSON path of the offending value (`training.o4-mini-2025-04-16.price`), empty for the root.
    let path: String
    /// What is wrong and what is allowed.
    let message: String
}

/// Reads the members of one JSON object of a data file, tracking the path for error messages
/// and refusing keys the file format does not define (a misspelt key is a mistake worth reporting).
struct JSONFields {
    let members: [String: JSONValue]
    let path: String

    init(_ value: JSONValue, path: String, what: String) throws(JSONFieldError) {
        guard case .object(let members) = value else {
            throw JSONFieldError(path: path, message: "\(what) must be a JSON object, not \(value.kindName)")
        }
        self.members = members
        self.path = path
    }

    /// Parses a whole document.
    static func parse(_ data: Data) throws(JSONFieldError) -> JSONValue {
        do {
            return try JSONValue(parsing: data)
        } catch {
            throw JSONFieldError(path: "", message: "is not valid JSON (\(error))")
        }
    }

    func childPath(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    /// Throws for the first key (in sorted order) outside `allowed`.
    func rejectUnknownKeys(allowed: [String]) throws(JSONFieldError) {
        for key in members.keys.sorted() where !allowed.contains(key) {
            throw JSONFieldError(path: childPath(key), message: "unknown key; allowed keys are \(allowed.joined(separator: ", "))")
        }
    }

    func value(_ key: String) throws(JSONFieldError) -> JSONValue {
        guard let value = members[key] else {
            throw JSONFieldError(path: childPath(key), message: "is required but missing")
        }
        return value
    }

    /// The member, or `nil` when it is absent or `null`.
    func optionalValue(_ key: String) -> JSONValue? {
        guard let value = members[key], value != .null else { return nil }
        return value
    }

    func string(_ key: String, nonEmpty: Bool = true) throws(JSONFieldError) -> String {
        let value = try value(key)
        return try Self.string(value, path: childPath(key), nonEmpty: nonEmpty)
    }

    func optionalString(_ key: String) throws(JSONFieldError) -> String? {
        guard let value = optionalValue(key) else { return nil }
        return try Self.string(value, path: childPath(key), nonEmpty: true)
    }

    func bool(_ key: String) throws(JSONFieldError) -> Bool {
        let value = try value(key)
        guard case .bool(let flag) = value else {
            throw JSONFieldError(path: childPath(key), message: "must be true or false, not \(value.kindName)")
        }
        return flag
    }

    func int(_ key: String, minimum: Int) throws(JSONFieldError) -> Int {
        try Self.int(value(key), path: childPath(key), minimum: minimum)
    }

    func optionalInt(_ key: String, minimum: Int) throws(JSONFieldError) -> Int? {
        guard let value = optionalValue(key) else { return nil }
        return try Self.int(value, path: childPath(key), minimum: minimum)
    }

    /// A finite number within `range`.
    func number(_ key: String, in range: ClosedRange<Double>, unit: String = "") throws(JSONFieldError) -> Double {
        let value = try value(key)
        guard case .number(let number) = value else {
            throw JSONFieldError(path: childPath(key), message: "must be a number\(unit), not \(value.kindName)")
        }
        guard number.isFinite, range.contains(number) else {
            throw JSONFieldError(path: childPath(key), message: "must be between \(range.lowerBound) and \(range.upperBound)\(unit); it is \(number)")
        }
        return number
    }

    /// The elements of an array member, each with its path (`models[3]`).
    func array(_ key: String, of what: String) throws(JSONFieldError) -> [(path: String, value: JSONValue)] {
        let value = try value(key)
        guard case .array(let elements) = value else {
            throw JSONFieldError(path: childPath(key), message: "must be an array of \(what), not \(value.kindName)")
        }
        return elements.enumerated().map { ("\(childPath(key))[\($0.offset)]", $0.element) }
    }

    /// An array of distinct strings.
    func stringArray(_ key: String) throws(JSONFieldError) -> [String] {
        var strings: [String] = []
        for (path, element) in try array(key, of: "strings") {
            let text = try Self.string(element, path: path, nonEmpty: true)
            guard !strings.contains(text) else {
                throw JSONFieldError(path: path, message: "\"\(text)\" is listed twice")
            }
            strings.append(text)
        }
        return strings
    }

    /// An array of distinct values of a closed set, named by their raw values.
    func enumArray<Value: RawRepresentable & CaseIterable & Equatable>(_ key: String, of type: Value.Type) throws(JSONFieldError) -> [Value]
    where Value.RawValue == String {
        var values: [Value] = []
        for (index, text) in try stringArray(key).enumerated() {
            values.append(try Self.enumValue(text, path: "\(childPath(key))[\(index)]", of: type))
        }
        return values
    }

    /// A member that is a JSON object.
    func object(_ key: String, what: String) throws(JSONFieldError) -> JSONFields {
        try JSONFields(value(key), path: childPath(key), what: what)
    }

    /// The members of an object member in sorted key order, each as an object.
    func objectMap(_ key: String, what: String) throws(JSONFieldError) -> [(key: String, fields: JSONFields)] {
        let map = try object(key, what: "\(key)")
        var entries: [(key: String, fields: JSONFields)] = []
        for name in map.members.keys.sorted() {
            entries.append((name, try JSONFields(map.members[name]!, path: map.childPath(name), what: what)))
        }
        return entries
    }

    static func string(_ value: JSONValue, path: String, nonEmpty: Bool) throws(JSONFieldError) -> String {
        guard case .string(let text) = value else {
            throw JSONFieldError(path: path, message: "must be a string, not \(value.kindName)")
        }
        guard !nonEmpty || !text.isEmpty else {
            throw JSONFieldError(path: path, message: "must not be empty")
        }
        return text
    }

    static func int(_ value: JSONValue, path: String, minimum: Int) throws(JSONFieldError) -> Int {
        guard case .number(let number) = value, number == number.rounded(), abs(number) < 9e15 else {
            throw JSONFieldError(path: path, message: "must be an integer, not \(value.kindName == "a number" ? "a fraction" : value.kindName)")
        }
        guard Int(number) >= minimum else {
            throw JSONFieldError(path: path, message: "must be at least \(minimum); it is \(Int(number))")
        }
        return Int(number)
    }

    static func enumValue<Value: RawRepresentable & CaseIterable>(_ text: String, path: String, of type: Value.Type) throws(JSONFieldError) -> Value
    where Value.RawValue == String {
        guard let value = Value(rawValue: text) else {
            let allowed = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw JSONFieldError(path: path, message: "\"\(text)\" is not allowed; use one of \(allowed)")
        }
        return value
    }
}
