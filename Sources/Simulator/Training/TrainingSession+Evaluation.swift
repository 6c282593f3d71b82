import Stochastics

extension TrainingSession {
    /// The exact expected training and gold rewards of the current policy, averaged over `table`'s items.
    ///
    /// - Parameter fillingCache: `table` is the training table; keep its π in the step cache.
    func exactRewards(of table: FlatTable, fillingCache: Bool = false) -> (reward: Double, gold: Double?) {
        let b = buffers
        var reward = 0.0, gold = 0.0
        // An item that shares the previous item's π (``sharedItem(_:)``) adds the same terms again.
        var itemReward = 0.0, itemGold = 0.0
        for item in 0..<table.itemCount {
            if table === train, item > 0, sharedItem(item) == sharedItem(item - 1) {
                reward += itemReward
                if table.gold != nil { gold += itemGold }
                continue
            }
            let start = table.start(of: item)
            let count = table.count(of: item)
            let lp = fillingCache ? b.cachedLogProbabilities + start : b.evalLogProbabilities
            let p = fillingCache ? b.cachedProbabilities + start : b.evalProbabilities
            // Training items use their own ψᵢ below full transfer; validation items were never trained on.
            let theta = table === train ? trainingParameters(of: item) : UnsafePointer(b.theta)
            table.evaluate(item: item, theta: theta, logProbabilities: lp, probabilities: p)
            itemReward = PolicyKernel.expectation(p, table.rewards + start, count)
            reward += itemReward
            if let g = table.gold {
                itemGold = PolicyKernel.expectation(p, g + start, count)
                gold += itemGold
            }
        }
        if fillingCache { cacheIsCurrent = true }
        let n = Double(table.itemCount)
        return (reward / n, table.gold == nil ? nil : gold / n)
    }

    /// Validation: the exact expected reward (and gold) over the validation items, and a sampled
    /// estimate from `evalSamples` answers per item drawn from `child("validation", step)`, as the
    /// platform's `valid_reward_mean` is (``withLastValidationSample(_:)`` reads the draws).
    func validate(step: Int, into metrics: inout StepMetrics) {
        guard let validation else { return }
        let b = buffers
        let samples = configuration.evalSamples
        let (exact, gold) = exactRewards(of: validation)
        validationStream.reseed(validationKey.child(.index(UInt64(step))))
        var sampled = 0.0
        let cumulative = b.candidateScratch
        for c in 0..<validation.candidateCount { b.validationDraws[c] = 0 }
        for item in 0..<validation.itemCount {
            let start = validation.start(of: item)
            let count = validation.count(of: item)
            validation.evaluate(item: item, theta: b.theta, logProbabilities: b.evalLogProbabilities, probabilities: b.evalProbabilities)
            var total = 0.0
            for c in 0..<count {
                total += b.evalProbabilities[c]
                cumulative[c] = total
            }
            for _ in 0..<samples {
                let u = validationStream.uniform() * total
                var c = 0
                while c < count &- 1 && cumulative[c] <= u { c &+= 1 }
                sampled += validation.rewards[start &+ c]
                b.validationDraws[start &+ c] &+= 1
            }
        }
        metrics.validRewardMean = sampled / Double(validation.itemCount * samples)
        metrics.validPolicyExpectedReward = exact
        metrics.validGoldRewardMean = gold
    }
}
