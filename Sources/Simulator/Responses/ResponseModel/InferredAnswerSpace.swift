internal import Graders
internal import Stochastics

/// A candidate answer before grading.
struct DraftCandidate: Sendable {
    var text: String
    var kind: CandidateKind
    /// One entry per reference field: 1 when the candidate's value for the field is the item's
    /// reference value or a perturbation of it, else 0.
    var agreement: [Double]
}

/// The answer space inferred from the dataset and the grader (see ``InferenceOptions``).
///
/// *Text mode*: the grader compares `{{sample.output_text}}` with an item field (the first such
/// field is the reference), or reads item fields only elsewhere (a model grader's messages, a
/// python grader), in which case ``GraderReferences/likelyAnswerPath`` is the reference.
/// *JSON mode* (the grader reads `{{sample.output_json.FIELD}}`, or a `response_format` schema
/// has properties and no field is compared with `output_text`): answers are JSON objects over
/// the fields the grader pairs with item fields, the schema's properties and any other
/// `output_json` field it reads; a field's reference is the item field paired with it, else the
/// item's own top-level key of the same name. Keys are sorted, the text compact.
struct InferredAnswerSpace {
    struct JSONField {
        let name: String
        let itemPath: ItemPath?
        /// Values schema-conforming candidates draw from.
        let pool: [JSONValue]
    }

    let fields: [JSONField]?  // nil: text mode
    let options: InferenceOptions
    let key: StreamKey
    /// Per item: the reference, a string in text mode, an object in JSON mode.
    let references: [JSONValue]
    /// Names of the agreement features, one per reference field.
    let agreementNames: [String]

    /// Whether answers are JSON (valid format means parses as JSON).
    var expectsJSON: Bool { fields != nil }

    init(dataset: [JSONValue], grader: Grader, format: ResponseFormatSpec, options: InferenceOptions, seed: UInt64) throws(SimulatorError) {
        guard options.distractorCount >= 0 else {
            throw .invalid("answerSpace.distractorCount", "distractorCount must be ≥ 0, got \(options.distractorCount)")
        }
        guard options.schemaCandidateCount >= 0 else {
            throw .invalid("answerSpace.schemaCandidateCount", "schemaCandidateCount must be ≥ 0, got \(options.schemaCandidateCount)")
        }
        self.options = options
        key = StreamKey(seed: seed).child("responses")
        let found = GraderReferences(grader)
        let cannotInfer = SimulatorError.invalid("grader", """
            the grader's templates reference no item field ({{item.…}}), so the answer space cannot be inferred: \
            there is no reference answer to build candidates from. Let the grader read the reference answer \
            (e.g. {{item.answer}}), or give the answer space explicitly: a scenario's answer_space with facets \
            (compliant: yes, no) and a template that uses {{facet.compliant}}
            """)
        let jsonMode = !found.jsonReferences.isEmpty || !found.jsonFieldsRead.isEmpty || (!format.properties.isEmpty && found.textReferences.isEmpty)
        guard jsonMode else {
            guard let path = found.textReferences.first ?? found.likelyAnswerPath else { throw cannotInfer }
            fields = nil
            agreementNames = ["agrees_with_reference"]
            references = try dataset.enumerated().map { (index, item) throws(SimulatorError) in
                guard let value = path.resolve(in: item) else { throw Self.missing(path, index, compared: "sample.output_text") }
                return .string(value.renderedText)
            }
            return
        }
        var names = found.jsonReferences.map(\.field)
        for name in format.properties.map(\.name) + found.jsonFieldsRead where !names.contains(name) { names.append(name) }
        func field(_ name: String, path: ItemPath?) -> JSONField {
            var seen: [JSONValue] = []
            for item in dataset {
                guard seen.count < 64, let value = path?.resolve(in: item), !seen.contains(value) else { continue }
                seen.append(value)
            }
            let schema = format.properties.first { $0.name == name }?.schema
            return JSONField(name: name, itemPath: path, pool: ResponseFormatSpec.pool(for: schema, seen: seen))
        }
        var fields = names.map { name in
            let paired = found.jsonReferences.first { $0.field == name }?.item
            return field(name, path: paired ?? (dataset.contains { $0[name] != nil } ? ItemPath(key: name) : nil))
        }
        // A schema whose properties are not item keys, graded by a model or python grader that reads
        // an item field elsewhere (a score_model's reference answer): that field's value is the
        // answer the first string property (else the first property) should carry.
        if !fields.contains(where: { $0.itemPath != nil }), let path = found.likelyAnswerPath, !fields.isEmpty {
            let position = fields.firstIndex { candidate in
                format.properties.first { $0.name == candidate.name }?.schema["type"]?.stringValue == "string"
            } ?? 0
            fields[position] = field(fields[position].name, path: path)
        }
        guard fields.contains(where: { $0.itemPath != nil }) else { throw cannotInfer }
        self.fields = fields
        agreementNames = fields.compactMap { $0.itemPath == nil ? nil : "agrees_with_reference.\($0.name)" }
        references = try dataset.enumerated().map { (index, item) throws(SimulatorError) in
            var members: [String: JSONValue] = [:]
            for field in fields {
                if let path = field.itemPath {
                    guard let value = path.resolve(in: item) else { throw Self.missing(path, index, compared: "sample.output_json.\(field.name)") }
                    members[field.name] = value
                } else {
                    members[field.name] = field.pool[0]
                }
            }
            return .object(members)
        }
    }

