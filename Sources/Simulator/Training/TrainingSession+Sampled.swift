import Foundation
import Stochastics

extension TrainingSession {
    /// One step of a sampled algorithm (REINFORCE, RLOO, GRPO, Dr. GRPO).
    func sampledStep(_ number: Int) -> StepMetrics {
        let configuration = configuration
        let b = buffers
        let batchSize = configuration.batchSize
        let groupSize = configuration.groupSize
        let stride = train.maximumCandidates
        let answers = batchSize * groupSize
        let reference = train.referenceLogProbabilities
        samplingStream.reseed(samplingKey.child(.index(UInt64(number))))

        // Sample and score G answers per item from π_old = π_θ.
        var entropy = 0.0, kl = 0.0, goldSum = 0.0
        let cumulative = b.candidateScratch
        for slot in 0..<batchSize {
            let item = b.batchItems[slot]
            let start = train.start(of: item)
            let count = train.count(of: item)
            let lp = b.logProbabilities + slot &* stride
            let p = b.probabilities + slot &* stride
            evaluateTrainingItem(item, logProbabilities: lp, probabilities: p)
            entropy += PolicyKernel.entropy(p, lp, count)
            kl += PolicyKernel.kl(p, lp, reference: reference + start, count)
            var total = 0.0
            for c in 0..<count {
                total += p[c]
                cumulative[c] = total
            }
            let last = count &- 1
            for g in 0..<groupSize {
                let u = samplingStream.uniform() * total
                var c = 0
                while c < last && cumulative[c] <= u { c &+= 1 }
                let i = slot &* groupSize &+ g
                b.samples[i] = c
                b.oldLogProbabilities[i] = lp[c]
                let reward = train.rewards[start &+ c]
                b.rawRewards[i] = reward
                b.penalizedRewards[i] = k1Beta == 0 ? reward : reward - k1Beta * (lp[c] - reference[start &+ c])
                if let gold = train.gold { goldSum += gold[start &+ c] }
            }
        }

        // Batch statistics and advantages.
        let (rewardMean, rewardStd) = AdvantageKernel.meanAndStandardDeviation(b.rawRewards, answers)
        let penalized = k1Beta == 0 ? (rewardMean, rewardStd) : AdvantageKernel.meanAndStandardDeviation(b.penalizedRewards, answers)
        var zeroGroups = 0
        for slot in 0..<batchSize {
            let offset = slot &* groupSize
            // TRL: isclose(std, 0); a group of one has no std (NaN in torch), so it never counts.
            if groupSize > 1, AdvantageKernel.meanAndStandardDeviation(b.rawRewards + offset, groupSize).std <= 1e-8 { zeroGroups += 1 }
            AdvantageKernel.group(
                configuration.algorithm, scaling: configuration.rewardScaling,
                rewards: b.penalizedRewards + offset, count: groupSize,
                batchStandardDeviation: penalized.1, baseline: baseline, advantages: b.advantages + offset)
        }
        if configuration.algorithm == .reinforce {
            baseline += configuration.baselineRate * (penalized.0 - baseline)
        }

        // μ optimizer updates on the same answers.
        var clipped = 0
        var gradientNorm = 0.0
        beginUpdate()
        for iteration in 0..<configuration.iterationsPerBatch {
            clipped += accumulateSampledDirection(iteration: iteration)
            if iteration == 0 { gradientNorm = norm(b.direction, train.featureCount) }
            applyUpdate()
            applyItemUpdates()
        }
        applyInstability()

        return StepMetrics(
            step: number, epoch: 0, trainRewardMean: rewardMean, rewardStd: rewardStd,
            fracRewardZeroStd: Double(zeroGroups) / Double(batchSize),
            entropy: entropy / Double(batchSize), kl: kl / Double(batchSize),
            clipRatio: Double(clipped) / Double(answers * configuration.iterationsPerBatch),
            gradientNorm: gradientNorm,
            trainGoldRewardMean: train.gold == nil ? nil : goldSum / Double(answers))
    }

    /// Writes the ascent direction of the clipped surrogate (plus the k3 loss) into
    /// `buffers.direction`; returns how many answers were clipped.
    ///
    /// d = (1/(B·G)) Σᵢ wᵢ (φ(cᵢ) − E_π[φ]) with wᵢ = ρᵢAᵢ unless clipped, minus β(1 − π_ref/π) for k3.
    private func accumulateSampledDirection(iteration: Int) -> Int {
        let b = buffers
        let f = train.featureCount
        let batchSize = configuration.batchSize
        let groupSize = configuration.groupSize
        let stride = train.maximumCandidates
        let low = 1 - configuration.clipEpsilon
        let high = 1 + (configuration.clipEpsilonHigh ?? configuration.clipEpsilon)
        // Centred advantages sum to 0 per group, so the E_π[φ] term vanishes at ρ = 1.
        let skipMean = configuration.algorithm.advantagesSumToZero && iteration == 0 && k3Beta == 0
        let scale = 1 / Double(batchSize * groupSize)
        let weights = b.candidateScratch
        var clipped = 0
        for i in 0..<f { b.direction[i] = 0 }
        for slot in 0..<batchSize {
            let item = b.batchItems[slot]
            let start = train.start(of: item)
            let count = train.count(of: item)
            let lp = b.logProbabilities + slot &* stride
            let p = b.probabilities + slot &* stride
            if iteration > 0 {
                train.evaluate(item: item, theta: trainingParameters(of: item), logProbabilities: lp, probabilities: p)
            }
            for c in 0..<count { weights[c] = 0 }
            var total = 0.0
            for g in 0..<groupSize {
                let i = slot &* groupSize &+ g
                let c = b.samples[i]
                let advantage = b.advantages[i]
                var w = advantage
                if iteration > 0 {
                    let ratio = exp(lp[c] - b.oldLogProbabilities[i])
                    if (advantage > 0 && ratio > high) || (advantage < 0 && ratio < low) {
                        w = 0
                        clipped &+= 1
                    } else {
                        w = ratio * advantage
                    }
                }
                if k3Beta != 0 { w -= k3Beta * (1 - exp(train.referenceLogProbabilities[start &+ c] - lp[c])) }
                weights[c] += w
                total += w
            }
            if !skipMean {
                for c in 0..<count { weights[c] -= total * p[c] }
            }
            // Below full transfer each slot's share is kept apart: it also moves the item's own ψ.
            let target = b.slotDirections.map { $0 + slot &* f } ?? b.direction
            if target != b.direction { for j in 0..<f { target[j] = 0 } }
            for c in 0..<count where weights[c] != 0 {
                train.addFeatures(of: start &+ c, scaledBy: weights[c] * scale, to: target)
            }
        }
        if let slots = b.slotDirections {
            let transfer = configuration.dynamics.transfer
            for slot in 0..<batchSize {
                for j in 0..<f { b.direction[j] += slots[slot &* f &+ j] }
            }
            for j in 0..<f { b.direction[j] *= transfer }
        }
        freezeOffSpanColumns()
        return clipped
    }

    func norm(_ values: UnsafePointer<Double>, _ count: Int) -> Double {
        var sum = 0.0
        for i in 0..<count { sum += values[i] * values[i] }
        return sum.squareRoot()
    }
}
