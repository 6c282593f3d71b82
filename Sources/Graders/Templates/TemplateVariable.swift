/// One `{{ namespace.path }}` placeholder.
public struct TemplateVariable: Hashable, Sendable {
    /// The two namespaces the platform supports.
    public enum Namespace: String, CaseIterable, Sendable {
        case item
        case sample
    }

    /// A step of the path: an object key or an array index.
    public enum Component: Hashable, Sendable {
        case key(String)
        case index(Int)
    }

    /// Where resolution starts, decided at parse time so rendering compares no strings.
    enum Root: Hashable, Sendable {
        case item, sample, sampleOutputText, sampleOutputJSON
    }

    public let namespace: Namespace
    public let path: [Component]
    let root: Root
    /// The placeholder's text without braces and surrounding spaces.
    public let text: String

    init(parsing inside: Substring, in template: String) throws(TemplateError) {
        let trimmed = inside.trimmingScalars(" \t\n")
        text = trimmed
        guard !trimmed.isEmpty else {
            throw TemplateError(template: template, message: "an empty placeholder {{}}; write {{item.field}} or {{sample.output_text}}")
        }
        var components: [Component] = []
        var current = ""
        var scalars = trimmed.unicodeScalars.makeIterator()
        var pendingKey = true  // a key is expected before the next '.' or '['
        func fail(_ why: String) -> TemplateError {
            TemplateError(template: template, message: "{{\(trimmed)}} is not a valid variable: \(why)")
        }
        while let scalar = scalars.next() {
            switch scalar {
            case ".":
                if pendingKey {
                    guard !current.isEmpty else { throw fail("an empty name before '.'") }
                    components.append(.key(current))
                }
                current = ""
                pendingKey = true
            case "[":
                if pendingKey {
                    guard !current.isEmpty else { throw fail("an index must follow a name") }
                    components.append(.key(current))
                }
                current = ""
                var digits = ""
                while let next = scalars.next(), next != "]" { digits.unicodeScalars.append(next) }
                guard let index = Int(digits.trimmingScalars(" ")), index >= 0 else {
                    throw fail("[\(digits)] is not a non-negative index")
                }
                components.append(.index(index))
                pendingKey = false
            case " ", "\t", "\n", "]", "{", "}":
                throw fail("unexpected '\(scalar)'")
            default:
                guard pendingKey else { throw fail("expected '.' or '[' after an index") }
                current.unicodeScalars.append(scalar)
            }
        }
        if pendingKey {
            guard !current.isEmpty else { throw fail("it ends with '.'") }
            components.append(.key(current))
        }
        guard case .key(let first) = components.first, let namespace = Namespace(rawValue: first) else {
            throw fail("the namespace must be item or sample, e.g. {{item.answer}} or {{sample.output_text}}")
        }
        self.namespace = namespace
        self.path = Array(components.dropFirst())
        switch (namespace, path.first) {
        case (.item, _): root = .item
        case (.sample, .key("output_text")): root = .sampleOutputText
        case (.sample, .key("output_json")): root = .sampleOutputJSON
        case (.sample, _): root = .sample
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing characters from `characters`.
    func trimmingScalars(_ characters: String) -> String {
        let set = Set(characters.unicodeScalars)
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !set.contains($0) }) else { return "" }
        let end = scalars.lastIndex(where: { !set.contains($0) })!
        return String(String.UnicodeScalarView(scalars[start...end]))
    }
}
