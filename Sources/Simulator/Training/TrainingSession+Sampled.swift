import Foundation
import Stochastics

/// What the sampling phase of a step measured on the batch before the update.
struct SampledBatch {
    /// Σ over the batch's items of H(π_old(· | item)) and KL(π_old ‖ π_ref).
    var entropySum = 0.0, klSum = 0.0
    /// Σ of the sampled answers' gold rewards (0 without gold rewards).
    var goldSum = 0.0
    /// Σ of the raw rewards, in answer order (summed while they are written, as
    /// ``AdvantageKernel/meanAndStandardDeviation(_:_:)`` would sum them).
    var rawRewardSum = 0.0
}

/// The batch's reward statistics and its share of uniform groups.
struct BatchAdvantages {
    /// Mean and std (n − 1) of the raw rewards of all B·G answers (`train_reward_mean`, `reward_std`).
    var rewardMean: Double, rewardStd: Double
    /// Groups whose raw rewards are all equal (no learning signal).
    var zeroVarianceGroups: Int
}

/// What the update phase did.
struct UpdateSummary {
    /// Answer-iterations whose ratio was clipped.
    var clipped: Int
    /// ‖d‖ of the first iteration (`grad_norm`).
    var gradientNorm: Double
}

/// One step of a sampled algorithm, in the three phases of TRL's `GRPOTrainer`: sample the
/// batch's groups from π_old, compute their advantages, then update θ on them.
///
/// The update maximises, per sampled answer i with log-ratio to the sampling policy
/// log π_θ(cᵢ) − log π_old(cᵢ) (TRL: `coef_1` = exp of it), the clipped surrogate
///
///     min(coef_1 · Aᵢ, coef_2 · Aᵢ),   coef_2 = clamp(coef_1, 1 − ε, 1 + ε_high)
///
/// minus β·`per_token_kl` with the k3 estimator per_token_kl = π_ref/π_θ − log(π_ref/π_θ) − 1,
/// averaged over the B·G answers (TRL's `loss_type="grpo"` for one-"token" answers, see
/// `policy-gradient-dynamics.md` §1). Its gradient for a softmax over the item's candidates is
/// d = (1/(B·G)) Σᵢ wᵢ (φ(cᵢ) − E_π[φ]) with wᵢ = coef_1·Aᵢ unless clipped (then 0), minus
/// β(1 − π_ref/π_θ) for k3. Here coef_1 = 1 on the first of μ iterations.
///
/// When the table has answer lengths (``ResponseTable/answerTokens``) and
/// ``TrainingDynamics/lengthNormalization`` is on, GRPO normalises per
/// sequence as TRL's `loss_type="grpo"` does: each answer's term is divided by its length ℓᵢ
/// (times the table's mean length L̄, so the learning rate keeps its scale), wᵢ → wᵢ·L̄/ℓᵢ. A
/// wrong answer's penalty then shrinks with its length, the length bias of Liu et al. (2025);
/// Dr. GRPO's constant normaliser does not weigh by length.
extension TrainingSession {
    func sampledStep(_ number: Int) -> StepMetrics {
        let batchSize = Double(configuration.batchSize)
        let answers = configuration.batchSize * configuration.groupSize
        let batch = sampleGroups(step: number)
        let advantages = computeAdvantages(rawRewardSum: batch.rawRewardSum)
        let update = updatePolicy()
        return StepMetrics(
            step: number, epoch: 0, trainRewardMean: advantages.rewardMean, rewardStd: advantages.rewardStd,
            fracRewardZeroStd: Double(advantages.zeroVarianceGroups) / batchSize,
            entropy: batch.entropySum / batchSize, kl: batch.klSum / batchSize,
            clipRatio: Double(update.clipped) / Double(answers * configuration.iterationsPerBatch),
            gradientNorm: update.gradientNorm,
            trainGoldRewardMean: train.gold == nil ? nil : batch.goldSum / Double(answers))
    }

