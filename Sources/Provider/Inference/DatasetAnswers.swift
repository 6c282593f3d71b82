internal import Foundation
internal import Graders
internal import Simulator

/// A base model's answer space over one uploaded fine-tune file, for prompts of that file sent
/// before (or without) a job.
///
/// The space is built as a job on that file alone would build it (seed from the file and the
/// base model, the job's default prior), with the grader a job would most likely use:
/// - reinforcement lines (item keys beside `messages`): `string_check` `eq` of the answer with the
///   item field named `answer`, `reference`, `ground_truth`, `expected`, `label`, `target`,
///   `ideal`, `correct_answer` or `solution` (else the first scalar field by name);
/// - supervised and preference lines: the demonstrations, as SFT and DPO jobs use them.
///
/// A job created later on the same file with that grader starts from the same answers; with
/// another grader or another file pairing its answer space differs, and a baseline agrees with
/// its step 0 only in expectation (the base model's success rate is the same).
enum DatasetAnswers {
    /// Item fields taken as the reference answer, in order of preference.
    static let referenceNames = ["answer", "reference", "reference_answer", "ground_truth", "expected", "expected_answer",
                                 "label", "target", "ideal", "correct_answer", "solution"]

    /// The lines of `file` that are JSON objects, in order; none when its bytes on disk can no
    /// longer be read (the model then answers as it would without the file).
    static func lines(of file: StoredFile) -> [JSONValue] {
        guard let data = file.body.data else { return [] }
        return DatasetValidator(method: .reinforcement, role: .validation).validate(data).examples
    }

    /// Builds the answer space, or `nil` when the file's lines give nothing to answer with.
    static func build(file: StoredFile, baseModel: String, engine: GraderEngine) async -> SharedResponseModel? {
        let lines = lines(of: file)
        guard let method = method(of: lines) else { return nil }
        var simulation = SimulationOptions.standard
        simulation.prior.reasoningEffort = ReasoningEffort.default.resolved
        let grader: Grader
        let items: [JSONValue]
        switch method {
        case .reinforcement(let field):
            let json: JSONValue = [
                "type": "string_check", "name": "matches_reference", "operation": "eq",
                "input": "{{sample.output_text}}", "reference": .string("{{item.\(field)}}"),
            ]
            guard let made = try? Grader(json: json) else { return nil }
            grader = made
            items = lines
        case .demonstrations(let kind):
            simulation.answerSpace = .inferred
            simulation.dynamics = .neutral
            grader = JobPlanner.demonstrationGrader
            items = lines.map { JobPlanner.supervisedItem($0, method: kind) }
        }
        let seed = (file.object.id + baseModel).stableHash
        return try? await JobPlanner.responseModel(training: items, validation: [], grader: grader, responseFormat: nil,
                                                   simulation: simulation, seed: seed, engine: engine)
    }

    private enum Method {
        case reinforcement(field: String)
        case demonstrations(FineTuningMethod)
    }

    private static func method(of lines: [JSONValue]) -> Method? {
        guard case .object(let first)? = lines.first else { return nil }
        if first["preferred_output"] != nil { return .demonstrations(.dpo) }
        let scalarKeys = first.keys.filter { key in
            !["messages", "tools", "parallel_tool_calls"].contains(key)
                && lines.allSatisfy { line in
                    switch line[key] {
                    case .string?, .number?, .bool?: true
                    default: false
                    }
                }
        }
        if let field = referenceNames.first(where: scalarKeys.contains) ?? scalarKeys.sorted().first {
            return .reinforcement(field: field)
        }
        if case .array(let messages)? = first["messages"], messages.contains(where: { $0["role"] == .string("assistant") }) {
            return .demonstrations(.supervised)
        }
        return nil
    }
}
