/// Where a ``ResponseModelBuilder`` gets each item's candidate answers.
public enum AnswerSpace: Sendable, Hashable {
    /// A scenario's explicit answer space: every combination of the facets' values, rendered
    /// per item by the facet space's template.
    case facets(FacetSpace)
    /// Inferred from the dataset and the grader alone (what the HTTP mock uses for any job);
    /// see ``InferenceOptions``.
    case inferred(InferenceOptions)

    /// Inference with the default options.
    public static var inferred: AnswerSpace { .inferred(InferenceOptions()) }
}

/// How many of each inferred candidate kind to make per item.
///
/// Per item, in this order (a candidate whose text repeats an earlier one is dropped):
/// 1. the item's own reference (`reference`);
/// 2. `distractorCount` other items' references whose text differs from the own reference
///    (`distractor`), drawn without replacement by the stream
///    `StreamKey(seed).child("responses", "distractors", item)`;
/// 3. the reference perturbed each way in ``perturbations`` (`perturbed:*`; the typo's
///    position comes from `…child("responses", "typo", item)`);
/// 4. the empty answer (`empty`), when ``includeEmpty``;
/// 5. in JSON mode: `schemaCandidateCount` JSON objects built from the schema and values seen
///    in the dataset (`schema_json`, stream `…child("responses", "schema", item)`) and the
///    reference JSON with its closing brace dropped (`malformed_json`).
public struct InferenceOptions: Sendable, Hashable {
    /// Other items' references offered as wrong answers (≥ 0; fewer when the dataset has
    /// fewer distinct references).
    public var distractorCount: Int
    /// The perturbations applied to the reference.
    public var perturbations: [CandidateKind.Perturbation]
    /// Whether the empty answer is a candidate.
    public var includeEmpty: Bool
    /// Schema-conforming JSON candidates per item in JSON mode (≥ 0).
    public var schemaCandidateCount: Int

    /// Creates options; the defaults give about 10–13 candidates per item.
    public init(distractorCount: Int = 3, perturbations: [CandidateKind.Perturbation] = CandidateKind.Perturbation.allCases,
                includeEmpty: Bool = true, schemaCandidateCount: Int = 3) {
        self.distractorCount = distractorCount
        self.perturbations = perturbations
        self.includeEmpty = includeEmpty
        self.schemaCandidateCount = schemaCandidateCount
    }
}

/// An explicit answer space: named facets, each with a few values, and a template that renders
/// one combination of values for one item.
///
/// Template syntax: `{{facet.NAME}}` is replaced by the chosen value's ``FacetValue/text``,
/// then `{{item.PATH}}` placeholders are rendered with the Graders ``Template`` against the
/// item (so a value's text may itself read the item — that is how a value depends on the
/// item, e.g. `FacetValue("cites the right policy", text: "{{item.explanation}}")`). Facet
/// substitution repeats while `{{facet.` remains (at most one pass per facet), so a value may
/// also contain other facets' placeholders: a `format` facet whose values are whole layouts
/// (`{"compliant": "{{facet.compliant}}"}` versus the same without its closing brace) works.
/// Substitution is verbatim: no JSON escaping is applied to values.
///
/// ```swift
/// let space = try FacetSpace(facets: [
///     Facet("compliant", values: ["yes", "no", "needs review"]),
///     Facet("explanation", values: [FacetValue("right policy", text: "{{item.explanation}}"),
///                                   FacetValue("generic", text: "It depends on the policy.")]),
/// ], template: #"{"compliant": "{{facet.compliant}}", "explanation": "{{facet.explanation}}"}"#)
/// ```
public struct FacetSpace: Sendable, Hashable {
    /// The largest number of combinations allowed (the product of the facets' value counts).
    public static let maximumCombinations = 256

    /// The facets, in the order combinations enumerate them (the last facet varies fastest).
    public let facets: [Facet]
    /// The answer's layout, with `{{facet.NAME}}` and `{{item.PATH}}` placeholders.
    public let template: String

    /// Creates a facet space.
    ///
    /// - Throws: ``SimulatorError`` naming the field: no facets, a facet without values, a
    ///   repeated facet name or value label, a placeholder naming an unknown facet, or more
    ///   than ``maximumCombinations`` combinations (code `tooLarge`).
    public init(facets: [Facet], template: String) throws(SimulatorError) {
        guard !facets.isEmpty else {
            throw .invalid("answerSpace.facets", "a facet space needs at least one facet, e.g. Facet(\"compliant\", values: [\"yes\", \"no\"])")
        }
        var names = Set<String>()
        var combinations = 1
        for (index, facet) in facets.enumerated() {
            let field = "answerSpace.facets[\(index)]"
            guard !facet.name.isEmpty, facet.name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw .invalid("\(field).name", "facet name \"\(facet.name)\" must be non-empty letters, digits, '_' or '-'")
            }
            guard names.insert(facet.name).inserted else {
                throw .invalid("\(field).name", "facet \"\(facet.name)\" is defined twice")
            }
            guard !facet.values.isEmpty else {
                throw .invalid("\(field).values", "facet \"\(facet.name)\" has no values; give at least one")
            }
            guard Set(facet.values.map(\.label)).count == facet.values.count else {
                throw .invalid("\(field).values", "facet \"\(facet.name)\" repeats a value label; labels must be distinct")
            }
            combinations *= facet.values.count
            guard combinations <= Self.maximumCombinations else {
                throw SimulatorError(.tooLarge, field: "answerSpace.facets",
                                     "the facets' values give more than \(Self.maximumCombinations) combinations (the product of the value counts); drop facets or values")
            }
        }
        let texts = [template] + facets.flatMap { $0.values.map(\.text) }
        for text in texts {
            for name in FacetRenderer.facetNames(in: text) where !names.contains(name) {
                throw .invalid("answerSpace.template", "{{facet.\(name)}} names no facet; the facets are \(facets.map(\.name).joined(separator: ", "))")
            }
        }
        self.facets = facets
        self.template = template
    }

    /// The number of combinations (candidates per item).
    public var combinationCount: Int { facets.reduce(1) { $0 * $1.values.count } }
}

/// One dimension of a ``FacetSpace``.
public struct Facet: Sendable, Hashable {
    /// The name used in `{{facet.NAME}}` and in feature names (`facet.NAME=LABEL`).
    public var name: String
    /// The values, at least one.
    public var values: [FacetValue]

    /// Creates a facet.
    public init(_ name: String, values: [FacetValue]) {
        self.name = name
        self.values = values
    }
}

/// One value of a ``Facet``: a label (for kinds and feature names) and the text substituted
/// for `{{facet.NAME}}`, which may contain `{{item.PATH}}` to depend on the item.
public struct FacetValue: Sendable, Hashable, ExpressibleByStringLiteral {
    /// The value's name, e.g. `wrong policy`.
    public var label: String
    /// What the template receives; defaults to the label.
    public var text: String

    /// Creates a value whose text differs from its label.
    public init(_ label: String, text: String) {
        self.label = label
        self.text = text
    }

    /// A value whose text is its label.
    public init(stringLiteral label: String) {
        self.init(label, text: label)
    }
}