    /// Sample and score G answers per batch item from π_old = π_θ (reseeding the step's stream):
    /// fills `samples` and `rawRewards`, `oldLogProbabilities` when μ > 1 (only later iterations
    /// read them) and `penalizedRewards` (r − β·log(π_old/π_ref)) under k1 (without it they are
    /// the raw rewards: see `penalizedRewards`).
    func sampleGroups(step number: Int) -> SampledBatch {
        let b = buffers
        let groupSize = configuration.groupSize
        let stride = train.maximumCandidates
        let reference = train.referenceLogProbabilities
        // A local copy: draws on a class's stored property would each pay an exclusivity check.
        var draws = Taus2Generator(key: samplingKey.child(.index(UInt64(number))))
        defer { samplingDraws = draws }
        var batch = SampledBatch()
        let keepsOldLogProbabilities = configuration.iterationsPerBatch > 1
        let cumulative = b.candidateScratch
        var entropy = 0.0, kl = 0.0, rawRewardSum = 0.0
        // log π of the slot that last evaluated π: a following slot with the same π reads it there.
        var logProbabilities = b.logProbabilities
        for slot in 0..<configuration.batchSize {
            let item = b.batchItems[slot]
            let start = train.start(of: item)
            let count = train.count(of: item)
            // The same prompt again (a bandit's batch is copies of one) has the same π, entropy,
            // KL and cumulative sums as the slot before. Its rows are left for the update to copy
            // if it reads them (``accumulateSampledDirection(iteration:)``).
            if !sharesPolicyWithPreviousSlot(slot) {
                logProbabilities = b.logProbabilities + slot &* stride
                let probabilities = b.probabilities + slot &* stride
                evaluateTrainingItem(item, logProbabilities: logProbabilities, probabilities: probabilities)
                entropy = PolicyKernel.entropy(probabilities, logProbabilities, count)
                kl = PolicyKernel.kl(probabilities, logProbabilities, reference: reference + start, count)
                var total = 0.0
                for c in 0..<count {
                    total += probabilities[c]
                    cumulative[c] = total
                }
                // Every answer of the slots that share this π, drawn and scored in one loop (in slot
                // order; the shared items' rewards are identical).
                let first = slot &* groupSize
                let end = first &+ groupSize &* sharingRun(from: slot)
                let buckets = b.sampler.prepare(cumulative, count: count, total: total, draws: end &- first)
                let rewards = train.rewards + start
                for i in first..<end {
                    let c = b.sampler.draw(draws.nextRaw(), total: total, cumulative, count: count, buckets: buckets)
                    b.samples[i] = c
                    b.rawRewards[i] = rewards[c]
                    rawRewardSum += rewards[c]
                }
            }
            batch.entropySum += entropy
            batch.klSum += kl
            guard keepsOldLogProbabilities || k1Beta != 0 || train.gold != nil else { continue }
            for i in (slot &* groupSize)..<((slot &+ 1) &* groupSize) {
                let c = b.samples[i]
                if keepsOldLogProbabilities { b.oldLogProbabilities[i] = logProbabilities[c] }
                if k1Beta != 0 { b.penalizedRewards[i] = b.rawRewards[i] - k1Beta * (logProbabilities[c] - reference[start &+ c]) }
                if let gold = train.gold { batch.goldSum += gold[start &+ c] }
            }
        }
        batch.rawRewardSum = rawRewardSum
        return batch
    }

    /// The rewards the advantages are computed from: k1-penalised, or without k1 the raw ones.
    private var penalizedRewards: UnsafeMutablePointer<Double> {
        k1Beta == 0 ? buffers.rawRewards : buffers.penalizedRewards
    }

    /// Whether batch slot `slot` has the π of the slot before (the same item, or an identical one).
    @inline(__always)
    private func sharesPolicyWithPreviousSlot(_ slot: Int) -> Bool {
        slot > 0 && sharedItem(buffers.batchItems[slot]) == sharedItem(buffers.batchItems[slot &- 1])
    }

    /// How many batch slots from `slot` on share its item's π (the slot itself included).
    private func sharingRun(from slot: Int) -> Int {
        let shared = sharedItem(buffers.batchItems[slot])
        var end = slot &+ 1
        while end < configuration.batchSize && sharedItem(buffers.batchItems[end]) == shared { end &+= 1 }
        return end &- slot
    }

