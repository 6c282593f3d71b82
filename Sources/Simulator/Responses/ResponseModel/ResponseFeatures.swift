internal import Graders

/// The feature columns φ of a ``ResponseModel``: the same columns, with the same meaning, for
/// every item, so θ learned on training items moves the policy on validation items.
///
/// Inferred answer spaces:
/// - `agrees_with_reference` (text mode) or `agrees_with_reference.FIELD` per JSON field with
///   a reference (JSON mode): 1 when the answer's content (the field's value) is the item's
///   own reference or a perturbation of it, else 0 (a distractor or schema-built JSON may agree
///   on some fields by coincidence, e.g. the same `compliant` value).
/// - `valid_format`: 1 when the answer is non-empty and, if JSON is expected (a
///   `response_format` or a grader reading `output_json`), parses as JSON.
/// - `distractor`: 1 for another item's reference.
/// - `empty`: 1 for the empty answer.
/// - `case_changed`, `typo`, `truncated`, `padded`: 1 for that perturbation of the reference
///   (`padded` is the "verbose" answer).
///
/// Facet answer spaces: `facet.NAME=LABEL`, one-hot per facet (one column per facet value),
/// then `valid_format` and `empty` as above.
///
/// Memorisation (``ResponseModelBuilder/memorization``, off by default): one more column per
/// (item, candidate), named `memorize[ITEM,CANDIDATE]`, 1 for that candidate only. θ on these
/// columns moves a single item's answer and nothing else, so a small dataset can be fit
/// (overfit) beyond what the shared features allow. (A column per item alone would be constant
/// over the item's candidates and cancel in the softmax.)
public enum ResponseFeatures {
    /// The shared columns after the agreement columns, in inferred answer spaces.
    public static let inferredColumns = ["valid_format", "distractor", "empty", "case_changed", "typo", "truncated", "padded"]
    /// The shared columns after the facet one-hots, in facet answer spaces.
    public static let facetColumns = ["valid_format", "empty"]

    /// Whether `text` has a valid format (the `valid_format` feature).
    static func validFormat(_ text: String, expectsJSON: Bool) -> Bool {
        guard !text.isEmpty else { return false }
        return !expectsJSON || Sample(outputText: text).outputJSON != nil
    }
}

/// Builds feature rows for one answer space.
struct FeatureLayout {
    /// The shared column names (without memorisation columns).
    let sharedNames: [String]
    private let facetOffsets: [Int]?

    init(inferred agreementNames: [String]) {
        sharedNames = agreementNames + ResponseFeatures.inferredColumns
        facetOffsets = nil
    }

    init(facets: FacetSpace) {
        var names: [String] = [], offsets: [Int] = []
        for facet in facets.facets {
            offsets.append(names.count)
            names += facet.values.map { "facet.\(facet.name)=\($0.label)" }
        }
        sharedNames = names + ResponseFeatures.facetColumns
        facetOffsets = offsets
    }

    /// The shared row of a candidate; `facetIndices` are the combination's value indices.
    func row(_ draft: DraftCandidate, validFormat: Bool, facetIndices: [Int]?) -> [Double] {
        var row = [Double](repeating: 0, count: sharedNames.count)
        let tail: Int
        if let facetOffsets, let facetIndices {
            for (facet, value) in facetIndices.enumerated() { row[facetOffsets[facet] + value] = 1 }
            tail = sharedNames.count - ResponseFeatures.facetColumns.count
        } else {
            for (index, value) in draft.agreement.enumerated() { row[index] = value }
            tail = draft.agreement.count
            let kindColumn: Int? = switch draft.kind {
            case .distractor: 1
            case .perturbed(.caseChanged): 3
            case .perturbed(.typo): 4
            case .perturbed(.truncated): 5
            case .perturbed(.padded): 6
            default: nil
            }
            if let kindColumn { row[tail + kindColumn] = 1 }
        }
        row[tail] = validFormat ? 1 : 0
        if draft.text.isEmpty { row[tail + (facetOffsets == nil ? 2 : 1)] = 1 }
        return row
    }
}
