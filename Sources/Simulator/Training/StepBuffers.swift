/// The preallocated memory of a training session: sized once from the configuration and the
/// table, reused by every step (so a step allocates nothing).
struct StepBuffers {
    /// θ, the ascent direction, and θ before the step's update (for the instability's step size).
    let theta, direction, thetaBefore: UnsafeMutablePointer<Double>
    /// The F × F Fisher matrix (natural gradient on non-tabular tables).
    let fisher: UnsafeMutablePointer<Double>
    /// The batch's items.
    let batchItems: UnsafeMutablePointer<Int>
    /// log π and π of each batch item, `batchSize × maximumCandidates`.
    let logProbabilities, probabilities: UnsafeMutablePointer<Double>
    /// Per-candidate scratch (cumulative probabilities, weights), `maximumCandidates + F`.
    let candidateScratch: UnsafeMutablePointer<Double>
    /// Draws each slot's answers from its cumulative probabilities.
    let sampler: InverseCDFSampler
    /// Per sampled answer, `batchSize × groupSize`: the candidate (index within its item), its
    /// log π_old, raw and penalised rewards, advantage.
    let samples: UnsafeMutablePointer<Int>
    let oldLogProbabilities, rawRewards, penalizedRewards, advantages: UnsafeMutablePointer<Double>
    /// One group's distinct sampled candidates, in ascending order (`groupSize`).
    let sampledCandidates: UnsafeMutablePointer<Int>
    /// log π and π of one item for whole-table metrics and validation.
    let evalLogProbabilities, evalProbabilities: UnsafeMutablePointer<Double>
    /// The tracked item's probabilities after the latest policy-metrics pass.
    let tracked: UnsafeMutablePointer<Double>
    /// log π and π of every training candidate from the latest whole-table pass: when θ has not
    /// moved since, the next step reads them instead of re-evaluating its batch.
    let cachedLogProbabilities, cachedProbabilities: UnsafeMutablePointer<Double>
    /// How often the latest validation drew each validation candidate.
    let validationDraws: UnsafeMutablePointer<Int>
    /// Per-item transfer (``TrainingDynamics/transfer`` < 1): ψ of every training item (N × F),
    /// each batch slot's share of the direction and its ψ change this step (B × F each), and
    /// scratch for one item: θ + ψᵢ when it is evaluated, its parameter change when a step is
    /// measured (F); `nil` at full transfer.
    let itemParameters, slotDirections, slotUpdates, itemTheta: UnsafeMutablePointer<Double>?
    /// An update's parameter change (F) and the off-span mix of one step (J).
    let parameterChange, offSpanMix: UnsafeMutablePointer<Double>

    init(featureCount f: Int, maximumCandidates k: Int, batchSize b: Int, groupSize g: Int, candidateCount n: Int,
         itemCount: Int, validationCandidateCount: Int, perItemTransfer: Bool, offSpanDirections: Int) {
        func doubles(_ n: Int) -> UnsafeMutablePointer<Double> {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: max(n, 1))
            p.initialize(repeating: 0, count: max(n, 1))
            return p
        }
        theta = doubles(f)
        direction = doubles(f)
        thetaBefore = doubles(f)
        fisher = doubles(f * f)
        batchItems = .allocate(capacity: b)
        batchItems.initialize(repeating: 0, count: b)
        logProbabilities = doubles(b * k)
        probabilities = doubles(b * k)
        candidateScratch = doubles(k + f)
        sampler = InverseCDFSampler(maximumCandidates: k)
        samples = .allocate(capacity: b * g)
        samples.initialize(repeating: 0, count: b * g)
        oldLogProbabilities = doubles(b * g)
        sampledCandidates = .allocate(capacity: max(g, 1))
        sampledCandidates.initialize(repeating: 0, count: max(g, 1))
        rawRewards = doubles(b * g)
        penalizedRewards = doubles(b * g)
        advantages = doubles(b * g)
        evalLogProbabilities = doubles(k)
        evalProbabilities = doubles(k)
        tracked = doubles(k)
        cachedLogProbabilities = doubles(n)
        cachedProbabilities = doubles(n)
        validationDraws = .allocate(capacity: max(validationCandidateCount, 1))
        validationDraws.initialize(repeating: 0, count: max(validationCandidateCount, 1))
        if perItemTransfer {
            (itemParameters, slotDirections, slotUpdates, itemTheta) = (doubles(itemCount * f), doubles(b * f), doubles(b * f), doubles(f))
        } else {
            (itemParameters, slotDirections, slotUpdates, itemTheta) = (nil, nil, nil, nil)
        }
        parameterChange = doubles(f)
        offSpanMix = doubles(offSpanDirections)
    }

    func deallocate() {
        for p in [theta, direction, thetaBefore, fisher, logProbabilities, probabilities, candidateScratch,
                  oldLogProbabilities, rawRewards, penalizedRewards, advantages,
                  evalLogProbabilities, evalProbabilities, tracked, cachedLogProbabilities, cachedProbabilities,
                  parameterChange, offSpanMix] {
            p.deallocate()
        }
        for p in [itemParameters, slotDirections, slotUpdates, itemTheta] { p?.deallocate() }
        sampler.deallocate()
        sampledCandidates.deallocate()
        batchItems.deallocate()
        samples.deallocate()
        validationDraws.deallocate()
    }
}
