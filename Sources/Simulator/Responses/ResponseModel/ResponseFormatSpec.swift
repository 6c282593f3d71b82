internal import Graders

/// A `response_format` as the builder uses it: whether the answer must be JSON, and the JSON
/// schema's top-level properties when there is one.
///
/// Accepted shapes: the API's `{"type": "json_schema", "json_schema": {"name": …, "schema": {…}}}`,
/// `{"type": "json_object"}` (JSON required, no schema), `{"type": "text"}` (no constraint), or a
/// bare JSON schema (`{"type": "object", "properties": {…}}`).
struct ResponseFormatSpec: Sendable {
    /// Whether the answer must parse as JSON (graders then flag `sample_parse_error` otherwise).
    let requiresJSON: Bool
    /// The schema's properties, sorted by name, each with its own schema.
    let properties: [(name: String, schema: JSONValue)]

    init(_ format: JSONValue?) throws(SimulatorError) {
        guard let format else {
            requiresJSON = false
            properties = []
            return
        }
        guard case .object = format else {
            throw .invalid("responseFormat", "responseFormat must be a JSON object, not \(format.kindName)")
        }
        var schema: JSONValue?
        switch format["type"]?.stringValue {
        case "json_schema":
            guard let inner = format["json_schema"]?["schema"] else {
                throw .invalid("responseFormat.json_schema.schema", "a json_schema response format needs json_schema.schema, the JSON schema itself")
            }
            schema = inner
        case "json_object": schema = nil
        case "text":
            requiresJSON = false
            properties = []
            return
        default:
            guard format["properties"] != nil || format["type"]?.stringValue == "object" else {
                throw .invalid("responseFormat.type", "responseFormat must be {\"type\": \"json_schema\", …}, {\"type\": \"json_object\"}, {\"type\": \"text\"} or a JSON schema with properties")
            }
            schema = format
        }
        requiresJSON = true
        guard let members = schema?["properties"] else {
            properties = []
            return
        }
        guard case .object(let byName) = members else {
            throw .invalid("responseFormat.properties", "the schema's properties must be an object, not \(members.kindName)")
        }
        properties = byName.keys.sorted().map { ($0, byName[$0]!) }
    }

    /// The values a schema-conforming answer may give a property: its `enum` when it has one,
    /// else the `seen` dataset values that fit its `type`, else a default per type
    /// (`""`, `true`/`false`, `0`/`1`, `[]`, `{}`, `null`).
    static func pool(for schema: JSONValue?, seen: [JSONValue]) -> [JSONValue] {
        if case .array(let values)? = schema?["enum"], !values.isEmpty { return values }
        let type = schema?["type"]?.stringValue
        let fitting = seen.filter { fits($0, type: type) }
        if !fitting.isEmpty { return fitting }
        switch type {
        case "boolean": return [true, false]
        case "number", "integer": return [0, 1]
        case "array": return [[]]
        case "object": return [[:]]
        case "null": return [nil]
        default: return [""]
        }
    }

    private static func fits(_ value: JSONValue, type: String?) -> Bool {
        switch (type, value) {
        case (nil, _), ("string", .string), ("boolean", .bool), ("number", .number), ("array", .array),
             ("object", .object), ("null", .null): true
        case ("integer", .number(let number)): number == number.rounded()
        default: false
        }
    }
}
