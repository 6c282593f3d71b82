/// A template parsed once, for fields that are rendered many times (a grader's `input` and
/// `reference`); a parse failure is kept and reported at each render.
struct PreparedTemplate: Hashable, Sendable {
    /// What rendering has to do, decided once: most fields are plain text or one placeholder.
    private enum Form: Sendable {
        case plain
        /// `{{sample.output_text}}`, the most common input.
        case sampleOutputText
        /// `{{item.NAME}}`, the most common reference.
        case itemField(String, TemplateVariable)
        case single(TemplateVariable)
        case template(Template)
        case invalid(TemplateError)
    }

    let source: String
    private let form: Form

    init(_ source: String) {
        self.source = source
        guard source.contains("{{") else {
            form = .plain
            return
        }
        do {
            let template = try Template(source)
            if template.parts.count == 1, case .variable(let variable) = template.parts[0] {
                switch (variable.root, variable.path.count, variable.path.first) {
                case (.sampleOutputText, 1, _): form = .sampleOutputText
                case (.item, 1, .key(let name)?): form = .itemField(name, variable)
                default: form = .single(variable)
                }
            } else {
                form = .template(template)
            }
        } catch {
            form = .invalid(error)
        }
    }

    func render(_ context: TemplateContext) throws(TemplateError) -> String {
        switch form {
        case .plain:
            return source
        case .sampleOutputText:
            return context.sample.outputText
        case .itemField(let name, let variable):
            guard case .object(let members) = context.item, let value = Self.member(name, of: members) else {
                throw context.unresolved(variable, in: source)
            }
            return value.renderedText
        case .single(let variable):
            guard let value = context.resolve(variable) else { throw context.unresolved(variable, in: source) }
            return value.renderedText
        case .template(let template):
            return try template.render(context)
        case .invalid(let error):
            throw error
        }
    }

    /// `members[name]`, by a scan for small objects: comparing a few short keys is cheaper than
    /// hashing one, and dataset items usually have a handful of fields.
    @inline(__always)
    private static func member(_ name: String, of members: [String: JSONValue]) -> JSONValue? {
        guard members.count <= 8 else { return members[name] }
        for (key, value) in members where key == name { return value }
        return nil
    }

    static func == (lhs: PreparedTemplate, rhs: PreparedTemplate) -> Bool { lhs.source == rhs.source }
    func hash(into hasher: inout Hasher) { hasher.combine(source) }
}
