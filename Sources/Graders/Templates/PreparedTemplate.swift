/// A template parsed once, for fields that are rendered many times (a grader's `input` and
/// `reference`); a parse failure is kept and reported at each render.
struct PreparedTemplate: Hashable, Sendable {
    /// What rendering has to do, decided once: most fields are plain text or one placeholder.
    private enum Form: Sendable {
        case plain
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
                form = .single(variable)
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
        case .single(let variable):
            guard let value = context.resolve(variable) else { throw context.unresolved(variable, in: source) }
            return value.renderedText
        case .template(let template):
            return try template.render(context)
        case .invalid(let error):
            throw error
        }
    }

    static func == (lhs: PreparedTemplate, rhs: PreparedTemplate) -> Bool { lhs.source == rhs.source }
    func hash(into hasher: inout Hasher) { hasher.combine(source) }
}
