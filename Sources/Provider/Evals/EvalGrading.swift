internal import Graders

/// A model's answer to one row of a `completions`/`responses` run.
struct EvalModelAnswer: Sendable {
    var text: String
    var promptTokens: Int
    var completionTokens: Int
}

/// Grades the rows of a run with the eval's criteria through `GraderEngine` (no grading of its
/// own): in process for string and similarity graders, through the engine's python worker and
/// judge for the others.
enum EvalGrading {
    /// Seconds a model takes to answer one row (the simulated latency of a sampling call).
    static let answerSeconds = 1.0

    /// What a row brings to grading: its answer or why it has none.
    enum RowAnswer: Sendable {
        /// A `jsonl` row: its own sample's text, if it has one.
        case given(String?)
        /// A model answered.
        case answered(EvalModelAnswer, input: [(role: String, content: String)])
        /// The row could not be answered (a template that does not resolve, a model that cannot answer).
        case failed(EvalErrorObject, input: [(role: String, content: String)])
    }

    /// The text of a `jsonl` row's `sample` (`output_text`, else the first choice's content, else a string sample).
    static func sampleText(_ sample: JSONValue?) -> String? {
        guard let sample else { return nil }
        if let text = sample.stringValue { return text }
        if let text = sample["output_text"]?.stringValue { return text }
        if case .array(let choices)? = sample["choices"], let first = choices.first {
            return first["message"].map { InferenceRequest.text(of: $0["content"]) }
        }
        return nil
    }

    /// Grades every row; output ids derive from `runID` and the row's position.
    static func grade(rows: [RunDataSource.Row], answers: [RowAnswer], criteria: [TestingCriterion], model: String,
                      sampling: RunDataSource.Sampling, runID: String, engine: GraderEngine) async -> [EvalOutputRecord] {
        var outputs: [EvalOutputRecord] = []
        outputs.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() {
            var output = EvalOutputRecord(
                id: "outputitem_" + IdentifierFactory.token(runID, UInt64(index + 1), length: 32), itemIndex: index, item: row.item,
                input: [], outputText: nil, error: nil, model: model, usage: TokenUsage(), graderUsage: [:], sampling: sampling,
                verdicts: [], seconds: 0, errored: false)
            var text = ""
            switch answers[index] {
            case .given(let given):
                output.outputText = given
                text = given ?? ""
            case .answered(let answer, let input):
                output.input = input
                output.outputText = answer.text
                output.usage = TokenUsage(promptTokens: answer.promptTokens, completionTokens: answer.completionTokens)
                output.seconds = answerSeconds
                text = answer.text
            case .failed(let error, let input):
                output.input = input
                output.error = error
                output.errored = true
                outputs.append(output)
                continue
            }
            let sample = Sample(outputText: text, requiresJSON: sampling.requiresJSON)
            for criterion in criteria {
                var result: GraderResult
                if let local = engine.gradeLocally(criterion.grader, item: row.item, sample: sample) {
                    result = local
                } else {
                    result = await engine.grade(criterion.grader, item: row.item, sample: sample)
                }
                if result.metadata.errors.any { output.errored = true }
                output.seconds += result.metadata.executionTime
                output.graderUsage.merge(result.modelGraderTokenUsagePerModel, uniquingKeysWith: +)
                output.verdicts.append(.init(criterionID: criterion.id, type: criterion.grader.kind.rawValue, score: result.reward,
                                             passed: criterion.passes(result)))
            }
            outputs.append(output)
        }
        return outputs
    }
}
