/// The rules RFTSim uses to turn `"auto"` into a value, one function per hyperparameter.
///
/// OpenAI does not document what `"auto"` resolves to for reinforcement jobs
/// (openai-finetuning-api.md §10 item 10), and documents only fragments for supervised jobs, so
/// these are RFTSim's choices. Each says where it comes from; `docs/HYPERPARAMETERS.md` has the
/// full table. They are pure functions of the dataset size, so a resolved job is reproducible.
public enum AutoHyperparameters {
    /// `n_epochs` for `"auto"` (both methods): the OpenAI cookbook's published estimate
    /// ("Data preparation and analysis for chat model fine-tuning"): 3 epochs, raised so that at
    /// least 100 examples are trained on (at most 25 epochs) or lowered so that at most 25,000 are
    /// (at least 1 epoch).
    ///
    /// `trainingExamples` 10 → 10, 20 → 5, 40 → 3, 640 → 3, 10,000 → 2, 30,000 → 1.
    ///
    /// - Parameter n: `trainingExamples`, N ≥ 1.
    /// - Returns: An epoch count in 1…25.
    public static func nEpochs(trainingExamples n: Int) -> Int {
        let target = 3, minimumExamples = 100, maximumExamples = 25_000
        if n * target < minimumExamples { return min(25, minimumExamples / n) }
        if n * target > maximumExamples { return max(1, maximumExamples / n) }
        return target
    }

    /// `batch_size` for `"auto"`.
    ///
    /// - Supervised: about 0.2 % of the training examples, at least 1 and at most 256: the rule
    ///   OpenAI's legacy fine-tunes API reference stated ("~0.2% of the number of examples in the
    ///   training set, capped at 256"), as `ceil(0.002 · N)`.
    /// - Reinforcement (RFTSim's choice): about ten steps per epoch, at most 64 prompts per step:
    ///   `min(64, ceil(N / 10))`. 640 examples give 64, the reference job of ``TimingModel``.
    ///
    /// - Returns: A batch size in 1…min(N, 256).
    public static func batchSize(method: PlatformHyperparameters.Method, trainingExamples n: Int) -> Int {
        switch method {
        case .supervised: min(256, max(1, (2 * n + 999) / 1000))
        case .reinforcement: min(64, max(1, (n + 9) / 10))
        }
    }

    /// `learning_rate_multiplier` for `"auto"` (both methods): 1, the value OpenAI's resolved
    /// job examples show (`1` and `1.0`, SFT-GUIDE and SPEC examples, §1.3 and §2.2).
    public static let learningRateMultiplier = 1.0

    /// `compute_multiplier` for `"auto"`: 1 (the cookbook's RFT run used 1.0; RFTSim's choice).
    public static let computeMultiplier = 1.0

    /// `eval_interval` for `"auto"`: 1, validate after every step (Azure's documented default;
    /// RFTSim's choice for OpenAI).
    public static let evalInterval = 1

    /// `eval_samples` for `"auto"`: 5 samples per validation item (Azure's documented default and
    /// ``TrainerConfiguration``'s default; RFTSim's choice for OpenAI).
    public static let evalSamples = 5
}
