/// How a candidate answer of a ``ResponseModel`` was made.
///
/// The ``description`` is the kind's stable name, as reports and the HTTP mock show it:
/// `reference`, `distractor`, `perturbed:case`, `perturbed:typo`, `perturbed:truncated`,
/// `perturbed:padded`, `empty`, `schema_json`, `malformed_json`, and
/// `facets:compliant=yes,explanation=generic` for a facet combination.
public enum CandidateKind: Hashable, Sendable, CustomStringConvertible {
    /// The item's own reference answer (inferred from the grader's templates).
    case reference
    /// Another item's reference answer; `sourceItem` is that item's index in the dataset.
    case distractor(sourceItem: Int)
    /// The item's reference, perturbed.
    case perturbed(Perturbation)
    /// The empty answer.
    case empty
    /// JSON that conforms to the `response_format` schema, built from values seen in the dataset.
    case schemaJSON
    /// The reference JSON with its closing brace dropped: not JSON at all.
    case malformedJSON
    /// One combination of a ``FacetSpace``: the chosen value label of every facet, in facet order.
    case facets([FacetChoice])

    /// One facet's chosen value in a combination.
    public struct FacetChoice: Hashable, Sendable {
        /// The facet's name (`compliant`).
        public var facet: String
        /// The chosen value's label (`needs review`).
        public var value: String

        /// Creates a choice.
        public init(facet: String, value: String) {
            self.facet = facet
            self.value = value
        }
    }

    /// How a reference answer can be perturbed.
    public enum Perturbation: String, CaseIterable, Hashable, Sendable {
        /// Letters upper-cased (or lower-cased when the text has no lower-case letter).
        case caseChanged = "case"
        /// Two adjacent letters swapped, at a position chosen by the seeded stream.
        case typo
        /// Only the first half of the characters kept.
        case truncated
        /// Wrapped in filler ("Sure! Here is my answer: … Let me know if …").
        case padded
    }

    public var description: String {
        switch self {
        case .reference: "reference"
        case .distractor: "distractor"
        case .perturbed(let how): "perturbed:\(how.rawValue)"
        case .empty: "empty"
        case .schemaJSON: "schema_json"
        case .malformedJSON: "malformed_json"
        case .facets(let choices): "facets:" + choices.map { "\($0.facet)=\($0.value)" }.joined(separator: ",")
        }
    }
}
