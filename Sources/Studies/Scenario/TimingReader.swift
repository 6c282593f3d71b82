internal import Simulator

/// Reads `timing:` (docs/SCENARIOS.md, docs/PRICING.md): the timing model's constants that
/// `rftsim calibrate` fits to a pilot job, over `TimingModel.Parameters.default`.
enum TimingReader {
    /// The keys of `timing:` and the constant each sets.
    static let keys = ["sampling_tokens_per_second", "training_tokens_per_second", "eval_overhead_seconds",
                       "iteration_overhead_seconds", "grader_latency_seconds"]

    static func read(_ reader: ScenarioReader?) throws(ScenarioError) -> TimingModel.Parameters {
        var parameters = TimingModel.Parameters.default
        guard let reader else { return parameters }
        try reader.rejectUnknownKeys(keys)
        let rate = "a number of tokens per second > 0"
        parameters.aggregateDecodeTokensPerSecond = try reader.number(
            "sampling_tokens_per_second", where: { $0 > 0 }, rate) ?? parameters.aggregateDecodeTokensPerSecond
        parameters.trainingTokensPerSecond = try reader.number(
            "training_tokens_per_second", where: { $0 > 0 }, rate) ?? parameters.trainingTokensPerSecond
        parameters.evalOverheadSeconds = try reader.number(
            "eval_overhead_seconds", where: { $0 >= 0 }, "a number of seconds ≥ 0") ?? parameters.evalOverheadSeconds
        parameters.iterationOverheadSeconds = try reader.number(
            "iteration_overhead_seconds", where: { $0 >= 0 }, "a number of seconds ≥ 0") ?? parameters.iterationOverheadSeconds
        if let latencies = try reader.mapping("grader_latency_seconds") {
            try latencies.rejectUnknownKeys(GraderKind.allCases.map(\.rawValue))
            var values = parameters.graderLatencySeconds
            for kind in GraderKind.allCases {
                guard let seconds = try latencies.number(kind.rawValue, where: { $0 >= 0 }, "a number of seconds per grader call ≥ 0") else {
                    continue
                }
                switch kind {
                case .stringCheck: values.stringCheck = seconds
                case .textSimilarity: values.textSimilarity = seconds
                case .python: values.python = seconds
                case .scoreModel: values.scoreModel = seconds
                case .labelModel: values.labelModel = seconds
                }
            }
            parameters.graderLatencySeconds = values
        }
        return parameters
    }
}
