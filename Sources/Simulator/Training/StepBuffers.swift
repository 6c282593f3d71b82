/// The preallocated memory of a training session: sized once from the configuration and the
/// table, reused by every step (so a step allocates nothing).
struct StepBuffers {
    /// θ, the ascent direction, and F-sized scratch.
    let theta, direction, featureScratch: UnsafeMutablePointer<Double>
    /// The F × F Fisher matrix (natural gradient on non-tabular tables).
    let fisher: UnsafeMutablePointer<Double>
    /// The batch's items.
    let batchItems: UnsafeMutablePointer<Int>
    /// log π and π of each batch item, `batchSize × maximumCandidates`.
    let logProbabilities, probabilities: UnsafeMutablePointer<Double>
    /// Per-candidate scratch (cumulative probabilities, weights), `maximumCandidates + F`.
    let candidateScratch: UnsafeMutablePointer<Double>
    /// Per sampled answer, `batchSize × groupSize`: the candidate (index within its item), its
    /// log π_old, raw and penalised rewards, gold reward, advantage.
    let samples: UnsafeMutablePointer<Int>
    let oldLogProbabilities, rawRewards, penalizedRewards, goldRewards, advantages: UnsafeMutablePointer<Double>
    /// log π and π of one item for whole-table metrics and validation.
    let evalLogProbabilities, evalProbabilities: UnsafeMutablePointer<Double>
    /// The tracked item's probabilities after the latest policy-metrics pass.
    let tracked: UnsafeMutablePointer<Double>
    /// log π and π of every training candidate from the latest whole-table pass: when θ has not
    /// moved since, the next step reads them instead of re-evaluating its batch.
    let cachedLogProbabilities, cachedProbabilities: UnsafeMutablePointer<Double>

    init(featureCount f: Int, maximumCandidates k: Int, batchSize b: Int, groupSize g: Int, candidateCount n: Int) {
        func doubles(_ n: Int) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: max(n, 1))
            p.initialize(repeating: 0, count: max(n, 1))
            return p
        }
        theta = doubles(f)
        direction = doubles(f)
        featureScratch = doubles(f)
        fisher = doubles(f * f)
        batchItems = .allocate(capacity: b)
        batchItems.initialize(repeating: 0, count: b)
        logProbabilities = doubles(b * k)
        probabilities = doubles(b * k)
        candidateScratch = doubles(k + f)
        samples = .allocate(capacity: b * g)
        samples.initialize(repeating: 0, count: b * g)
        oldLogProbabilities = doubles(b * g)
        rawRewards = doubles(b * g)
        penalizedRewards = doubles(b * g)
        goldRewards = doubles(b * g)
        advantages = doubles(b * g)
        evalLogProbabilities = doubles(k)
        evalProbabilities = doubles(k)
        tracked = doubles(k)
        cachedLogProbabilities = doubles(n)
        cachedProbabilities = doubles(n)
    }

    func deallocate() {
        for p in [theta, direction, featureScratch, fisher, logProbabilities, probabilities, candidateScratch,
                  oldLogProbabilities, rawRewards, penalizedRewards, goldRewards, advantages,
                  evalLogProbabilities, evalProbabilities, tracked, cachedLogProbabilities, cachedProbabilities] {
            p.deallocate()
        }
        batchItems.deallocate()
        samples.deallocate()
    }
}
