import Foundation

/// The expected update of one step, computed exactly: what ``MeanFieldModel`` integrates.
/// Owns its buffers; not thread-safe.
final class MeanFieldDrift {
    let configuration: TrainerConfiguration
    let table: FlatTable
    let mode: ExactGradient.Mode
    private let logProbabilities, probabilities, scratch, perCandidate: UnsafeMutablePointer<Double>
    private let groupRewards, groupAdvantages, logFactorials, fisher: UnsafeMutablePointer<Double>
    private let counts: UnsafeMutablePointer<Int>

    init(table: ResponseTable, configuration: TrainerConfiguration) {
        self.configuration = configuration
        self.table = FlatTable(table, reference: configuration.referenceParameters)
        mode = configuration.algorithm == .natural ? (table.isTabular ? .naturalTabular : .naturalFisher) : .exact
        let k = max(self.table.maximumCandidates, 1)
        let f = table.featureCount
        let g = configuration.groupSize
        logProbabilities = .allocate(capacity: k)
        probabilities = .allocate(capacity: k)
        scratch = .allocate(capacity: k + f)
        perCandidate = .allocate(capacity: k)
        groupRewards = .allocate(capacity: g)
        groupAdvantages = .allocate(capacity: g)
        logFactorials = .allocate(capacity: g + 1)
        fisher = .allocate(capacity: f * f)
        counts = .allocate(capacity: k)
        logFactorials[0] = 0
        for n in stride(from: 1, through: g, by: 1) { logFactorials[n] = logFactorials[n - 1] + log(Double(n)) }
    }

    deinit {
        for p in [logProbabilities, probabilities, scratch, perCandidate, groupRewards, groupAdvantages, logFactorials, fisher] {
            p.deallocate()
        }
        counts.deallocate()
    }

    /// Writes dθ/dt = E[Δθ]/η at θ, averaged over all items (what uniform batches give in expectation).
    func drift(theta: UnsafePointer<Double>, into direction: UnsafeMutablePointer<Double>) {
        let f = table.featureCount
        let weight = 1 / Double(table.itemCount)
        for i in 0..<f { direction[i] = 0 }
        if mode == .naturalFisher { for i in 0..<(f * f) { fisher[i] = 0 } }
        for item in 0..<table.itemCount {
            table.evaluate(item: item, theta: theta, logProbabilities: logProbabilities, probabilities: probabilities)
            if configuration.algorithm.needsGroups {
                accumulateGroupExpectation(item: item, weight: weight, direction: direction)
            } else {
                // REINFORCE with an action-independent baseline is unbiased: its drift is the exact gradient.
                ExactGradient.accumulate(
                    mode, table: table, item: item, logProbabilities: logProbabilities, probabilities: probabilities,
                    kl: configuration.kl, weight: weight, direction: direction, fisher: fisher, scratch: scratch)
            }
        }
        if mode == .naturalFisher {
            _ = FisherSolver.solve(matrix: fisher, damping: configuration.naturalDamping, rhs: direction, count: f)
        }
    }

    /// E over the group's composition n ~ Multinomial(G, π) of (1/G) Σᵢ Aᵢ ∇log π(cᵢ), plus the k3 term.
    private func accumulateGroupExpectation(item: Int, weight: Double, direction: UnsafeMutablePointer<Double>) {
        let start = table.start(of: item)
        let k = table.count(of: item)
        let g = configuration.groupSize
        let lp = logProbabilities, p = probabilities
        let rewards = scratch  // penalised reward per candidate
        for c in 0..<k {
            rewards[c] = ExactGradient.penalizedReward(table, start + c, logProbability: lp[c], kl: configuration.kl)
            perCandidate[c] = 0
        }
        let compositions = GroupCompositions(groupSize: g, candidateCount: k, counts: counts)
        compositions.reset()
        repeat {
            var logP = logFactorials[g]
            var possible = true
            var slot = 0
            for c in 0..<k where counts[c] > 0 {
                if p[c] == 0 { possible = false; break }
                logP += Double(counts[c]) * lp[c] - logFactorials[counts[c]]
                for _ in 0..<counts[c] { groupRewards[slot] = rewards[c]; slot += 1 }
            }
            guard possible else { continue }
            let probability = exp(logP)
            guard probability > 0 else { continue }
            // With B = 1 (the only case allowed for batch scaling) the batch std is the group's.
            let std = AdvantageKernel.meanAndStandardDeviation(groupRewards, g).std
            AdvantageKernel.group(
                configuration.algorithm, scaling: configuration.rewardScaling, rewards: groupRewards, count: g,
                batchStandardDeviation: std, baseline: 0, advantages: groupAdvantages)
            slot = 0
            for c in 0..<k where counts[c] > 0 {
                perCandidate[c] += probability * Double(counts[c]) * groupAdvantages[slot] / Double(g)
                slot += counts[c]
            }
        } while compositions.advance()
        var total = 0.0
        for c in 0..<k { total += perCandidate[c] }
        let k3Beta = configuration.kl.map { $0.estimator == .k3 ? $0.beta : 0 } ?? 0
        for c in 0..<k {
            var v = perCandidate[c] - total * p[c]
            if k3Beta != 0 { v -= k3Beta * (p[c] - exp(table.referenceLogProbabilities[start + c])) }
            if v != 0 { table.addFeatures(of: start + c, scaledBy: weight * v, to: direction) }
        }
    }
}
