extension ResponseModel {
    /// The same graded answers under another base model: every item's prior logits recomputed
    /// from `prior` as ``ResponseModelBuilder`` computes them (the candidates' rewards, their
    /// `valid_format` feature and the item's success probability drawn with `seed`), and the
    /// answers' lengths normalised under the new base policy; rewards and features are kept.
    ///
    /// A model built with prior A and given prior B here equals the model built with prior B
    /// (with the same `seed`, the builder's), without grading the answers again: `rftsim
    /// calibrate` evaluates many priors on one graded answer space. Use it on the whole built
    /// model, before ``selecting(items:)``, since the items' draws follow their positions.
    ///
    /// - Parameters:
    ///   - prior: The base model's prior.
    ///   - seed: The builder's seed.
    /// - Returns: The model with the new prior logits and ``itemSuccessProbabilities``.
    /// - Throws: ``SimulatorError`` naming the `prior.*` field that is invalid.
    public func withPrior(_ prior: BasePrior, seed: UInt64) throws(SimulatorError) -> ResponseModel {
        try prior.validate()
        let featureCount = table.featureCount
        let formatColumn = featureIndex("valid_format")
        var logits: [Double] = [], probabilities: [Double] = []
        logits.reserveCapacity(table.candidateCount)
        probabilities.reserveCapacity(table.itemCount)
        for item in 0..<table.itemCount {
            let range = table.candidateOffsets[item]..<table.candidateOffsets[item + 1]
            let valid = range.map { c in formatColumn.map { table.features[c * featureCount + $0] != 0 } ?? true }
            let p = prior.successProbability(item: item, seed: seed)
            probabilities.append(p)
            logits += prior.logits(rewards: Array(table.rewards[range]), validFormat: valid, successProbability: p)
        }
        var repriced = try ResponseTable(
            featureCount: featureCount, candidateCounts: (0..<table.itemCount).map { table.candidateOffsets[$0 + 1] - table.candidateOffsets[$0] },
            rewards: table.rewards, priorLogits: logits, features: table.features, goldRewards: table.goldRewards)
        repriced.offSpan = table.offSpan
        // Lengths are normalised under the base policy, which the prior changes (as the builder does).
        let lengths = TokenLengths(table: repriced, texts: candidates.map(\.text))
        try repriced.setAnswerTokens(lengths.answerTokens(mean: TokenLengths.meanReasoningTokens(for: prior)))
        return ResponseModel(table: repriced, candidates: candidates, featureNames: featureNames,
                             itemSuccessProbabilities: probabilities, report: report)
    }
}
