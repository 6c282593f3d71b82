internal import Foundation
internal import Graders
internal import Simulator

extension CostWorkload {
    /// The calls and tokens of each model grader in `grader` (none for local graders).
    ///
    /// Every component of a `multi` grader scores every sample, so each model component is called
    /// once per training sample (B × G per step) and once per validation sample (validation items ×
    /// `eval_samples` per validation). Prompt tokens: the component's `input` messages rendered on
    /// each item, counted as the provider counts a grader prompt (``TokenEstimate/promptTokens(_:)``);
    /// training calls take the mean over the training items (prompts are drawn evenly over the
    /// epochs), validation calls cover every validation item.
    static func graderCalls(
        _ grader: Grader, resolved: ResolvedHyperparameters, validations: Int, training: [JSONValue], validation: [JSONValue],
        assumptions: CostAssumptions
    ) -> [GraderCalls] {
        let sample = typicalSample(answerTokens: assumptions.timing.answerTokensPerSample)
        let trainingCalls = resolved.steps * resolved.batchSize * resolved.samplesPerPrompt
        let evalSamples = resolved.reinforcement?.evalSamples ?? 1
        let validationCalls = validations * validation.count * evalSamples
        let completion = assumptions.graderCompletionTokensPerCall
        return components(of: grader).compactMap { component -> GraderCalls? in
            guard let (model, input) = modelPrompt(of: component.grader) else { return nil }
            let trainingTokens = training.reduce(0) { $0 + promptTokens(input, item: $1, sample: sample) }
            let validationTokens = validation.reduce(0) { $0 + promptTokens(input, item: $1, sample: sample) }
            let perTrainingCall = Double(trainingTokens) / Double(max(1, training.count))
            let perValidationCall = Double(validationTokens) / Double(max(1, validation.count))
            let prompt = Int((Double(trainingCalls) * perTrainingCall).rounded()) + validations * evalSamples * validationTokens
            return GraderCalls(
                grader: component.name, model: model, trainingCalls: trainingCalls, validationCalls: validationCalls,
                promptTokensPerTrainingCall: perTrainingCall, promptTokensPerValidationCall: perValidationCall,
                completionTokensPerCall: completion,
                usage: TokenUsage(promptTokens: prompt, completionTokens: (trainingCalls + validationCalls) * completion))
        }
    }

    /// The model and prompt of a `score_model` or `label_model` grader.
    private static func modelPrompt(of grader: Grader) -> (String, [GraderMessage])? {
        switch grader {
        case .scoreModel(let model): (model.model, model.input)
        case .labelModel(let model): (model.model, model.input)
        default: nil
        }
    }

    /// A sample of `answerTokens` tokens (four bytes each), standing for a typical answer.
    static func typicalSample(answerTokens: Double) -> Sample {
        Sample(outputText: String(repeating: "x", count: max(0, Int((answerTokens * 4).rounded()))))
    }

    /// Prompt tokens of a grader's `input` rendered on `item`, as the grader engine renders and counts it.
    static func promptTokens(_ input: [GraderMessage], item: JSONValue, sample: Sample) -> Int {
        let context = TemplateContext(item: item, sample: sample)
        return TokenEstimate.promptTokens(input.map { message in
            JudgeRequest.Message(role: message.role.rawValue, content: message.textParts.map { render($0, context) }.joined())
        })
    }

    /// `source` with each placeholder replaced by its value. One that does not resolve counts as
    /// empty, except a `sample…` read, which counts as the typical answer (its JSON shape is unknown
    /// here): an estimate should not fail where grading would only flag an error.
    static func render(_ source: String, _ context: TemplateContext) -> String {
        guard source.contains("{{") else { return source }
        var output = ""
        var rest = Substring(source)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            output += rest[..<open.lowerBound]
            if let value = try? Template.render(String(rest[open.lowerBound..<close.upperBound]), context) {
                output += value
            } else if rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces).hasPrefix("sample") {
                output += context.sample.outputText
            }
            rest = rest[close.upperBound...]
        }
        return output + rest
    }
}
