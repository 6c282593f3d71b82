public import Graders

extension ScenarioValue {
    /// The value as JSON. Plain scalars that read as numbers, `true`/`false` or `null` become
    /// those; everything else is a string (so a string that looks like a number is best kept in
    /// a JSON file referenced by path).
    public var json: JSONValue {
        switch self {
        case .null: return .null
        case .scalar(let text, _):
            if text == "true" { return .bool(true) }
            if text == "false" { return .bool(false) }
            if let number = Double(text), number.isFinite, text.first.map({ $0.isNumber || $0 == "-" || $0 == "." }) == true {
                return .number(number)
            }
            return .string(text)
        case .sequence(let elements, _): return .array(elements.map(\.json))
        case .mapping(let members, _):
            return .object(Dictionary(members.map { ($0.key, $0.value.json) }, uniquingKeysWith: { $1 }))
        }
    }
}
