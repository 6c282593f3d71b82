import Foundation
import Stochastics

/// Supervised fine-tuning without an answer space: a documented, seeded stochastic process for
/// the loss and accuracy curves, driven by the dataset size N, `n_epochs`, `batch_size` B and
/// `learning_rate_multiplier` m (RFTSim's model; the platform publishes no such curve).
///
/// After step t the job has seen `s = min(t·B, n_epochs·N)` examples, `e = s / N` epochs.
///
/// - progress `p = m · s / (τ · B^β)` (larger batches take fewer, averaged steps);
/// - generalisation curve `g = validFloor + (initialLoss − validFloor) · exp(−p)`;
/// - memorisation `μ = 1 − exp(−memorizationRate · m · max(0, e − 1))` (repeated epochs only);
/// - expected train loss `trainFloor + (g − trainFloor) · (1 − μ)`;
/// - overfitting `o = overfitRate · m · max(0, e − 1) · R / (R + N)`: many epochs on small data;
/// - expected validation loss `g + o` (`full_valid_loss` is exactly this, at epoch ends);
/// - noise: the batch's train loss is multiplied by `exp(σz − σ²/2)`, `σ = noise / √B`, the
///   validation sample's by the same with `√(sample size)`, `z ~ N(0, 1)` drawn from
///   `StreamKey(seed:).child("sft", "curve", step)` (mean-preserving, always positive);
/// - accuracy `exp(−accuracySharpness · loss)`, a decreasing map into (0, 1].
///
/// Defaults: initialLoss 1.8, trainFloor 0.05, validFloor 0.35, τ 100 examples, β 0.5,
/// memorizationRate 1, overfitRate 0.05, R 100 examples, noise 0.25, accuracySharpness 0.3
/// (so a loss of 0.15 reads as ≈ 0.956 accuracy, near the platform's example event).
public struct SupervisedLossCurve: Sendable, Hashable {
    /// Loss of the base model on the new data (nats per token).
    public var initialLoss = 1.8
    /// The loss training examples are memorised down to.
    public var trainFloor = 0.05
    /// The best loss on unseen examples.
    public var validFloor = 0.35
    /// τ: examples (at m = 1, B = 1) per e-fold of the generalisation gap.
    public var examplesPerEFold = 100.0
    /// β: how much a larger batch slows progress per example (`τ·B^β`).
    public var batchExponent = 0.5
    /// How fast repeated epochs memorise the training set.
    public var memorizationRate = 1.0
    /// Validation-loss rise per extra epoch at m = 1 on a tiny dataset.
    public var overfitRate = 0.05
    /// R: the dataset size at which overfitting is halved.
    public var overfitReferenceExamples = 100.0
    /// The noise level of a single-example loss (log scale).
    public var noise = 0.25
    /// The sharpness of the accuracy map `exp(−k · loss)`.
    public var accuracySharpness = 0.3

    /// The default curve.
    public init() {}

    /// A curve's accuracy for `loss`: `exp(−accuracySharpness · max(loss, 0))`, in (0, 1].
    public func accuracy(loss: Double) -> Double {
        exp(-accuracySharpness * max(loss, 0))
    }

    /// Expected (noise-free) train and validation loss after `examplesSeen` examples.
    public func expectedLosses(examplesSeen s: Int, trainingExamples n: Int, batchSize b: Int,
                               learningRateMultiplier m: Double) -> (train: Double, valid: Double) {
        let seen = Double(s), size = Double(n)
        let progress = m * seen / (examplesPerEFold * pow(Double(b), batchExponent))
        let general = validFloor + (initialLoss - validFloor) * exp(-progress)
        let repeats = max(0, seen / size - 1)
        let memorised = 1 - exp(-memorizationRate * m * repeats)
        let train = trainFloor + (general - trainFloor) * (1 - memorised)
        let overfit = overfitRate * m * repeats * overfitReferenceExamples / (overfitReferenceExamples + size)
        return (train, general + overfit)
    }

