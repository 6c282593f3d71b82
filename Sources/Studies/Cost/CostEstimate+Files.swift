public import Graders
public import Provider
public import Simulator

extension CostEstimate {
    /// Estimates a job from its files, after checking them as the provider's `validating_files`
    /// step would (a job that fails there bills nothing, so an estimate of it would mislead).
    ///
    /// - Parameters:
    ///   - model: The base model, an id or alias.
    ///   - method: The job's method.
    ///   - trainingFile: The training JSONL file's path.
    ///   - validationFile: The validation JSONL file's path (required for reinforcement).
    ///   - grader: The reinforcement grader (see ``GraderDefinitionFile/load(path:)``).
    ///   - hyperparameters: The job's hyperparameters (see ``HyperparameterInput/parse(_:method:)``).
    ///   - priceSheets: The sheets to price with (default: every bundled sheet).
    ///   - dataSharing: The data-sharing settings to price (default: off, then on).
    ///   - assumptions: The timing constants.
    ///   - dryRun: How the provider plans a reinforcement job; `nil`: from the files' lines.
    /// - Returns: The estimate, with ``trainingFile`` and ``validationFile`` set.
    /// - Throws: ``CostEstimateError``: the model's errors first, then `unreadableFile` naming a
    ///   path, `invalidDataset` quoting a file's first problems as `FILE:LINE: …`, and the errors of
    ///   ``estimate(model:method:trainingExamples:validationExamples:grader:hyperparameters:priceSheets:dataSharing:assumptions:catalogue:dryRun:)``.
    public static func estimate(
        model: String, method: FineTuningMethod, trainingFile: String, validationFile: String? = nil,
        grader: Grader? = nil, hyperparameters: PlatformHyperparameters = PlatformHyperparameters(),
        priceSheets: [PriceSheet] = builtinPriceSheets, dataSharing: [Bool] = [false, true],
        assumptions: CostAssumptions = .default, dryRun: CostWorkload.DryRun? = nil
    ) async throws(CostEstimateError) -> CostEstimate {
        _ = try baseModel(model, method: method)
        if method == .reinforcement, grader == nil {
            throw CostEstimateError(.missingInput, "a reinforcement job needs a grader: its calls and latency are part of the cost")
        }
        let usedGrader = method == .reinforcement ? grader : nil
        // The completions models (babbage-002, davinci-002) train on prompt/completion lines, counted as the chat examples they stand for.
        let promptCompletion = method == .supervised && ModelCatalogue.builtin.model(named: model)?.promptCompletion == true
        let training = try DatasetFile.load(path: trainingFile, method: method, role: .training, grader: usedGrader, promptCompletion: promptCompletion)
        try training.requireValid()
        var validation: DatasetFile?
        if let validationFile {
            validation = try DatasetFile.load(path: validationFile, method: method, role: .validation, grader: usedGrader,
                                              promptCompletion: promptCompletion)
            try validation?.requireValid()
        }
        var estimate = try await estimate(
            model: model, method: method, trainingExamples: training.trainedExamples, validationExamples: validation?.trainedExamples ?? [],
            grader: usedGrader, hyperparameters: hyperparameters, priceSheets: priceSheets, dataSharing: dataSharing,
            assumptions: assumptions, dryRun: dryRun)
        estimate.trainingFile = trainingFile
        estimate.validationFile = validationFile
        return estimate
    }
}
