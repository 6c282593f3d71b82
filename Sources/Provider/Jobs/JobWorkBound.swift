internal import Graders
internal import Simulator

/// The bound on how much simulation one job may ask for, checked when the job is created.
///
/// A job's simulated work grows with its hyperparameters and its files: every training step
/// samples `batch_size × G` answers (G from `compute_multiplier`, ``ResolvedHyperparameters/samplesPerPrompt``)
/// and every validation samples each validation item `eval_samples` times. The platform bounds
/// each factor (50,000 training and 1,000 validation examples, `n_epochs` ≤ 50,
/// `compute_multiplier` ≤ 10, `eval_samples` ≤ 10 by Azure) but their product can still reach
/// 2 × 10⁸ sampled answers, minutes of one core. RFTSim refuses a job whose plan would sample more
/// than ``maximumSampledAnswers`` (a 400 naming the hyperparameter to lower), so creating a job
/// never costs more than about a second of simulation (docs/PROVIDER.md, "Limits").
enum JobWorkBound {
    /// The most answers a job's simulation may sample, training and validation together.
    static let maximumSampledAnswers = 5_000_000

    /// Answers the simulation of `resolved` samples: training steps × batch × G plus
    /// (validations) × validation items × `eval_samples`.
    static func sampledAnswers(_ resolved: ResolvedHyperparameters) -> (training: Int, validation: Int) {
        let steps = resolved.steps
        let training = steps.multipliedReportingOverflow(by: resolved.batchSize * resolved.samplesPerPrompt)
        guard let reinforcement = resolved.reinforcement else { return (training.overflow ? .max : training.partialValue, 0) }
        let validations = (steps + reinforcement.evalInterval - 1) / reinforcement.evalInterval + 1
        let validation = validations * resolved.validationExamples * reinforcement.evalSamples
        return (training.overflow ? .max : training.partialValue, validation)
    }

    /// Refuses `request` when its simulation on files with `trainingLines` and `validationLines`
    /// examples (at most) would sample more than ``maximumSampledAnswers``.
    ///
    /// Hyperparameters that cannot be resolved for these counts (a batch larger than the file)
    /// are left to the job's validation, which fails the job as the platform does.
    ///
    /// - Throws: 400 naming `n_epochs` (training) or `eval_samples` (validation) under the
    ///   request's hyperparameters path.
    static func check(_ request: JobRequest, trainingLines: Int, validationLines: Int) throws(ProviderError) {
        let method: PlatformHyperparameters.Method = request.method == .reinforcement ? .reinforcement : .supervised
        guard let resolved = try? request.hyperparameters.resolve(method: method, trainingExamples: max(1, trainingLines),
                                                                  validationExamples: validationLines) else { return }
        let (training, validation) = sampledAnswers(resolved)
        let path = "method.\(request.method.rawValue).hyperparameters"
        let limit = maximumSampledAnswers
        if training > limit {
            throw .invalid(
                "This job would simulate \(training) sampled answers in training (n_epochs \(resolved.nEpochs) × \(trainingLines) examples × G \(resolved.samplesPerPrompt) from compute_multiplier); rftsim simulates at most \(limit) per job. Lower n_epochs or compute_multiplier, or use fewer examples.",
                param: "\(path).n_epochs", platformCode: "invalid_hyperparameters")
        }
        if validation > limit - training {
            throw .invalid(
                "This job would simulate \(training + validation) sampled answers (\(validation) in validation: \(validationLines) validation examples × eval_samples \(resolved.reinforcement?.evalSamples ?? 0) per validation); rftsim simulates at most \(limit) per job. Raise eval_interval, lower eval_samples or n_epochs, or use fewer validation examples.",
                param: "\(path).eval_samples", platformCode: "invalid_hyperparameters")
        }
    }
}
