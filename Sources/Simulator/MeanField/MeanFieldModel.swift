import Stochastics

/// The mean-field (expected) dynamics of training: dθ/dt = E[Δθ]/η with t = η·n, integrated
/// with GSL's Prince–Dormand rk8pd (through `Stochastics.ODEIntegrator`).
///
/// The expected update is exact for every algorithm and any rewards: for the group algorithms
/// (GRPO, RLOO, Dr. GRPO) it sums over all compositions of a group of G answers over the
/// item's K candidates, C(G + K − 1, K − 1) of them per item (165 for K = 4, G = 8; 20,349 for
/// K = 6, G = 16), with their multinomial probabilities; REINFORCE (any action-independent
/// baseline) and `exact` drift along the exact gradient; `natural` along the natural one. Items
/// are averaged uniformly, as epochs of uniform batches give in expectation. The KL penalty (k1
/// or k3) enters as in ``TrainingSession``.
///
/// ```swift
/// let table = try ResponseTable.bandit(rewards: [1, 0, 0, 0])
/// let model = try MeanFieldModel(table: table, configuration: .init(algorithm: .rloo, learningRate: 0.1, batchSize: 1, groupSize: 8))
/// let solution = try model.solve(steps: [100])
/// solution.expectedRewards[0]   // 0.8417
/// ```
///
/// Not modelled (``SimulatorError/Code/unsupported``): Adam (the ODE is for SGD), several
/// iterations per batch, and GRPO's batch-std scaling with B > 1 (it couples the groups).
public struct MeanFieldModel: Sendable {
    /// The default cap on compositions per item.
    public static let defaultMaximumCompositions = 250_000

    /// The items.
    public let table: ResponseTable
    /// The algorithm and its settings (batch size, seed and step count are not used).
    public let configuration: TrainerConfiguration

    /// Creates a model after checking that the drift can be computed.
    ///
    /// - Parameters:
    ///   - table: The bandit or response table.
    ///   - configuration: The algorithm and its settings.
    ///   - maximumCompositions: the largest number of group compositions allowed per item.
    /// - Throws: ``SimulatorError``: `.invalidInput` for a bad configuration, `.unsupported` as
    ///   listed above, `.tooLarge` when an item's compositions exceed `maximumCompositions`.
    public init(table: ResponseTable, configuration: TrainerConfiguration, maximumCompositions: Int = defaultMaximumCompositions) throws(SimulatorError) {
        try configuration.validate(table: table)
        guard configuration.optimizer == .sgd else {
            throw SimulatorError(.unsupported, field: "optimizer", "the mean-field ODE models SGD (t = η·n); Adam has no such time scale")
        }
        guard configuration.iterationsPerBatch == 1 else {
            throw SimulatorError(.unsupported, field: "iterationsPerBatch", "the mean-field ODE models one update per batch, got \(configuration.iterationsPerBatch)")
        }
        if configuration.algorithm == .grpo, configuration.rewardScaling == .batch, configuration.batchSize > 1 {
            throw SimulatorError(.unsupported, field: "rewardScaling", "batch std scaling couples the B = \(configuration.batchSize) groups of a step; the mean field supports it only with batchSize 1")
        }
        if configuration.algorithm.needsGroups {
            let k = table.maximumCandidatesPerItem
            let g = configuration.groupSize
            guard GroupCompositions.count(groupSize: g, candidates: k, limit: maximumCompositions) != nil else {
                throw SimulatorError(.tooLarge, field: "groupSize", "a group of \(g) answers over \(k) candidates has more than \(maximumCompositions) compositions to enumerate; use fewer candidates (K ≤ ~6) or a smaller group (G ≤ ~16), or raise maximumCompositions")
            }
        }
        self.table = table
        self.configuration = configuration
    }

    /// dθ/dt = E[Δθ]/η at θ = `parameters` (default: the initial parameters).
    public func drift(at parameters: [Double]? = nil) -> [Double] {
        let theta = parameters ?? initialParameters
        precondition(theta.count == table.featureCount, "drift(at:) needs \(table.featureCount) parameters, got \(theta.count)")
        let model = MeanFieldDrift(table: table, configuration: configuration)
        var result = [Double](repeating: 0, count: table.featureCount)
        theta.withUnsafeBufferPointer { t in
            result.withUnsafeMutableBufferPointer { model.drift(theta: t.baseAddress!, into: $0.baseAddress!) }
        }
        return result
    }

    /// Integrates from the initial parameters and reports at t = η·n for each of `steps`.
    ///
    /// - Parameters:
    ///   - steps: step numbers n ≥ 0, non-decreasing.
    ///   - tolerance: the integrator's absolute and relative error per step.
    /// - Throws: ``SimulatorError`` (`.invalidInput` for bad steps, `.numericalFailure` if GSL gives up).
    public func solve(steps: [Int], tolerance: Double = 1e-10) throws(SimulatorError) -> MeanFieldSolution {
        guard steps.allSatisfy({ $0 >= 0 }), zip(steps, steps.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw .invalid("steps", "steps must be ≥ 0 and non-decreasing, got \(steps)")
        }
        let eta = configuration.learningRate
        let model = MeanFieldDrift(table: table, configuration: configuration)
        let times = steps.map { Double($0) * eta }
        let solution: ODESolution
        do {
            solution = try ODEIntegrator(absoluteTolerance: tolerance, relativeTolerance: tolerance)
                .solve(initial: initialParameters, from: 0, reportingAt: times) { _, y, dydt in
                    model.drift(theta: y.baseAddress!, into: dydt.baseAddress!)
                }
        } catch {
            throw SimulatorError(.numericalFailure, field: nil, "mean-field integration failed: \(error)")
        }
        let policies = solution.states.map { Policy(unchecked: table, parameters: $0) }
        let tracked = configuration.resolvedTrackedItem(for: table)
        return MeanFieldSolution(
            steps: steps, times: times, parameters: solution.states,
            expectedRewards: policies.map { $0.expectedReward() },
            goldRewards: table.hasGoldRewards ? policies.map { $0.expectedGoldReward()! } : nil,
            trackedItem: tracked,
            trackedProbabilities: tracked.map { item in policies.map { $0.probabilities(item: item) } })
    }

    private var initialParameters: [Double] {
        configuration.initialParameters ?? [Double](repeating: 0, count: table.featureCount)
    }
}

/// The mean-field trajectory at the requested steps.
public struct MeanFieldSolution: Sendable, Hashable {
    /// The step numbers n.
    public let steps: [Int]
    /// The ODE times t = η·n.
    public let times: [Double]
    /// θ at each step.
    public let parameters: [[Double]]
    /// The exact expected training reward over all items at each step.
    public let expectedRewards: [Double]
    /// The exact expected gold reward at each step, with gold rewards.
    public let goldRewards: [Double]?
    /// The tracked item (item 0 of a single-item table by default).
    public let trackedItem: Int?
    /// The tracked item's probabilities at each step.
    public let trackedProbabilities: [[Double]]?
}
