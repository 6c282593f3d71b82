internal import Simulator

/// Reads `answer_space:` (docs/SCENARIOS.md): `inferred:` options, or `facets:` with a `template:`.
enum AnswerSpaceReader {
    static func read(_ reader: ScenarioReader?) throws(ScenarioError) -> AnswerSpace {
        guard let reader else { return .inferred }
        try reader.rejectUnknownKeys(["inferred", "facets", "template"])
        if reader.has("inferred"), reader.has("facets") {
            throw reader.error("facets", "give inferred or facets (with a template), not both")
        }
        if let facets = reader.value("facets") {
            guard let template = try reader.text("template") else {
                throw reader.error("template", "is required with facets: the answer's text with {{facet.NAME}} placeholders")
            }
            guard case .sequence(let entries, _) = facets, !entries.isEmpty else {
                throw reader.error("facets", "must be a list of {name, values}")
            }
            var list: [Facet] = []
            for (index, entry) in entries.enumerated() {
                let facet = try ScenarioReader(entry, path: reader.keyPath("facets[\(index)]"))
                try facet.rejectUnknownKeys(["name", "values"])
                guard let name = try facet.word("name") else { throw facet.error("name", "is required") }
                guard case .sequence(let values, _)? = facet.value("values"), !values.isEmpty else {
                    throw facet.error("values", "must be a non-empty list of labels or {label, text}")
                }
                var facetValues: [FacetValue] = []
                for (position, value) in values.enumerated() {
                    switch value {
                    case .scalar(let label, _): facetValues.append(FacetValue(stringLiteral: label))
                    case .mapping:
                        let pair = try ScenarioReader(value, path: facet.keyPath("values[\(position)]"))
                        try pair.rejectUnknownKeys(["label", "text"])
                        guard let label = try pair.text("label"), let text = try pair.text("text") else {
                            throw pair.error("label", "needs both label and text")
                        }
                        facetValues.append(FacetValue(label, text: text))
                    default:
                        throw facet.error("values", "entries must be labels or {label, text}")
                    }
                }
                list.append(Facet(name, values: facetValues))
            }
            do {
                return .facets(try FacetSpace(facets: list, template: template))
            } catch {
                throw reader.error(error.field?.hasPrefix("answerSpace.template") == true ? "template" : "facets", error.message)
            }
        }
        var options = InferenceOptions()
        if let inferred = try reader.mapping("inferred") {
            try inferred.rejectUnknownKeys(["distractors", "perturbations", "empty", "schema_candidates"])
            options.distractorCount = try inferred.integer("distractors", in: 0...64) ?? options.distractorCount
            if let list = inferred.value("perturbations") {
                guard case .sequence(let names, _) = list else { throw inferred.error("perturbations", "must be a list") }
                options.perturbations = []
                for name in names {
                    guard case .scalar(let text, _) = name, let perturbation = CandidateKind.Perturbation(rawValue: text) else {
                        throw inferred.error("perturbations", "entries must be \(CandidateKind.Perturbation.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    options.perturbations.append(perturbation)
                }
            }
            options.includeEmpty = try inferred.flag("empty") ?? options.includeEmpty
            options.schemaCandidateCount = try inferred.integer("schema_candidates", in: 0...64) ?? options.schemaCandidateCount
        }
        return .inferred(options)
    }
}
