import Stochastics

/// Supervised fine-tuning over an answer space: maximum likelihood of the demonstrations under
/// the same softmax policy the RFT ``Trainer`` uses, π(c | item) = softmax(prior + θ·φ).
///
/// Each step takes the next `batch_size` examples of a stream made of one seeded permutation of
/// the training items per epoch (epoch `e`, 1-based, is shuffled by
/// `RandomStream(key: StreamKey(seed:).child("sft", e))`), so batches run on across epoch
/// boundaries and there are `ceil(n_epochs × N / batch_size)` steps, as the platform counts them.
/// The step's loss is the batch mean of −log π(demo | item); θ moves along its negative gradient,
/// `mean(φ(demo) − E_π[φ])`, through the configured ``Optimizer`` at rate η.
///
/// Reported per step (see ``SupervisedStepMetrics``): `train_loss`/`train_mean_token_accuracy`
/// on the batch at the parameters *before* the update (the forward pass that trained);
/// `valid_loss`/`valid_mean_token_accuracy` on a validation sample drawn by
/// `StreamKey(seed:).child("sft", "valid", step)` *after* the update; at the step that ends an
/// epoch, `full_valid_*` over the whole validation set and a ``SupervisedCheckpoint`` (the last
/// three are kept). Accuracy is the mean π(demo | item).
///
/// ```swift
/// let trainer = SupervisedTrainer(configuration: .init(nEpochs: 3, batchSize: 4, seed: 7))
/// let run = try trainer.train(training: train, validation: valid)
/// let tuned = try run.policy(on: fullTable)    // exact RFT reward: tuned.expectedReward()
/// ```
public struct SupervisedTrainer: Sendable {
    /// The job's settings.
    public var configuration: SupervisedConfiguration

    /// Creates a trainer.
    public init(configuration: SupervisedConfiguration) {
        self.configuration = configuration
    }

    /// Runs the whole job.
    ///
    /// - Parameters:
    ///   - training: The training items and their demonstrations.
    ///   - validation: Optional validation items (same feature count).
    ///   - initialParameters: θ to start from (default 0, the base model).
    /// - Throws: ``SimulatorError`` from ``SupervisedConfiguration/validate(trainingExamples:)``,
    ///   field `validation` for a feature-count mismatch, `initialParameters` for bad θ.
    public func train(training: Demonstrations, validation: Demonstrations? = nil,
                      initialParameters: [Double]? = nil) throws(SimulatorError) -> SupervisedRun {
        let config = configuration
        let n = training.count
        try config.validate(trainingExamples: n)
        let features = training.table.featureCount
        if let validation, validation.table.featureCount != features {
            throw .invalid("validation", "the validation table has \(validation.table.featureCount) features but the training table has \(features)")
        }
        var theta = initialParameters ?? [Double](repeating: 0, count: features)
        try Policy.checkParameters(theta, featureCount: features, field: "initialParameters")

        let totalSteps = config.steps(trainingExamples: n)
        let totalExamples = config.nEpochs * n
        let root = StreamKey(seed: config.seed)
        var order: [Int] = [], position = 0, epochsStarted = 0, consumed = 0, epochsDone = 0
        var metrics: [SupervisedStepMetrics] = [], checkpoints: [SupervisedCheckpoint] = []
        metrics.reserveCapacity(totalSteps)
        var state = OptimizerState(config.optimizer, count: features)
        defer { state.deallocate() }
        var gradient = [Double](repeating: 0, count: features)

        for step in 1...totalSteps {
            let batchCount = min(config.batchSize, totalExamples - consumed)
            for k in gradient.indices { gradient[k] = 0 }
            var loss = 0.0, accuracy = 0.0
            let weight = 1 / Double(batchCount)
            for _ in 0..<batchCount {
                if position == order.count {
                    epochsStarted += 1
                    order = Array(0..<n)
                    RandomStream(key: root.child("sft", .index(UInt64(epochsStarted)))).shuffle(&order)
                    position = 0
                }
                let item = order[position]
                position += 1
                let (l, a) = training.accumulateGradient(item: item, parameters: theta, weight: weight, into: &gradient)
                loss += l * weight
                accuracy += a * weight
            }
            consumed += batchCount
            gradient.withUnsafeBufferPointer { direction in
                theta.withUnsafeMutableBufferPointer { th in
                    state.apply(direction: direction.baseAddress!, to: th.baseAddress!, learningRate: config.learningRate)
                }
            }
            var entry = SupervisedStepMetrics(step: step, totalSteps: totalSteps, trainLoss: loss,
                                              trainMeanTokenAccuracy: min(1, max(0, accuracy)))
            if let validation {
                let sample = Self.validationSample(size: config.validationSampleSize ?? config.batchSize,
                                                   of: validation.count, key: root.child("sft", "valid", .index(UInt64(step))))
                (entry.validLoss, entry.validMeanTokenAccuracy) = validation.evaluate(parameters: theta, items: sample)
            }
            if consumed >= (epochsDone + 1) * n {
                epochsDone += 1
                if let validation {
                    (entry.fullValidLoss, entry.fullValidMeanTokenAccuracy) = validation.evaluate(parameters: theta)
                }
                SupervisedCheckpoint.keep(.init(epoch: epochsDone, step: step, metrics: entry, parameters: theta), in: &checkpoints)
            }
            metrics.append(entry)
        }
        return SupervisedRun(configuration: config, metrics: metrics, checkpoints: checkpoints, parameters: theta)
    }

    /// `min(size, count)` distinct indices below `count`: the prefix of a seeded partial
    /// Fisher–Yates shuffle.
    static func validationSample(size: Int, of count: Int, key: StreamKey) -> [Int] {
        let k = min(size, count)
        if k == count { return Array(0..<count) }
        var indices = Array(0..<count)
        let stream = RandomStream(key: key)
        for i in 0..<k {
            indices.swapAt(i, i + stream.index(below: count - i))
        }
        return Array(indices[0..<k])
    }
}
