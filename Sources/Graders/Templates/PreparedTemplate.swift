/// A template parsed once, for fields that are rendered many times (a grader's `input` and
/// `reference`); a parse failure is kept and reported at each render.
struct PreparedTemplate: Hashable, Sendable {
    let source: String
    private let parsed: Result<Template, TemplateError>?

    init(_ source: String) {
        self.source = source
        // Plain text (no placeholder) needs no parsing and renders as itself.
        parsed = source.contains("{{") ? Result { () throws(TemplateError) in try Template(source) } : nil
    }

    func render(_ context: TemplateContext) throws(TemplateError) -> String {
        guard let parsed else { return source }
        return try parsed.get().render(context)
    }

    static func == (lhs: PreparedTemplate, rhs: PreparedTemplate) -> Bool { lhs.source == rhs.source }
    func hash(into hasher: inout Hasher) { hasher.combine(source) }
}
