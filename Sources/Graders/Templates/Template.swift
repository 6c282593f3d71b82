import Foundation

/// A string with `{{ namespace.path }}` placeholders, as graders use them.
///
/// The namespaces are `item` (the dataset row) and `sample` (the model's output); paths
/// use dots and indexes: `{{item.reference_answer}}`, `{{ sample.output_text }}`,
/// `{{sample.output_json.a.b}}`, `{{sample.output_tools[0].function.name}}`.
/// A string value renders as it is; any other value as compact JSON with sorted keys.
public struct Template: Hashable, Sendable {
    enum Part: Hashable, Sendable {
        case literal(String)
        case variable(TemplateVariable)
    }

    /// The template text.
    public let source: String
    let parts: [Part]

    /// Parses `source`.
    ///
    /// - Throws: ``TemplateError`` for an unclosed `{{`, an empty placeholder, a namespace other
    ///   than `item` or `sample`, or a malformed path.
    public init(_ source: String) throws(TemplateError) {
        self.source = source
        var parts: [Part] = []
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { parts.append(.literal(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw TemplateError(template: source, message: "a placeholder opened with {{ is never closed with }}")
            }
            let inside = rest[open.upperBound..<close.lowerBound]
            parts.append(.variable(try TemplateVariable(parsing: inside, in: source)))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
        self.parts = parts
    }

    /// The placeholders, in order.
    public var variables: [TemplateVariable] {
        parts.compactMap { if case .variable(let variable) = $0 { variable } else { nil } }
    }

    /// Substitutes every placeholder.
    ///
    /// - Throws: ``TemplateError`` naming the first variable that does not resolve.
    public func render(_ context: TemplateContext) throws(TemplateError) -> String {
        var output = ""
        for part in parts {
            switch part {
            case .literal(let text):
                output += text
            case .variable(let variable):
                guard let value = context.resolve(variable) else { throw context.unresolved(variable, in: source) }
                output += value.renderedText
            }
        }
        return output
    }

    /// Renders `source` in one go; see ``render(_:)``.
    public static func render(_ source: String, _ context: TemplateContext) throws(TemplateError) -> String {
        // Most fields are plain text or a single placeholder; skip parsing when there is none.
        guard source.contains("{{") else { return source }
        return try Template(source).render(context)
    }
}

/// Why a template could not be parsed or rendered.
public struct TemplateError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The template's text.
    public let template: String
    /// What is wrong.
    public let message: String
    /// The placeholder that failed to resolve, when rendering failed.
    public let variable: String?

    public init(template: String, message: String, variable: String? = nil) {
        self.template = template
        self.message = message
        self.variable = variable
    }

    public var description: String { message }
}

/// The values templates read: the dataset item and the sample.
public struct TemplateContext: Sendable {
    /// The `item` namespace.
    public var item: JSONValue
    /// The `sample` namespace's source (`output_text`, `output_json`, `output_tools`, `choices`).
    public var sample: Sample

    public init(item: JSONValue, sample: Sample) {
        self.item = item
        self.sample = sample
    }

    /// The start of a path and how many components it consumed: the namespace, except that the
    /// common `sample.output_text` and `sample.output_json` are read from the sample directly
    /// rather than from a built object.
    private func root(of variable: TemplateVariable) -> (JSONValue?, Int) {
        switch variable.root {
        case .item: (item, 0)
        case .sampleOutputText: (.string(sample.outputText), 1)
        case .sampleOutputJSON: (sample.outputJSON, 1)
        case .sample: (sample.namespace, 0)
        }
    }

    func resolve(_ variable: TemplateVariable) -> JSONValue? {
        let (start, consumed) = root(of: variable)
        return start?.value(at: variable.path[consumed...])
    }

    /// The error for a variable that does not resolve, saying where the path breaks.
    func unresolved(_ variable: TemplateVariable, in template: String) -> TemplateError {
        TemplateError(template: template, message: "{{\(variable.text)}} does not resolve: \(explainMissing(variable))", variable: variable.text)
    }

    func explainMissing(_ variable: TemplateVariable) -> String {
        var value: JSONValue = variable.namespace == .item ? item : sample.namespace
        var walked = variable.namespace.rawValue
        for component in variable.path {
            switch (component, value) {
            case (.key(let key), .object(let members)):
                guard let next = members[key] else {
                    let known = members.keys.sorted().prefix(12).joined(separator: ", ")
                    return "\(walked) has no key \"\(key)\"" + (known.isEmpty ? "" : " (it has \(known))")
                }
                value = next
                walked += ".\(key)"
            case (.index(let index), .array(let elements)):
                guard elements.indices.contains(index) else { return "\(walked) has \(elements.count) elements, no [\(index)]" }
                value = elements[index]
                walked += "[\(index)]"
            case (.key(let key), _):
                return "\(walked) is \(value.kindName), so it has no key \"\(key)\""
            case (.index(let index), _):
                return "\(walked) is \(value.kindName), so it has no element [\(index)]"
            }
        }
        return "unknown"
    }
}
