internal import Graders
internal import Provider
internal import Simulator

extension CostWorkload {
    /// The calls of each grader model in `grader` (none for local graders) and the tokens the
    /// provider billed for it.
    ///
    /// Every component of a `multi` grader scores every sample, so each model component is called
    /// once per training sample (B × G per step) and once per validation sample (validation items ×
    /// `eval_samples` per validation). Components sharing a grader model share one record (the bill
    /// is by model), named by their keys joined with commas.
    static func graderCalls(
        _ grader: Grader, resolved: ResolvedHyperparameters, validations: Int, validationItems: Int, billed: [String: TokenUsage]
    ) -> [GraderCalls] {
        let trainingCalls = resolved.steps * resolved.batchSize * resolved.samplesPerPrompt
        let evalSamples = resolved.reinforcement?.evalSamples ?? 1
        let validationCalls = validations * validationItems * evalSamples
        var names: [String: [String]] = [:]
        for component in components(of: grader) {
            if let model = modelName(of: component.grader) { names[model, default: []].append(component.name) }
        }
        return names.keys.sorted().map { model in
            let count = names[model]!.count
            return GraderCalls(grader: names[model]!.joined(separator: ", "), model: model, trainingCalls: trainingCalls * count,
                               validationCalls: validationCalls * count, usage: billed[model] ?? TokenUsage())
        }
    }

    /// The model of a `score_model` or `label_model` grader.
    private static func modelName(of grader: Grader) -> String? {
        switch grader {
        case .scoreModel(let model): model.model
        case .labelModel(let model): model.model
        default: nil
        }
    }
}
