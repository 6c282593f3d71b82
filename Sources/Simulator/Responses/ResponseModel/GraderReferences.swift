internal import Graders

/// A path into a dataset item, as a grader template reads it (`{{item.policy.id}}`).
struct ItemPath: Hashable, Sendable {
    /// The placeholder's text, e.g. `item.policy.id`.
    let text: String
    let components: [TemplateVariable.Component]

    init(_ variable: TemplateVariable) {
        text = variable.text
        components = variable.path
    }

    init(key: String) {
        text = "item.\(key)"
        components = [.key(key)]
    }

    /// The value at this path in `item`, or `nil`.
    func resolve(in item: JSONValue) -> JSONValue? {
        item.value(at: components)
    }
}

/// What a grader reads, found in its templates (recursively through `multi` graders and
/// model graders' messages; a python grader's source is scanned for `item["x"]`,
/// `item['x']` and `item.get("x"`).
///
/// Pairing rule: in a `string_check` or `text_similarity`, an item field on one side and
/// `{{sample.output_text}}` on the other make that field a *text reference*; an item field
/// against `{{sample.output_json.FIELD}}` makes it the *JSON reference* of FIELD (top-level
/// fields only; the first pairing of a FIELD wins).
struct GraderReferences: Sendable {
    /// Item paths compared with `sample.output_text`, in order of first appearance.
    private(set) var textReferences: [ItemPath] = []
    /// `output_json` fields and the item path each is compared with, in order of appearance.
    private(set) var jsonReferences: [(field: String, item: ItemPath)] = []
    /// Every item path the grader reads, in order of first appearance.
    private(set) var itemPaths: [ItemPath] = []
    /// `output_json` fields read anywhere (paired or not), in order.
    private(set) var jsonFieldsRead: [String] = []

    init(_ grader: Grader) {
        visit(grader)
    }

    private mutating func visit(_ grader: Grader) {
        switch grader {
        case .stringCheck(let check): pair(check.input, check.reference)
        case .textSimilarity(let similarity): pair(similarity.input, similarity.reference)
        case .scoreModel(let model): model.input.flatMap(\.textParts).forEach { read($0) }
        case .labelModel(let model): model.input.flatMap(\.textParts).forEach { read($0) }
        case .python(let python): scanPython(python.source)
        case .multi(let multi): multi.graders.keys.sorted().forEach { visit(multi.graders[$0]!) }
        }
    }

    /// Records every variable of `source`; returns (item paths, sample variables).
    @discardableResult
    private mutating func read(_ source: String) -> (items: [ItemPath], sample: [TemplateVariable]) {
        guard let template = try? Template(source) else { return ([], []) }
        var items: [ItemPath] = [], sample: [TemplateVariable] = []
        for variable in template.variables {
            switch variable.namespace {
            case .item:
                let path = ItemPath(variable)
                items.append(path)
                if !itemPaths.contains(path) { itemPaths.append(path) }
            case .sample:
                sample.append(variable)
                if let field = Self.jsonField(variable), !jsonFieldsRead.contains(field) { jsonFieldsRead.append(field) }
            }
        }
        return (items, sample)
    }

    private mutating func pair(_ input: String, _ reference: String) {
        let left = read(input), right = read(reference)
        for (samples, items) in [(left.sample, right.items), (right.sample, left.items)] {
            guard let item = items.first else { continue }
            for variable in samples {
                if variable.path == [.key("output_text")] {
                    if !textReferences.contains(item) { textReferences.append(item) }
                } else if let field = Self.jsonField(variable), !jsonReferences.contains(where: { $0.field == field }) {
                    jsonReferences.append((field, item))
                }
            }
        }
    }

    /// FIELD of `sample.output_json.FIELD` (exactly one key deep), else `nil`.
    private static func jsonField(_ variable: TemplateVariable) -> String? {
        guard variable.namespace == .sample, variable.path.count == 2, variable.path[0] == .key("output_json"),
              case .key(let field) = variable.path[1] else { return nil }
        return field
    }

    private mutating func scanPython(_ source: String) {
        let scalars = Array(source.unicodeScalars)
        var index = 0
        while index + 5 < scalars.count {
            defer { index += 1 }
            guard scalars[index] == "i", scalars[index + 1] == "t", scalars[index + 2] == "e", scalars[index + 3] == "m",
                  index == 0 || !(scalars[index - 1].properties.isAlphabetic || scalars[index - 1] == "_") else { continue }
            var cursor = index + 4
            if scalars[cursor] == "[" { cursor += 1 } else if scalars[cursor...].starts(with: ".get(".unicodeScalars) { cursor += 5 } else { continue }
            guard cursor < scalars.count, scalars[cursor] == "\"" || scalars[cursor] == "'" else { continue }
            let quote = scalars[cursor]
            var key = String.UnicodeScalarView()
            cursor += 1
            while cursor < scalars.count, scalars[cursor] != quote { key.append(scalars[cursor]); cursor += 1 }
            let name = String(key)
            let path = ItemPath(key: name)
            if !name.isEmpty, !itemPaths.contains(path) { itemPaths.append(path) }
        }
    }

    /// The item path to treat as the reference answer when no field is paired with the sample:
    /// the first one whose last key looks like an answer (`answer`, `reference`, `expected`,
    /// `label`, `target`, `solution`, `ground_truth`, `correct`, `output`), else the last one read.
    var likelyAnswerPath: ItemPath? {
        let hints = ["answer", "reference", "expected", "label", "target", "solution", "ground_truth", "correct", "output", "gold"]
        // The prompt (`messages`, `tools`) is what the model answers, never the reference.
        let paths = itemPaths.filter { path in
            guard case .key(let first)? = path.components.first else { return true }
            return first != "messages" && first != "tools"
        }
        let named = paths.first { path in
            guard case .key(let key)? = path.components.last else { return false }
            return hints.contains { key.lowercased().contains($0) }
        }
        return named ?? paths.last
    }
}