    /// Each group's advantages from its (penalised) rewards (``AdvantageKernel``), into `advantages`;
    /// REINFORCE's moving baseline follows the batch's mean.
    ///
    /// - Parameter rawRewardSum: Σ of the raw rewards in answer order (``SampledBatch``).
    /// - Returns: the batch's raw reward mean and std, and how many groups had no reward variance.
    func computeAdvantages(rawRewardSum: Double) -> BatchAdvantages {
        let b = buffers
        let groupSize = configuration.groupSize
        let answers = configuration.batchSize * groupSize
        // Without k1 or batch scaling, no group needs the batch's std first: one pass then takes
        // the batch's squared deviations beside the groups', so that their chains of dependent
        // additions overlap (the same sums, in the same order, as a separate pass).
        let batchFirst = k1Beta != 0 || (configuration.algorithm == .grpo && configuration.rewardScaling == .batch)
        let rawMean = rawRewardSum / Double(answers)
        var raw = (mean: rawMean, std: 0.0)
        if batchFirst { raw = AdvantageKernel.meanAndStandardDeviation(b.rawRewards, answers) }
        let penalized = k1Beta == 0 ? raw : AdvantageKernel.meanAndStandardDeviation(penalizedRewards, answers)
        let rewards = penalizedRewards
        var rawSquares = 0.0
        var zeroGroups = 0
        for slot in 0..<configuration.batchSize {
            let offset = slot &* groupSize
            if !batchFirst {
                for i in offset..<(offset &+ groupSize) { rawSquares += (b.rawRewards[i] - rawMean) * (b.rawRewards[i] - rawMean) }
            }
            let rawStatistics = AdvantageKernel.GroupStatistics(b.rawRewards + offset, count: groupSize)
            // TRL: isclose(std, 0); a group of one has no std (NaN in torch), so it never counts.
            if groupSize > 1, rawStatistics.isZeroVariance { zeroGroups += 1 }
            AdvantageKernel.group(
                configuration.algorithm, scaling: configuration.rewardScaling,
                rewards: rewards + offset, count: groupSize,
                statistics: k1Beta == 0 ? rawStatistics : nil,  // without k1 the penalised rewards are the raw ones
                batchStandardDeviation: penalized.std, baseline: baseline, advantages: b.advantages + offset)
        }
        if !batchFirst, answers > 1 { raw.std = (rawSquares / Double(answers - 1)).squareRoot() }
        if configuration.algorithm == .reinforce {
            baseline += configuration.baselineRate * (penalized.mean - baseline)
        }
        return BatchAdvantages(rewardMean: raw.mean, rewardStd: raw.std, zeroVarianceGroups: zeroGroups)
    }

    /// μ optimizer updates on the same answers (`num_iterations`), then the per-item and
    /// off-span parts of ``TrainingDynamics``.
    func updatePolicy() -> UpdateSummary {
        var summary = UpdateSummary(clipped: 0, gradientNorm: 0)
        beginUpdate()
        for iteration in 0..<configuration.iterationsPerBatch {
            summary.clipped += accumulateSampledDirection(iteration: iteration)
            if iteration == 0 { summary.gradientNorm = norm(buffers.direction, train.featureCount) }
            applyUpdate()
            applyItemUpdates()
        }
        applyInstability()
        return summary
    }

