extension TrainingSession {
    /// One step of the exact modes (`exact`, `natural`): no sampling.
    func exactStep(_ number: Int) -> StepMetrics {
        let configuration = configuration
        let b = buffers
        let f = train.featureCount
        let batchSize = configuration.batchSize
        let stride = train.maximumCandidates
        let weight = 1 / Double(batchSize)
        for i in 0..<f { b.direction[i] = 0 }
        if exactMode == .naturalFisher {
            for i in 0..<(f * f) { b.fisher[i] = 0 }
        }
        var entropy = 0.0, kl = 0.0, mean = 0.0, square = 0.0, zero = 0.0, gold = 0.0
        for slot in 0..<batchSize {
            let item = b.batchItems[slot]
            let start = train.start(of: item)
            let count = train.count(of: item)
            let lp = b.logProbabilities + slot &* stride
            let p = b.probabilities + slot &* stride
            evaluateTrainingItem(item, logProbabilities: lp, probabilities: p)
            entropy += PolicyKernel.entropy(p, lp, count)
            kl += PolicyKernel.kl(p, lp, reference: train.referenceLogProbabilities + start, count)
            for c in 0..<count {
                let r = train.rewards[start &+ c]
                mean += p[c] * r
                square += p[c] * r * r
                if let g = train.gold { gold += p[c] * g[start &+ c] }
            }
            zero += PolicyKernel.zeroVarianceProbability(p, rewards: train.rewards + start, count, groupSize: configuration.groupSize)
            ExactGradient.accumulate(
                exactMode, table: train, item: item, logProbabilities: lp, probabilities: p,
                kl: configuration.kl, weight: weight, direction: b.direction, fisher: b.fisher,
                scratch: b.candidateScratch)
        }
        freezeOffSpanColumns()
        if exactMode == .naturalFisher {
            // With damping > 0 the matrix is positive definite; if rounding says otherwise, fall back to the plain gradient.
            _ = FisherSolver.solve(matrix: b.fisher, damping: configuration.naturalDamping, rhs: b.direction, count: f)
        }
        let gradientNorm = norm(b.direction, f)
        applyUpdate()
        mean *= weight
        return StepMetrics(
            step: number, epoch: 0, trainRewardMean: mean,
            rewardStd: max(square * weight - mean * mean, 0).squareRoot(),
            fracRewardZeroStd: zero * weight, entropy: entropy * weight, kl: kl * weight,
            gradientNorm: gradientNorm, trainGoldRewardMean: train.gold == nil ? nil : gold * weight)
    }
}
