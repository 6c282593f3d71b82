/// Weighted means of a ``RFTCandidateColumns`` over some candidates: Σ w·x / divisor.
struct RFTSummary {
    let scores: [Double]
    let errors: [[Double]]
    let promptTokens, completionTokens, cachedTokens: [Double]
    let parseError, unresponsive: Double
    /// Grader calls the means are per (B·G for training, items × `eval_samples` for validation).
    let calls: Double

    init(_ columns: RFTCandidateColumns, _ entries: [(candidate: Int, weight: Double)], divisor: Double, calls: Double) {
        func mean(_ column: [Double]) -> Double {
            guard divisor > 0 else { return 0 }
            var sum = 0.0
            for (c, w) in entries { sum += w * column[c] }
            return sum / divisor
        }
        scores = columns.scores.map(mean)
        errors = columns.errors.map { $0.map(mean) }
        promptTokens = columns.promptTokens.map(mean)
        completionTokens = columns.completionTokens.map(mean)
        cachedTokens = columns.cachedTokens.map(mean)
        parseError = mean(columns.parseError)
        unresponsive = mean(columns.unresponsive)
        self.calls = calls
    }
}

extension RFTMetricsRecorder {
    func assemble(metrics: StepMetrics, train: RFTSummary, valid: RFTSummary?) -> RFTMetricsEventData {
        let workload = timing.workload
        let reasoning = workload.reasoningTokensPerSample
        var scores: [RFTMetricsEventData.GraderScore] = []
        var errors: [GraderErrorStatistics] = []
        var tokens: [RFTMetricsEventData.GraderTokens] = []
        var perModel: [String: (train: (Double, Double, Double), eval: (Double, Double, Double))] = [:]
        for (g, grader) in graders.enumerated() {
            scores.append(.init(name: grader.name, type: grader.type, trainRewardMean: train.scores[g], validRewardMean: valid?.scores[g]))
            let kinds = RFTErrorKind.reported(forType: grader.type)
            errors.append(GraderErrorStatistics(name: grader.name, type: grader.type, errors: kinds.indices.map { k in
                GraderErrorStatistics.Entry(
                    kind: kinds[k].rawValue, trainMean: train.errors[g][k], trainCount: train.errors[g][k] * train.calls,
                    validMean: valid?.errors[g][k], validCount: valid.map { $0.errors[g][k] * $0.calls })
            }))
            guard let model = grader.model else { continue }
            tokens.append(.init(
                name: grader.name, type: grader.type, model: model,
                trainPromptTokensMean: train.promptTokens[g], validPromptTokensMean: valid?.promptTokens[g],
                trainPromptTokensCount: train.promptTokens[g] * train.calls, validPromptTokensCount: valid.map { $0.promptTokens[g] * $0.calls },
                trainCompletionTokensMean: train.completionTokens[g], validCompletionTokensMean: valid?.completionTokens[g],
                trainCompletionTokensCount: train.completionTokens[g] * train.calls,
                validCompletionTokensCount: valid.map { $0.completionTokens[g] * $0.calls }))
            var totals = perModel[model] ?? ((0, 0, 0), (0, 0, 0))
            totals.train.0 += train.promptTokens[g] * train.calls
            totals.train.1 += train.completionTokens[g] * train.calls
            totals.train.2 += train.cachedTokens[g] * train.calls
            if let valid {
                totals.eval.0 += valid.promptTokens[g] * valid.calls
                totals.eval.1 += valid.completionTokens[g] * valid.calls
                totals.eval.2 += valid.cachedTokens[g] * valid.calls
            }
            perModel[model] = totals
        }
        let usage = perModel.mapValues { t in
            RFTMetricsEventData.ModelTokenUsage(
                trainPromptTokens: Int(t.train.0.rounded()), trainCompletionTokens: Int(t.train.1.rounded()),
                trainCachedTokens: Int(t.train.2.rounded()), evalPromptTokens: Int(t.eval.0.rounded()),
                evalCompletionTokens: Int(t.eval.1.rounded()), evalCachedTokens: Int(t.eval.2.rounded()))
        }
        let validReward = valid == nil ? nil : metrics.validRewardMean
        return RFTMetricsEventData(
            step: metrics.step,
            usage: .init(graders: tokens, samples: .init(
                trainReasoningTokensMean: reasoning, validReasoningTokensMean: valid == nil ? nil : reasoning,
                trainReasoningTokensCount: reasoning * train.calls, validReasoningTokensCount: valid.map { reasoning * $0.calls })),
            errors: .init(graders: errors),
            scores: .init(graders: scores, trainRewardMean: metrics.trainRewardMean, validRewardMean: validReward),
            timing: .init(step: timing.timing(atStep: metrics.step), graders: timing.graderLatencies),
            totalSteps: trainer.configuration.steps,
            trainMeanReward: metrics.trainRewardMean,
            reasoningTokensMean: reasoning,
            completionTokensMean: workload.completionTokensPerSample,
            fullValidMeanReward: validReward,
            meanUnresponsiveRewards: train.unresponsive,
            modelGradersTokenUsage: usage,
            fullValidMeanParseError: valid?.parseError,
            validReasoningTokensMean: valid == nil ? nil : reasoning)
    }
}