    /// Simulates a job's metrics and checkpoints (no policy parameters).
    ///
    /// - Parameters:
    ///   - configuration: `n_epochs`, `batch_size`, `seed` and the validation sample size
    ///     (its `learningRate` is checked but the curve uses `learningRateMultiplier`).
    ///   - m: `learningRateMultiplier`, > 0.
    ///   - n: `trainingExamples`, N ≥ 1.
    ///   - v: `validationExamples`, V ≥ 0 (0: no `valid_*` metrics).
    /// - Throws: ``SimulatorError`` as ``SupervisedConfiguration/validate(trainingExamples:)``,
    ///   `learning_rate_multiplier` for m ≤ 0, `validationExamples` for V < 0.
    public func simulate(configuration: SupervisedConfiguration, learningRateMultiplier m: Double,
                         trainingExamples n: Int, validationExamples v: Int = 0) throws(SimulatorError) -> SupervisedRun {
        try configuration.validate(trainingExamples: n)
        guard m.isFinite, m > 0 else {
            throw .invalid("learning_rate_multiplier", "learning_rate_multiplier must be a finite number > 0, got \(m)")
        }
        guard v >= 0 else { throw .invalid("validationExamples", "validationExamples must be ≥ 0, got \(v)") }
        let b = configuration.batchSize
        let totalSteps = configuration.steps(trainingExamples: n)
        let root = StreamKey(seed: configuration.seed)
        let validSample = Double(min(configuration.validationSampleSize ?? b, max(v, 1)))
        var metrics: [SupervisedStepMetrics] = [], checkpoints: [SupervisedCheckpoint] = []
        var epochsDone = 0
        for step in 1...totalSteps {
            let seenBefore = (step - 1) * b, seen = min(step * b, configuration.nEpochs * n)
            let batch = seen - seenBefore
            let stream = RandomStream(key: root.child("sft", "curve", .index(UInt64(step))))
            // Train loss is the forward pass before the update; validation after it.
            let before = expectedLosses(examplesSeen: seenBefore, trainingExamples: n, batchSize: b, learningRateMultiplier: m)
            let after = expectedLosses(examplesSeen: seen, trainingExamples: n, batchSize: b, learningRateMultiplier: m)
            let trainLoss = before.train * Self.noiseFactor(sigma: noise / Double(batch).squareRoot(), z: stream.gaussian())
            var entry = SupervisedStepMetrics(step: step, totalSteps: totalSteps, trainLoss: trainLoss,
                                              trainMeanTokenAccuracy: accuracy(loss: trainLoss))
            let zValid = stream.gaussian()
            if v > 0 {
                let validLoss = after.valid * Self.noiseFactor(sigma: noise / validSample.squareRoot(), z: zValid)
                entry.validLoss = validLoss
                entry.validMeanTokenAccuracy = accuracy(loss: validLoss)
            }
            if seen >= (epochsDone + 1) * n {
                epochsDone += 1
                if v > 0 {
                    entry.fullValidLoss = after.valid
                    entry.fullValidMeanTokenAccuracy = accuracy(loss: after.valid)
                }
                SupervisedCheckpoint.keep(.init(epoch: epochsDone, step: step, metrics: entry, parameters: nil), in: &checkpoints)
            }
            metrics.append(entry)
        }
        return SupervisedRun(configuration: configuration, metrics: metrics, checkpoints: checkpoints, parameters: nil)
    }

    /// Simulates a resolved supervised job (its `n_epochs`, `batch_size`, multiplier, N and V).
    public func simulate(resolved: ResolvedHyperparameters, seed: UInt64 = 0) throws(SimulatorError) -> SupervisedRun {
        try simulate(configuration: SupervisedConfiguration(resolved: resolved, seed: seed),
                     learningRateMultiplier: resolved.learningRateMultiplier,
                     trainingExamples: resolved.trainingExamples, validationExamples: resolved.validationExamples)
    }

    static func noiseFactor(sigma: Double, z: Double) -> Double {
        exp(sigma * z - sigma * sigma / 2)
    }
}