    /// Writes the ascent direction of the clipped surrogate (plus the k3 loss) into
    /// `buffers.direction` (below full transfer, also each slot's share into `slotDirections`);
    /// returns how many answers were clipped. See the type's documentation for the loss.
    private func accumulateSampledDirection(iteration: Int) -> Int {
        let b = buffers
        let featureCount = train.featureCount
        let groupSize = configuration.groupSize
        let stride = train.maximumCandidates
        let low = 1 - configuration.clipEpsilon
        let high = 1 + (configuration.clipEpsilonHigh ?? configuration.clipEpsilon)
        let scale = 1 / Double(configuration.batchSize * groupSize)
        let lengthWeights = configuration.algorithm == .grpo && configuration.dynamics.lengthNormalization ? train.inverseLengthWeights : nil
        // Centred advantages sum to 0 per group, so the E_π[φ] term vanishes at coef_1 = 1
        // (unless lengths weigh them).
        let skipMean = configuration.algorithm.advantagesSumToZero && iteration == 0 && k3Beta == 0 && lengthWeights == nil
        let candidateWeights = b.candidateScratch
        var clipped = 0
        for j in 0..<featureCount { b.direction[j] = 0 }
        if skipMean { for c in 0..<stride { candidateWeights[c] = 0 } }
        for slot in 0..<configuration.batchSize {
            let item = b.batchItems[slot]
            let start = train.start(of: item)
            let count = train.count(of: item)
            // Below full transfer each slot's share is kept apart: it also moves the item's own ψ.
            let target = b.slotDirections.map { $0 + slot &* featureCount } ?? b.direction
            if target != b.direction { for j in 0..<featureCount { target[j] = 0 } }
            if skipMean {
                addAdvantageWeightedFeatures(slot: slot, start: start, scale: scale, to: target)
                continue
            }
            let logProbabilities = b.logProbabilities + slot &* stride
            let probabilities = b.probabilities + slot &* stride
            if iteration == 0 && sharesPolicyWithPreviousSlot(slot) {
                logProbabilities.update(from: logProbabilities - stride, count: count)
                probabilities.update(from: probabilities - stride, count: count)
            }
            if iteration > 0 {
                train.evaluate(item: item, theta: trainingParameters(of: item), logProbabilities: logProbabilities, probabilities: probabilities)
            }
            for c in 0..<count { candidateWeights[c] = 0 }
            var total = 0.0
            for g in 0..<groupSize {
                let answer = slot &* groupSize &+ g
                let c = b.samples[answer]
                let advantage = b.advantages[answer]
                var weight = advantage
                if iteration > 0 {
                    let coef1 = exp(logProbabilities[c] - b.oldLogProbabilities[answer])
                    // min(coef_1·A, coef_2·A) has no gradient where the clamp binds.
                    if (advantage > 0 && coef1 > high) || (advantage < 0 && coef1 < low) {
                        weight = 0
                        clipped &+= 1
                    } else {
                        weight = coef1 * advantage
                    }
                }
                if let lengthWeights { weight *= lengthWeights[start &+ c] }
                // −β ∂per_token_kl/∂log π_θ for k3.
                if k3Beta != 0 { weight -= k3Beta * (1 - exp(train.referenceLogProbabilities[start &+ c] - logProbabilities[c])) }
                candidateWeights[c] += weight
                total += weight
            }
            for c in 0..<count { candidateWeights[c] -= total * probabilities[c] }
            for c in 0..<count where candidateWeights[c] != 0 {
                train.addFeatures(of: start &+ c, scaledBy: candidateWeights[c] * scale, to: target)
            }
        }
        if let slots = b.slotDirections {
            let transfer = configuration.dynamics.transfer
            for slot in 0..<configuration.batchSize {
                for j in 0..<featureCount { b.direction[j] += slots[slot &* featureCount &+ j] }
            }
            for j in 0..<featureCount { b.direction[j] *= transfer }
        }
        freezeOffSpanColumns()
        return clipped
    }

    /// Adds one slot's Σᵢ Aᵢ·φ(cᵢ)·`scale` to `target`, when the weights are the advantages alone
    /// (``accumulateSampledDirection(iteration:)``'s `skipMean` case).
    ///
    /// Only the sampled candidates have weight, so this visits those (in ascending order, with the
    /// sums and the additions of the dense scan over all K, hence the same bits) and skips
    /// answers whose advantage is 0, as every answer of a group with equal rewards has.
    /// `candidateScratch` must be all zero on entry; it is again on return.
    private func addAdvantageWeightedFeatures(slot: Int, start: Int, scale: Double, to target: UnsafeMutablePointer<Double>) {
        let b = buffers
        let groupSize = configuration.groupSize
        let candidateWeights = b.candidateScratch
        let sampled = b.sampledCandidates
        var sampledCount = 0
        for g in 0..<groupSize {
            let answer = slot &* groupSize &+ g
            let weight = b.advantages[answer]
            if weight == 0 { continue }
            let c = b.samples[answer]
            candidateWeights[c] += weight
            // Insert c into the sorted list of candidates seen, unless there.
            var position = sampledCount
            while position > 0 && sampled[position &- 1] > c { position &-= 1 }
            if position > 0 && sampled[position &- 1] == c { continue }
            var move = sampledCount
            while move > position { sampled[move] = sampled[move &- 1]; move &-= 1 }
            sampled[position] = c
            sampledCount &+= 1
        }
        for index in 0..<sampledCount {
            let c = sampled[index]
            let weight = candidateWeights[c]
            candidateWeights[c] = 0
            if weight != 0 { train.addFeatures(of: start &+ c, scaledBy: weight * scale, to: target) }
        }
    }

    func norm(_ values: UnsafePointer<Double>, _ count: Int) -> Double {
        var sum = 0.0
        for i in 0..<count { sum += values[i] * values[i] }
        return sum.squareRoot()
    }
}
