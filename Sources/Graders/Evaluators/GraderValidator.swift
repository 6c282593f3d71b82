/// Checks a grader as `POST /v1/fine_tuning/alpha/graders/validate` does, reporting every
/// problem with its JSON path rather than stopping at the first.
///
/// Beyond the shape that decoding checks: `label_model` only inside `multi`; no `multi` inside
/// `multi`; `passing_labels` ⊆ `labels`; `range` is `[min, max]` with min < max; grader models
/// from the allowed list, `temperature` only for non-reasoning models and `reasoning_effort`
/// only for reasoning ones; python source under 256 kB that defines `grade` with two
/// parameters; templates that parse with only the `item` and `sample` namespaces; a
/// `calculate_output` that parses and names only the sub-graders' keys.
public enum GraderValidator {
    /// The largest python source the platform accepts, in bytes.
    public static let maximumPythonSourceBytes = 256 * 1024

    /// Validates a grader's JSON.
    ///
    /// - Parameters:
    ///   - json: the grader object.
    ///   - checkPythonSources: parse python sources with `python3` (without running them) to
    ///     check for syntax errors and a two-parameter `grade`; the size limit applies either way.
    /// - Returns: the problems, empty when the grader is valid.
    public static func validate(json: JSONValue, checkPythonSources: Bool = false) async -> [GraderDefinitionError] {
        do {
            return await validate(try Grader(json: json), checkPythonSources: checkPythonSources)
        } catch {
            return [error]
        }
    }

    /// Validates a decoded grader used at the top level of a job or of `graders/run`.
    public static func validate(_ grader: Grader, checkPythonSources: Bool = false) async -> [GraderDefinitionError] {
        var problems: [GraderDefinitionError] = []
        if case .labelModel = grader {
            problems.append(GraderDefinitionError(path: "type", message: "a label_model grader is allowed only inside a multi grader's graders"))
        }
        await check(grader, path: "", insideMulti: false, pythonSources: checkPythonSources, into: &problems)
        return problems
    }

    private static func check(_ grader: Grader, path: String, insideMulti: Bool, pythonSources: Bool, into problems: inout [GraderDefinitionError]) async {
        func at(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
        func template(_ text: String, _ key: String) {
            do { _ = try Template(text) } catch { problems.append(GraderDefinitionError(path: at(key), message: error.message)) }
        }
        switch grader {
        case .stringCheck(let check):
            template(check.input, "input")
            template(check.reference, "reference")
        case .textSimilarity(let similarity):
            template(similarity.input, "input")
            template(similarity.reference, "reference")
        case .scoreModel(let score):
            checkModel(score.model, messages: score.input, path: path, into: &problems)
            if let range = score.range {
                if range.count != 2 {
                    problems.append(GraderDefinitionError(path: at("range"), message: "must be [min, max], two numbers; got \(range.count)"))
                } else if !(range[0] < range[1]) {
                    problems.append(GraderDefinitionError(path: at("range"), message: "min must be less than max; got [\(JSONValue.format(range[0])), \(JSONValue.format(range[1]))]"))
                }
            }
            if let params = score.samplingParams {
                let reasoning = GraderModels.isReasoning(score.model)
                if reasoning, params.temperature != nil {
                    problems.append(GraderDefinitionError(path: at("sampling_params.temperature"), message: "is not supported for the reasoning model \(score.model); leave it out"))
                }
                if !reasoning, params.reasoningEffort != nil {
                    problems.append(GraderDefinitionError(path: at("sampling_params.reasoning_effort"), message: "is supported only for reasoning models (o1, o3, o4-mini); \(score.model) is not one"))
                }
            }
        case .labelModel(let label):
            checkModel(label.model, messages: label.input, path: path, into: &problems)
            if label.labels.isEmpty {
                problems.append(GraderDefinitionError(path: at("labels"), message: "must list at least one label"))
            }
            if Set(label.labels).count != label.labels.count {
                problems.append(GraderDefinitionError(path: at("labels"), message: "must not repeat a label"))
            }
            if label.passingLabels.isEmpty {
                problems.append(GraderDefinitionError(path: at("passing_labels"), message: "must list at least one of the labels"))
            }
            for (index, passing) in label.passingLabels.enumerated() where !label.labels.contains(passing) {
                problems.append(GraderDefinitionError(path: "\(at("passing_labels"))[\(index)]", message: "\"\(passing)\" is not one of labels (\(label.labels.joined(separator: ", ")))"))
            }
        case .python(let python):
            if python.source.utf8.count >= maximumPythonSourceBytes {
                problems.append(GraderDefinitionError(path: at("source"), message: "is \(python.source.utf8.count) bytes; the limit is under 256 kB (\(maximumPythonSourceBytes) bytes)"))
            } else if pythonSources {
                for message in await PythonGraderRunner.checkSource(python.source) {
                    problems.append(GraderDefinitionError(path: at("source"), message: message))
                }
            }
        case .multi(let multi):
            if insideMulti {
                problems.append(GraderDefinitionError(path: at("type"), message: "a multi grader cannot be nested inside another multi grader"))
                return
            }
            for key in multi.graders.keys.sorted() {
                if !isIdentifier(key) {
                    problems.append(GraderDefinitionError(path: at("graders.\(key)"), message: "the key must be a name of letters, digits and _ not starting with a digit, so the formula can use it"))
                }
                await check(multi.graders[key]!, path: at("graders.\(key)"), insideMulti: true, pythonSources: pythonSources, into: &problems)
            }
            do {
                let formula = try Formula(multi.calculateOutput)
                for name in formula.variables where multi.graders[name] == nil {
                    problems.append(GraderDefinitionError(path: at("calculate_output"), message: "\(name) is not a grader key; the keys are \(multi.graders.keys.sorted().joined(separator: ", "))"))
                }
            } catch {
                problems.append(GraderDefinitionError(path: at("calculate_output"), message: "formula_parse_error: \(error.description)"))
            }
        }
    }

    private static func checkModel(_ model: String, messages: [GraderMessage], path: String, into problems: inout [GraderDefinitionError]) {
        func at(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
        if !GraderModels.allowed.contains(model) {
            problems.append(GraderDefinitionError(path: at("model"), message: "\"\(model)\" is not an allowed grader model; use one of \(GraderModels.allowed.joined(separator: ", "))"))
        }
        if messages.isEmpty {
            problems.append(GraderDefinitionError(path: at("input"), message: "must have at least one message"))
        }
        for (index, message) in messages.enumerated() {
            for part in message.textParts {
                do { _ = try Template(part) } catch {
                    problems.append(GraderDefinitionError(path: "\(at("input"))[\(index)].content", message: error.message))
                }
            }
        }
    }

    private static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        return key.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" }
    }
}
