import Stochastics

/// A training run in progress: the policy's parameters, the optimizer's state, the random
/// streams and every buffer a step needs, allocated once.
///
/// ``step(forceValidation:)`` advances one step and returns its metrics without allocating
/// (after the session is made). A session is a pure function of its trainer: the same trainer
/// gives bit-identical steps in any process, thread or order. It is not thread-safe; use one per
/// task (``Trainer/run()`` makes its own).
///
/// ```swift
/// let session = try Trainer(table: table, configuration: configuration).makeSession()
/// while session.stepsCompleted < 1_000 {
///     let metrics = session.step()
///     if metrics.fracRewardZeroStd == 1 { print("step \(metrics.step): no learning signal") }
/// }
/// ```
///
/// Random streams, all derived from `StreamKey(seed: configuration.seed)`:
/// `child("prompts", epoch)` shuffles each epoch's items, `child("sampling", step)` draws the
/// step's answers (reseeded once per step), `child("validation", step)` draws validation answers.
/// The per-step streams use taus2: reseeding it from a 64-bit key costs ~0.1 µs against ~8 µs
/// for mt19937's 624-word state, which would be a third of a step.
public final class TrainingSession {
    /// The configuration the session runs.
    public let configuration: TrainerConfiguration
    /// The training items.
    public let table: ResponseTable
    /// The validation items, if any.
    public let validationTable: ResponseTable?
    /// Steps taken so far.
    @exclusivity(unchecked) public private(set) var stepsCompleted = 0
    /// The item whose probabilities are tracked, if any.
    public let trackedItem: Int?

    let train: FlatTable
    let validation: FlatTable?
    let buffers: StepBuffers
    // The session's mutable state is touched only by its own thread (the type is not Sendable),
    // so Swift's run-time exclusivity checks, a thread-local look-up per access, are switched off.
    @exclusivity(unchecked) var optimizer: OptimizerState
    @exclusivity(unchecked) var schedule: PromptSchedule
    /// The step's sampling draws (inline taus2), left where the answers' draws ended.
    @exclusivity(unchecked) var samplingDraws: Taus2Generator
    /// The same stream through GSL, for its Gaussian after the answers (``TrainingDynamics/instability``).
    let samplingStream: RandomStream
    let samplingKey: StreamKey
    let validationStream: RandomStream
    let validationKey: StreamKey
    /// REINFORCE's moving baseline.
    @exclusivity(unchecked) var baseline = 0.0
    /// Whether `buffers.cached…` hold π for the current θ.
    @exclusivity(unchecked) var cacheIsCurrent = false
    /// β of the k1 (reward) and k3 (loss) penalties; 0 when off.
    let k1Beta, k3Beta: Double
    let exactMode: ExactGradient.Mode
    /// ρ < 1: training items have their own ψᵢ (``TrainingDynamics``).
    let transfersPerItem: Bool
    /// κ > 0 and the table has off-span columns.
    let instabilityIsActive: Bool
    /// Σσ² of the off-span steps so far (the squared length the random walk is expected to have).
    @exclusivity(unchecked) var offSpanSquaredSize = 0.0

    init(trainer: Trainer) {
        let configuration = trainer.configuration
        self.configuration = configuration
        table = trainer.table
        validationTable = trainer.validation
        trackedItem = configuration.resolvedTrackedItem(for: trainer.table)
        train = FlatTable(trainer.table, reference: configuration.referenceParameters)
        validation = trainer.validation.map { FlatTable($0, reference: configuration.referenceParameters) }
        let maximumCandidates = max(train.maximumCandidates, validation?.maximumCandidates ?? 0)
        transfersPerItem = configuration.dynamics.transfer < 1
        instabilityIsActive = configuration.dynamics.instability > 0 && train.offSpan != nil
        buffers = StepBuffers(featureCount: train.featureCount, maximumCandidates: maximumCandidates,
                              batchSize: configuration.batchSize, groupSize: configuration.groupSize,
                              candidateCount: train.candidateCount, itemCount: train.itemCount,
                              validationCandidateCount: validation?.candidateCount ?? 0,
                              perItemTransfer: transfersPerItem, offSpanDirections: train.offSpan?.directions.count ?? 0)
        if let initial = configuration.initialParameters {
            for (f, value) in initial.enumerated() { buffers.theta[f] = value }
        }
        optimizer = OptimizerState(configuration.optimizer, count: train.featureCount)
        schedule = PromptSchedule(itemCount: train.itemCount, batchSize: configuration.batchSize, seed: configuration.seed)
        let root = StreamKey(seed: configuration.seed)
        samplingKey = root.child("sampling")
        samplingStream = RandomStream(key: samplingKey, generator: .taus2)
        samplingDraws = Taus2Generator(key: samplingKey)
        validationKey = root.child("validation")
        validationStream = RandomStream(key: validationKey, generator: .taus2)
        k1Beta = configuration.kl?.estimator == .k1 ? configuration.kl!.beta : 0
        k3Beta = configuration.kl?.estimator == .k3 ? configuration.kl!.beta : 0
        exactMode = configuration.algorithm == .natural ? (train.isTabular ? .naturalTabular : .naturalFisher) : .exact
        if let trackedItem { updateTracked(trackedItem) }
    }

