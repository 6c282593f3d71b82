/// The settings of a simulated supervised fine-tuning job (`method.type = "supervised"`).
///
/// `batchSize`, `nEpochs` and `learningRate` are the platform's `batch_size`, `n_epochs` and
/// (base rate × `learning_rate_multiplier`); make them from a resolved job with
/// ``init(resolved:optimizer:validationSampleSize:seed:)``. Steps follow the platform's count:
/// `ceil(n_epochs × N / batch_size)`, batches running on across epoch boundaries (see
/// ``SupervisedTrainer``).
public struct SupervisedConfiguration: Sendable, Hashable {
    /// `n_epochs` ≥ 1.
    public var nEpochs: Int
    /// `batch_size` ≥ 1, at most the number of training examples.
    public var batchSize: Int
    /// The simulator's η (`baseLearningRate × learning_rate_multiplier`), > 0.
    public var learningRate: Double
    /// How a step's gradient becomes a parameter change (Adam by default).
    public var optimizer: Optimizer
    /// Validation items scored per step for `valid_loss` (default `nil`: `min(batch_size, V)`).
    public var validationSampleSize: Int?
    /// The job's `seed`; shuffles come from `StreamKey(seed:).child("sft", epoch)`.
    public var seed: UInt64

    /// Creates a configuration (checked by ``validate(trainingExamples:)``).
    public init(nEpochs: Int = 3, batchSize: Int = 1, learningRate: Double = ResolvedHyperparameters.defaultBaseLearningRate,
                optimizer: Optimizer = .adam(), validationSampleSize: Int? = nil, seed: UInt64 = 0) {
        self.nEpochs = nEpochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.optimizer = optimizer
        self.validationSampleSize = validationSampleSize
        self.seed = seed
    }

    /// The configuration of a resolved supervised job: its `n_epochs`, `batch_size` and η
    /// (`baseLearningRate × learning_rate_multiplier`).
    public init(resolved: ResolvedHyperparameters, optimizer: Optimizer = .adam(), validationSampleSize: Int? = nil, seed: UInt64 = 0) {
        self.init(nEpochs: resolved.nEpochs, batchSize: resolved.batchSize, learningRate: resolved.learningRate,
                  optimizer: optimizer, validationSampleSize: validationSampleSize, seed: seed)
    }

    /// Total steps for `trainingExamples` N: `ceil(n_epochs × N / batch_size)`.
    public func steps(trainingExamples n: Int) -> Int {
        (nEpochs * n + batchSize - 1) / batchSize
    }

    /// The 1-based step that ends `epoch` (1-based): `ceil(epoch × N / batch_size)`.
    public func lastStep(ofEpoch epoch: Int, trainingExamples n: Int) -> Int {
        (epoch * n + batchSize - 1) / batchSize
    }

    /// Checks the settings against a training set of `trainingExamples` examples.
    ///
    /// - Throws: ``SimulatorError`` whose field is the platform key: `n_epochs` (< 1),
    ///   `batch_size` (< 1 or larger than the dataset), `learning_rate_multiplier` (not a finite
    ///   number > 0), `validationSampleSize` (< 1), `trainingExamples` (< 1), or `optimizer`.
    public func validate(trainingExamples n: Int) throws(SimulatorError) {
        guard n >= 1 else {
            throw .invalid("trainingExamples", "a supervised job needs at least 1 training example, got \(n)")
        }
        guard nEpochs >= 1 else {
            throw .invalid("n_epochs", "n_epochs must be an integer ≥ 1, got \(nEpochs)")
        }
        guard batchSize >= 1 else {
            throw .invalid("batch_size", "batch_size must be an integer ≥ 1, got \(batchSize)")
        }
        guard batchSize <= n else {
            throw .invalid("batch_size", "batch_size \(batchSize) is larger than the training set (\(n) examples)")
        }
        guard learningRate.isFinite, learningRate > 0 else {
            throw .invalid("learning_rate_multiplier", "the learning rate (learning_rate_multiplier × base) must be a finite number > 0, got \(learningRate)")
        }
        if let size = validationSampleSize, size < 1 {
            throw .invalid("validationSampleSize", "validationSampleSize must be ≥ 1 when set, got \(size)")
        }
        try optimizer.validate()
    }
}
