internal import Graders

/// The `{{item.…}}` paths a grader reads, collected once so each line is checked with a few
/// dictionary lookups rather than by rendering templates.
///
/// Templates are read from `string_check` and `text_similarity` (`input`, `reference`), from the
/// input messages of `score_model` and `label_model` (string content, and the `text` and
/// `image_url` of typed parts), and recursively from the sub-graders of `multi` (in key order).
/// A `python` grader's source cannot be checked statically and is skipped; a template that does
/// not parse is skipped too (grader validation reports it). `{{item}}` (the whole item) always resolves.
///
/// `messages` and `tools` are the prompt, not part of the item: in `string_check` and
/// `text_similarity` a path starting with either is kept apart in ``reservedReads`` for the
/// validator to report once for the whole file. Model graders may read them (`{{item.messages}}`
/// renders the conversation into a judge's prompt, as the platform allows), so there they are
/// neither checked nor reported.
struct GraderItemReferences: Sendable {
    /// The keys of a reinforcement line that are the prompt, not the item.
    static let reservedKeys: Set<String> = ["messages", "tools"]

    /// Item paths that must resolve on every line, in order of first appearance.
    private(set) var paths: [TemplateVariable] = []
    /// Item paths that start with a reserved key.
    private(set) var reservedReads: [TemplateVariable] = []

    init(_ grader: Grader) {
        visit(grader)
    }

    private mutating func visit(_ grader: Grader) {
        switch grader {
        case .stringCheck(let check): read(check.input, check.reference)
        case .textSimilarity(let similarity): read(similarity.input, similarity.reference)
        case .scoreModel(let model): model.input.forEach { readContent($0.content, promptReadable: true) }
        case .labelModel(let model): model.input.forEach { readContent($0.content, promptReadable: true) }
        case .python: break
        case .multi(let multi): multi.graders.keys.sorted().forEach { visit(multi.graders[$0]!) }
        }
    }

    private mutating func readContent(_ content: JSONValue, promptReadable: Bool) {
        switch content {
        case .string(let text): read(text, promptReadable: promptReadable)
        case .array(let parts): parts.forEach { readContent($0, promptReadable: promptReadable) }
        case .object(let part):
            for key in ["text", "image_url"] { if let text = part[key]?.stringValue { read(text, promptReadable: promptReadable) } }
        default: break
        }
    }

    private mutating func read(_ sources: String..., promptReadable: Bool = false) {
        for source in sources where source.contains("{{") {
            guard let template = try? Template(source) else { continue }
            for variable in template.variables where variable.namespace == .item && !variable.path.isEmpty {
                if case .key(let first) = variable.path[0], Self.reservedKeys.contains(first) {
                    guard !promptReadable else { continue }
                    if !reservedReads.contains(where: { $0.text == variable.text }) { reservedReads.append(variable) }
                } else if !paths.contains(where: { $0.text == variable.text }) {
                    paths.append(variable)
                }
            }
        }
    }

    /// Reports each path that does not resolve in `line`'s item (the line without `messages` and `tools`).
    func check(_ line: [String: JSONValue], into problems: inout ProblemCollector) {
        for variable in paths where JSONValue.object(line).value(at: variable.path) == nil {
            problems.add(variable.text, "the grader reads {{\(variable.text)}} but \(Self.explainMissing(variable, in: line))")
        }
    }

    /// Where `variable`'s path breaks in `line`'s item.
    static func explainMissing(_ variable: TemplateVariable, in line: [String: JSONValue]) -> String {
        guard case .key(let first) = variable.path[0] else {
            return "the item is an object, so it has no element \(variable.path[0].shown)"
        }
        guard var value = line[first] else {
            let keys = line.keys.filter { !reservedKeys.contains($0) }.sorted()
            let known = keys.isEmpty ? "it has no item keys besides messages and tools" : "its item keys: \(ProblemText.list(keys))"
            return "this line has no \(ProblemText.quoted(first)) (\(known))"
        }
        var walked = "item.\(first)"
        for component in variable.path.dropFirst() {
            switch (component, value) {
            case (.key(let key), .object(let members)):
                guard let next = members[key] else {
                    return "on this line \(walked) has no \(ProblemText.quoted(key)) (its keys: \(ProblemText.list(members.keys.sorted().prefix(12))))"
                }
                value = next
            case (.index(let index), .array(let elements)):
                guard elements.indices.contains(index) else {
                    return "on this line \(walked) has \(elements.count) element\(elements.count == 1 ? "" : "s"), so no [\(index)]"
                }
                value = elements[index]
            default:
                return "on this line \(walked) is \(value.kindName), so it has no \(component.shown)"
            }
            walked += component.suffix
        }
        return "it does not resolve"
    }
}

extension TemplateVariable.Component {
    /// The component as a message names it: `"key"` or `[3]`.
    fileprivate var shown: String {
        switch self {
        case .key(let key): ProblemText.quoted(key)
        case .index(let index): "[\(index)]"
        }
    }

    /// The component as a path continues with it: `.key` or `[3]`.
    fileprivate var suffix: String {
        switch self {
        case .key(let key): ".\(key)"
        case .index(let index): "[\(index)]"
        }
    }
}
