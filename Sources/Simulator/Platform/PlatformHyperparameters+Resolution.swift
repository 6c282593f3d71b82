extension PlatformHyperparameters {
    /// The most `eval_samples` a job may ask for: 10.
    ///
    /// Azure documents the range 1–10; OpenAI documents only "integer ≥ 1". Each validation
    /// samples every validation item this many times, so the bound caps a work multiplier.
    public static let maximumEvalSamples = 10

    /// Checks every explicit value against the platform's allowed range for `method`.
    ///
    /// Ranges are the SPEC's (openai-finetuning-api.md §2.1), except `eval_samples`, which takes
    /// Azure's 1–10 (``maximumEvalSamples``). A reinforcement-only key set on a
    /// supervised job is an error too.
    ///
    /// - Throws: ``SimulatorError`` whose `field` is the JSON key (`"batch_size"`) and whose
    ///   message names the key, the allowed range and the value, e.g.
    ///   `batch_size must be "auto" or an integer in 1...256, got 300`.
    public func validate(method: Method) throws(SimulatorError) {
        if method == .supervised {
            let extra: [(String, Bool)] = [
                ("reasoning_effort", reasoningEffort != nil), ("compute_multiplier", computeMultiplier != nil),
                ("eval_interval", evalInterval != nil), ("eval_samples", evalSamples != nil),
            ]
            if let key = extra.first(where: \.1)?.0 {
                throw .invalid(key, "\(key) is a reinforcement hyperparameter; a supervised job accepts \(Self.keys(for: .supervised).joined(separator: ", "))")
            }
        }
        if let value = nEpochs?.explicitValue, !(1...50).contains(value) {
            throw .invalid("n_epochs", "n_epochs must be \"auto\" or an integer in 1...50, got \(value)")
        }
        if let value = batchSize?.explicitValue, !(1...256).contains(value) {
            throw .invalid("batch_size", "batch_size must be \"auto\" or an integer in 1...256, got \(value)")
        }
        if let value = learningRateMultiplier?.explicitValue, !(value.isFinite && value > 0) {
            throw .invalid("learning_rate_multiplier", "learning_rate_multiplier must be \"auto\" or a finite number > 0, got \(value)")
        }
        if let value = computeMultiplier?.explicitValue, !(value > 0.00001 && value <= 10) {
            throw .invalid("compute_multiplier", "compute_multiplier must be \"auto\" or a number in (0.00001, 10], got \(value)")
        }
        if let value = evalInterval?.explicitValue, value < 1 {
            throw .invalid("eval_interval", "eval_interval must be \"auto\" or an integer ≥ 1, got \(value)")
        }
        if let value = evalSamples?.explicitValue, !(1...Self.maximumEvalSamples).contains(value) {
            throw .invalid("eval_samples", "eval_samples must be \"auto\" or an integer in 1...\(Self.maximumEvalSamples), got \(value)")
        }
    }

    /// Validates the hyperparameters and replaces every `"auto"` (and every absent key) with a
    /// concrete value by the rules of ``AutoHyperparameters``, then maps them onto the simulator.
    ///
    /// - Parameters:
    ///   - method: The job's `method.type`.
    ///   - trainingExamples: N, the lines of the training file (≥ 1).
    ///   - validationExamples: The lines of the validation file (0 when there is none).
    ///   - baseLearningRate: The simulator learning rate at `learning_rate_multiplier` 1
    ///     (``ResolvedHyperparameters/defaultBaseLearningRate``, 0.1, unless a scenario says otherwise).
    /// - Returns: Concrete platform values and the simulator's G, η, steps and reasoning-length factor.
    /// - Throws: ``SimulatorError`` naming the first key at fault (see ``validate(method:)``); a
    ///   `batch_size` larger than `trainingExamples` names `batch_size`.
    public func resolve(
        method: Method,
        trainingExamples: Int,
        validationExamples: Int = 0,
        baseLearningRate: Double = ResolvedHyperparameters.defaultBaseLearningRate
    ) throws(SimulatorError) -> ResolvedHyperparameters {
        guard trainingExamples >= 1 else {
            throw .invalid("trainingExamples", "a job needs at least 1 training example, got \(trainingExamples)")
        }
        guard validationExamples >= 0 else {
            throw .invalid("validationExamples", "validationExamples must be ≥ 0, got \(validationExamples)")
        }
        guard baseLearningRate.isFinite, baseLearningRate >= 0 else {
            throw .invalid("baseLearningRate", "baseLearningRate must be finite and ≥ 0, got \(baseLearningRate)")
        }
        try validate(method: method)
        let batch = (batchSize ?? .auto).resolved { AutoHyperparameters.batchSize(method: method, trainingExamples: trainingExamples) }
        guard batch <= trainingExamples else {
            throw .invalid("batch_size", "batch_size \(batch) is larger than the \(trainingExamples) training example(s); use at most \(trainingExamples) or \"auto\"")
        }
        let epochs = (nEpochs ?? .auto).resolved { AutoHyperparameters.nEpochs(trainingExamples: trainingExamples) }
        let multiplier = (learningRateMultiplier ?? .auto).resolved { AutoHyperparameters.learningRateMultiplier }
        var reinforcement: ResolvedHyperparameters.Reinforcement?
        if method == .reinforcement {
            reinforcement = .init(
                computeMultiplier: (computeMultiplier ?? .auto).resolved { AutoHyperparameters.computeMultiplier },
                evalInterval: (evalInterval ?? .auto).resolved { AutoHyperparameters.evalInterval },
                evalSamples: (evalSamples ?? .auto).resolved { AutoHyperparameters.evalSamples },
                reasoningEffort: (reasoningEffort ?? .default).resolved)
        }
        return ResolvedHyperparameters(
            method: method, nEpochs: epochs, batchSize: batch, learningRateMultiplier: multiplier,
            reinforcement: reinforcement, trainingExamples: trainingExamples,
            validationExamples: validationExamples, baseLearningRate: baseLearningRate)
    }
}
