public import Graders

extension Provider {
    /// Runs a grader on one sample (`POST /v1/fine_tuning/alpha/graders/run`).
    ///
    /// Body: `grader`, `model_sample` (a string; `output_json` is filled when it parses as JSON),
    /// and `item` (or the May 2025 `reference_answer`, exposed as `item.reference_answer`).
    /// A python grader runs in the sandboxed worker of `caller`'s organisation (each key's own
    /// under `isolate_by_key`).
    public func runGrader(_ body: JSONValue, as caller: Caller? = nil) async throws(ProviderError) -> GraderResult {
        guard case .object(let members) = body else { throw .invalid("The request body must be a JSON object, got \(body.kindName).") }
        if let unknown = members.keys.sorted().first(where: { !["grader", "model_sample", "item", "reference_answer"].contains($0) }) {
            throw .invalid("Unrecognized request argument supplied: \(unknown)", param: unknown)
        }
        let grader = try await checkedGrader(members["grader"], allowLabelModel: false)
        guard case .string(let sample)? = members["model_sample"] else {
            throw .invalid(members["model_sample"] == nil ? "Missing required parameter: 'model_sample'." : "model_sample must be a string.",
                           param: "model_sample", platformCode: members["model_sample"] == nil ? "missing_required_parameter" : nil)
        }
        var item = members["item"] ?? .object([:])
        if let reference = members["reference_answer"], case .object(var fields) = item {
            fields["reference_answer"] = reference
            item = .object(fields)
        }
        if case .null = item { item = .object([:]) }
        guard case .object = item else { throw .invalid("item must be an object, got \(item.kindName).", param: "item") }
        let grading = caller.map { engine.isolated(for: stores.account.organizationID(of: $0)) } ?? engine
        return await grading.grade(grader, item: item, sample: Sample(outputText: sample))
    }

    /// Validates a grader (`POST /v1/fine_tuning/alpha/graders/validate`) and echoes it as `{"grader": …}`.
    public func validateGrader(_ body: JSONValue) async throws(ProviderError) -> JSONValue {
        guard case .object(let members) = body else { throw .invalid("The request body must be a JSON object, got \(body.kindName).") }
        if let unknown = members.keys.sorted().first(where: { $0 != "grader" }) {
            throw .invalid("Unrecognized request argument supplied: \(unknown)", param: unknown)
        }
        _ = try await checkedGrader(members["grader"], allowLabelModel: false)
        return ["grader": members["grader"]!]
    }

    /// Decodes and validates a grader, naming the first problem's path (`grader.graders.a.operation`).
    func checkedGrader(_ json: JSONValue?, allowLabelModel: Bool) async throws(ProviderError) -> Grader {
        guard let json, json != .null else {
            throw .invalid("Missing required parameter: 'grader'.", param: "grader", platformCode: "missing_required_parameter")
        }
        let grader: Grader
        do {
            grader = try Grader(json: json)
        } catch {
            throw .invalid("grader\(error.path.isEmpty ? "" : ".\(error.path)"): \(error.message)", param: error.path.isEmpty ? "grader" : "grader.\(error.path)")
        }
        if !allowLabelModel, case .labelModel = grader {
            throw .invalid("A label_model grader can only be used inside a multi grader.", param: "grader.type")
        }
        let problems = await GraderValidator.validate(grader)
        if let first = problems.first {
            let more = problems.count > 1 ? " (and \(problems.count - 1) more problem\(problems.count == 2 ? "" : "s"): \(problems.dropFirst().map(\.description).joined(separator: "; ")))" : ""
            throw .invalid("grader\(first.path.isEmpty ? "" : ".\(first.path)"): \(first.message)\(more)",
                           param: first.path.isEmpty ? "grader" : "grader.\(first.path)")
        }
        return grader
    }
}