    private static func missing(_ path: ItemPath, _ index: Int, compared: String) -> SimulatorError {
        .invalid("dataset[\(index)]", "item \(index) has no {{\(path.text)}}, which the grader compares with {{\(compared)}}; every item needs it")
    }

    private func text(_ reference: JSONValue) -> String {
        fields == nil ? reference.renderedText : reference.jsonText
    }

    /// The agreement of `answer` with item `reference`, by equality per reference field.
    private func agreement(_ answer: JSONValue, _ reference: JSONValue) -> [Double] {
        guard let fields else { return [answer == reference ? 1 : 0] }
        return fields.compactMap { field in field.itemPath == nil ? nil : (answer[field.name] == reference[field.name] ? 1 : 0) }
    }

    /// The candidates of item `item`, in the documented order, without repeated texts.
    func candidates(item: Int) -> [DraftCandidate] {
        var drafts: [DraftCandidate] = []
        var seen = Set<String>()
        func add(_ text: String, _ kind: CandidateKind, _ agreement: [Double]) {
            if seen.insert(text).inserted { drafts.append(DraftCandidate(text: text, kind: kind, agreement: agreement)) }
        }
        let label = StreamLabel.index(UInt64(item))
        let reference = references[item]
        let agreeing = [Double](repeating: 1, count: agreementNames.count)
        add(text(reference), .reference, agreeing)

        let distractors = RandomStream(key: key.child("distractors", label))
        var chosen = 0, attempts = 0
        while chosen < options.distractorCount, attempts < 20 * options.distractorCount, references.count > 1 {
            attempts += 1
            let other = distractors.index(below: references.count)
            let answer = text(references[other])
            guard other != item, !seen.contains(answer) else { continue }
            add(answer, .distractor(sourceItem: other), agreement(references[other], reference))
            chosen += 1
        }

        let typos = RandomStream(key: key.child("typo", label))
        for perturbation in options.perturbations {
            if let perturbed = perturb(reference, perturbation, typos) { add(perturbed, .perturbed(perturbation), agreeing) }
        }
        if options.includeEmpty { add("", .empty, [Double](repeating: 0, count: agreementNames.count)) }
        guard let fields else { return drafts }

        let schema = RandomStream(key: key.child("schema", label))
        for _ in 0..<options.schemaCandidateCount {
            var members: [String: JSONValue] = [:]
            for field in fields { members[field.name] = field.pool[schema.index(below: field.pool.count)] }
            let answer = JSONValue.object(members)
            add(answer.jsonText, .schemaJSON, agreement(answer, reference))
        }
        add(String(text(reference).dropLast()), .malformedJSON, agreeing)
        return drafts
    }

    /// Text mode: the perturbed reference text. JSON mode: `case` changes every string field;
    /// the others change the longest string field; `nil` when nothing changes.
    private func perturb(_ reference: JSONValue, _ perturbation: CandidateKind.Perturbation, _ stream: RandomStream) -> String? {
        guard fields != nil, case .object(var members) = reference else {
            return perturbation.apply(to: reference.renderedText, stream: stream)
        }
        let strings = members.keys.sorted().filter { members[$0]?.stringValue != nil }
        let targets = perturbation == .caseChanged
            ? strings
            : strings.max { members[$0]!.stringValue!.count < members[$1]!.stringValue!.count }.map { [$0] } ?? []
        var changed = false
        for name in targets {
            if let value = perturbation.apply(to: members[name]!.stringValue!, stream: stream) {
                members[name] = .string(value)
                changed = true
            }
        }
        return changed ? JSONValue.object(members).jsonText : nil
    }
}