    deinit {
        buffers.deallocate()
        optimizer.deallocate()
        schedule.deallocate()
    }

    /// Takes one step: picks the batch, samples and scores answers (or computes the exact
    /// gradient), updates θ, and reports.
    ///
    /// - Parameter forceValidation: validate after this step even if it is not on the
    ///   `evalInterval` grid (``Trainer/run()`` does so at the last step).
    /// - Returns: the step's metrics.
    /// - Complexity: O(B·(K·F + G)) plus, every `policyMetricsInterval` steps, O(N·K·F) over the
    ///   N training items; no allocation.
    @discardableResult
    public func step(forceValidation: Bool = false) -> StepMetrics {
        let number = stepsCompleted + 1
        schedule.next(into: buffers.batchItems)
        var metrics = configuration.algorithm.isSampled ? sampledStep(number) : exactStep(number)
        stepsCompleted = number
        metrics.epoch = Double(schedule.itemsDrawn) / Double(train.itemCount)
        if number % configuration.policyMetricsInterval == 0 {
            let (reward, gold) = exactRewards(of: train, fillingCache: true)
            metrics.policyExpectedReward = reward
            metrics.goldRewardMean = gold
        }
        if let trackedItem { updateTracked(trackedItem) }
        var onGrid = false
        if let interval = configuration.evalInterval { onGrid = number % interval == 0 }
        if validation != nil, forceValidation || onGrid {
            validate(step: number, into: &metrics)
        }
        return metrics
    }

    /// θ now.
    public var parameters: [Double] {
        Array(UnsafeBufferPointer(start: buffers.theta, count: train.featureCount))
    }

    /// The policy now.
    public var policy: Policy {
        Policy(unchecked: table, parameters: parameters)
    }

    /// The tracked item's probabilities now, or `nil` without a tracked item.
    public var trackedProbabilities: [Double]? {
        trackedItem.map { Array(UnsafeBufferPointer(start: buffers.tracked, count: train.count(of: $0))) }
    }

    /// How many candidates the tracked item has, or `nil` without a tracked item.
    public var trackedProbabilityCount: Int? {
        trackedItem.map { train.count(of: $0) }
    }

    /// Appends the tracked item's probabilities now (``trackedProbabilities``) to `history`.
    ///
    /// With capacity reserved, it allocates nothing. Without a tracked item it appends nothing.
    public func appendTrackedProbabilities(to history: inout [Double]) {
        guard let trackedItem else { return }
        history.append(contentsOf: UnsafeBufferPointer(start: buffers.tracked, count: train.count(of: trackedItem)))
    }

    /// Copies the tracked item's probabilities now (``trackedProbabilities``, ``trackedProbabilityCount``
    /// of them) to `destination`; without a tracked item it copies nothing.
    public func copyTrackedProbabilities(to destination: UnsafeMutablePointer<Double>) {
        guard let trackedItem else { return }
        destination.update(from: buffers.tracked, count: train.count(of: trackedItem))
    }

    /// Writes log π and π of a training item under the current θ (from the cache when current).
    @inline(__always)
    func evaluateTrainingItem(_ item: Int, logProbabilities: UnsafeMutablePointer<Double>, probabilities: UnsafeMutablePointer<Double>) {
        if cacheIsCurrent {
            let start = train.start(of: sharedItem(item))
            let count = train.count(of: item)
            logProbabilities.update(from: buffers.cachedLogProbabilities + start, count: count)
            probabilities.update(from: buffers.cachedProbabilities + start, count: count)
        } else {
            train.evaluate(item: item, theta: trainingParameters(of: item), logProbabilities: logProbabilities, probabilities: probabilities)
        }
    }

    /// The first training item whose π is always `item`'s.
    ///
    /// That is an identical item (``FlatTable/canonicalItem``), unless items have their own ψᵢ
    /// (below full transfer). The step cache holds π of these items.
    @inline(__always)
    func sharedItem(_ item: Int) -> Int {
        transfersPerItem ? item : train.canonicalItem[item]
    }

    /// The parameters a training item's policy uses: θ, or θ + ψᵢ below full transfer (written to
    /// a scratch buffer that the next call overwrites).
    @inline(__always)
    func trainingParameters(of item: Int) -> UnsafePointer<Double> {
        guard let psi = buffers.itemParameters, let itemTheta = buffers.itemTheta else { return UnsafePointer(buffers.theta) }
        let f = train.featureCount
        let own = psi + item &* f
        for j in 0..<f { itemTheta[j] = buffers.theta[j] + own[j] }
        return UnsafePointer(itemTheta)
    }

    /// θ ← θ + optimizer step along `buffers.direction`.
    func applyUpdate() {
        optimizer.apply(direction: buffers.direction, to: buffers.theta, learningRate: configuration.learningRate)
        cacheIsCurrent = false
    }

    private func updateTracked(_ item: Int) {
        if cacheIsCurrent {
            buffers.tracked.update(from: buffers.cachedProbabilities + train.start(of: sharedItem(item)), count: train.count(of: item))
        } else {
            train.evaluate(item: item, theta: trainingParameters(of: item), logProbabilities: buffers.evalLogProbabilities, probabilities: buffers.tracked)
        }
    }
}
