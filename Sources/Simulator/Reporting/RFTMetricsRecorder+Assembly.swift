/// Weighted means of a ``RFTCandidateColumns`` over some candidates: Σ w·x / divisor; token
/// columns are kept as sums (whole tokens, since every candidate's counts are whole and the
/// weights are counts of draws).
struct RFTSummary {
    let scores: [Double]
    let errors: [[Double]]
    /// Σ over the sampled answers of each grader's tokens.
    let promptTokens, completionTokens, cachedTokens: [Double]
    let parseError, unresponsive: Double
    /// Grader calls the means are per (B·G for training, items × `eval_samples` for validation).
    let calls: Double
    /// Σ over the sampled answers of their reasoning tokens and of their output tokens.
    let reasoningTokens, outputTokens: Double

    init(_ columns: RFTCandidateColumns, _ entries: [(candidate: Int, weight: Double)], divisor: Double, calls: Double,
         reasoning: [Double], output: [Double]) {
        func sum(_ column: [Double]) -> Double {
            var sum = 0.0
            for (c, w) in entries { sum += w * column[c] }
            return sum
        }
        func mean(_ column: [Double]) -> Double {
            divisor > 0 ? sum(column) / divisor : 0
        }
        scores = columns.scores.map(mean)
        errors = columns.errors.map { $0.map(mean) }
        promptTokens = columns.promptTokens.map(sum)
        completionTokens = columns.completionTokens.map(sum)
        cachedTokens = columns.cachedTokens.map(sum)
        parseError = mean(columns.parseError)
        unresponsive = mean(columns.unresponsive)
        self.calls = calls
        reasoningTokens = sum(reasoning)
        outputTokens = sum(output)
    }

    /// `count / calls`, 0 without calls.
    func perCall(_ count: Double) -> Double {
        calls > 0 ? count / calls : 0
    }

    /// Mean reasoning tokens per sample.
    var reasoningMean: Double { perCall(reasoningTokens) }
}

extension RFTMetricsRecorder {
    func assemble(metrics: StepMetrics, train: RFTSummary, valid: RFTSummary?, timing stepTiming: StepTiming) -> RFTMetricsEventData {
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
                trainPromptTokensMean: train.perCall(train.promptTokens[g]), validPromptTokensMean: valid.map { $0.perCall($0.promptTokens[g]) },
                trainPromptTokensCount: train.promptTokens[g], validPromptTokensCount: valid?.promptTokens[g],
                trainCompletionTokensMean: train.perCall(train.completionTokens[g]),
                validCompletionTokensMean: valid.map { $0.perCall($0.completionTokens[g]) },
                trainCompletionTokensCount: train.completionTokens[g], validCompletionTokensCount: valid?.completionTokens[g]))
            var totals = perModel[model] ?? ((0, 0, 0), (0, 0, 0))
            totals.train.0 += train.promptTokens[g]
            totals.train.1 += train.completionTokens[g]
            totals.train.2 += train.cachedTokens[g]
            if let valid {
                totals.eval.0 += valid.promptTokens[g]
                totals.eval.1 += valid.completionTokens[g]
                totals.eval.2 += valid.cachedTokens[g]
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
                trainReasoningTokensMean: train.reasoningMean, validReasoningTokensMean: valid?.reasoningMean,
                trainReasoningTokensCount: train.reasoningTokens, validReasoningTokensCount: valid?.reasoningTokens)),
            errors: .init(graders: errors),
            scores: .init(graders: scores, trainRewardMean: metrics.trainRewardMean, validRewardMean: validReward),
            timing: .init(step: stepTiming, graders: timing.graderLatencies),
            totalSteps: trainer.configuration.steps,
            trainMeanReward: metrics.trainRewardMean,
            reasoningTokensMean: train.reasoningMean,
            completionTokensMean: train.perCall(train.reasoningTokens + train.outputTokens),
            fullValidMeanReward: validReward,
            meanUnresponsiveRewards: train.unresponsive,
            modelGradersTokenUsage: usage,
            fullValidMeanParseError: valid?.parseError,
            validReasoningTokensMean: valid?.reasoningMean)
    }
}
