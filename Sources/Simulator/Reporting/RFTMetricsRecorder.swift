public import Graders

/// Runs a simulated RFT job and reports every step as the platform does: the `data` of the RFT
/// `metrics` event (openai-finetuning-api.md §5.1) and the results CSV.
///
/// ```swift
/// let recorder = try RFTMetricsRecorder(train: model, validation: held, grader: grader,
///                                       hyperparameters: resolved, timing: timing, seed: 42)
/// let recording = recorder.run()
/// print(recording.events[9].message)   // "Step 10/20 , train mean reward=0.42, …"
/// try recording.results.csv.write(to: url, atomically: true, encoding: .utf8)
/// ```
///
/// How each number is computed (graders: ``RFTGraderDescriptor/all(for:)``):
/// - **train** values are over the step's B × G sampled answers, read with
///   ``TrainingSession/withLastSample(_:)``: `train_reward_mean` per grader is the mean of the
///   answers' `sub_rewards[key]` (a single grader's `reward`); `train_<error>_mean` the share of
///   answers whose result raised the flag, `_count` their number; grader tokens `_count` the sum
///   of the answers' model-grader tokens, `_mean` per answer; `mean_unresponsive_rewards` the
///   share raising `unresponsive_reward_error`. The overall `train_reward_mean` is the trainer's.
/// - **valid** values exist only at validation steps (every `eval_interval` steps and the last)
///   and are *sampled*, as the platform's are: `eval_samples` answers per validation item drawn
///   from the updated policy (``TrainingSession/withLastValidationSample(_:)``), so
///   `valid_reward_mean` is the trainer's sampled `validRewardMean`, per-grader values and error
///   shares are over the same answers, and `_count` values count them. The exact expectation
///   stays in the trainer's `validPolicyExpectedReward`.
/// - **tokens**: each candidate has a reasoning and an output length (``TokenLengths``; the base
///   means are the ``TimingModel``'s workload: training samples at `reasoningTokensPerSample`,
///   validation samples at `validationReasoningTokensPerSample`); a step's `_count` values are
///   the sums over the answers it sampled (whole tokens), `_mean` values per sample. Grader
///   tokens are each sampled answer's graded usage (whole tokens; sub-graders sharing a model
///   split it in whole tokens); `model_graders_token_usage` sums them per grader model.
/// - **timing**: ``TimingModel/timing(of:)`` at the tokens the step sampled (training and, at
///   validation steps, validation), and ``TimingModel/graderLatencies``. A job's billed seconds
///   are the sum of its steps' `full_iteration`.
///
/// The report reads the session between steps and never changes what it trains: the run's
/// ``StepMetrics`` are bit-identical to ``Trainer/run()``'s. Same inputs, same events and CSV.
public struct RFTMetricsRecorder: Sendable {
    /// The trainer the job runs (from the hyperparameters, algorithm and seed).
    public let trainer: Trainer
    /// The graders reported, in order.
    public let graders: [RFTGraderDescriptor]
    /// Durations and token lengths.
    public let timing: TimingModel
    /// The training answer space.
    public let train: ResponseModel
    /// The validation answer space, if any.
    public let validation: ResponseModel?
    let trainColumns: RFTCandidateColumns, validColumns: RFTCandidateColumns?
    /// Each candidate's reasoning and output tokens, and the step's tokens for its timing.
    let tokens: StepTokenCounter
    let evalSamples: Int

    /// Creates a recorder for a reinforcement job.
    ///
    /// - Parameters:
    ///   - train: The training answer space.
    ///   - validation: The validation answer space (same features), if the job has one.
    ///   - grader: The grader both were built with (names and types of the reported graders).
    ///   - hyperparameters: The resolved job; must be reinforcement.
    ///   - timing: The job's timing model.
    ///   - algorithm: A sampled algorithm (GRPO by default).
    ///   - dynamics: Transfer and instability (``TrainingDynamics``; neutral by default).
    ///   - seed: The job's seed.
    ///   - initialParameters: θ to start from (a fine-tuned model being tuned further), default 0.
    /// - Throws: ``SimulatorError`` for a supervised job, an exact algorithm, or an invalid trainer.
    public init(train: ResponseModel, validation: ResponseModel? = nil, grader: Grader,
                hyperparameters: ResolvedHyperparameters, timing: TimingModel,
                algorithm: Algorithm = .grpo, dynamics: TrainingDynamics = .neutral, seed: UInt64 = 0,
                initialParameters: [Double]? = nil) throws(SimulatorError) {
        guard let reinforcement = hyperparameters.reinforcement else {
            throw SimulatorError(.unsupported, field: "method", "RFT metrics need a reinforcement job")
        }
        guard algorithm.isSampled else {
            throw SimulatorError(.unsupported, field: "algorithm", "RFT metrics need a sampled algorithm, not \(algorithm)")
        }
        var configuration = hyperparameters.trainerConfiguration(algorithm: algorithm, seed: seed)
        configuration.initialParameters = initialParameters
        configuration.dynamics = dynamics
        tokens = StepTokenCounter(train: train, validation: validation, timing: timing)
        // The table's answer lengths (``ResponseModelBuilder``) weigh GRPO's updates.
        trainer = try Trainer(table: train.table, validation: validation?.table, configuration: configuration)
        graders = RFTGraderDescriptor.all(for: grader)
        self.timing = timing
        self.train = train
        self.validation = validation
        trainColumns = RFTCandidateColumns(model: train, graders: graders)
        let graders = graders
        validColumns = validation.map { RFTCandidateColumns(model: $0, graders: graders) }
        evalSamples = reinforcement.evalSamples
    }

    /// Runs every step as ``Trainer/run()`` does (validating on the `eval_interval` grid and at
    /// the last step) and reports each.
    public func run() -> RFTMetricsRecording {
        let session = trainer.makeSession()
        let steps = trainer.configuration.steps
        var metrics: [StepMetrics] = [], events: [RFTMetricsEventData] = []
        metrics.reserveCapacity(steps)
        events.reserveCapacity(steps)
        for number in stride(from: 1, through: steps, by: 1) {
            let step = session.step(forceValidation: number == steps)
            metrics.append(step)
            events.append(event(for: step, of: session))
        }
        return RFTMetricsRecording(metrics: metrics, events: events, results: RFTResultsTable(events: events))
    }

    /// The event `data` of the step `session` just took (which returned `metrics`).
    public func event(for metrics: StepMetrics, of session: TrainingSession) -> RFTMetricsEventData {
        // Train: one weight-1 entry per sampled answer.
        var trainEntries: [(candidate: Int, weight: Double)] = []
        session.withLastSample { items, candidates in
            let groupSize = candidates.count / max(items.count, 1)
            trainEntries.reserveCapacity(candidates.count)
            for (i, c) in candidates.enumerated() {
                trainEntries.append((train.table.candidates(of: items[i / groupSize]).lowerBound + c, 1))
            }
        }
        let trainSummary = RFTSummary(trainColumns, trainEntries, divisor: Double(trainEntries.count), calls: Double(trainEntries.count),
                                      reasoning: tokens.trainReasoning, output: tokens.trainOutput)

        // Valid: the validation's sampled answers, eval_samples per item.
        var validSummary: RFTSummary?
        if metrics.validRewardMean != nil, let validation, let validColumns {
            var entries: [(candidate: Int, weight: Double)] = []
            session.withLastValidationSample { draws in
                for (c, count) in draws.enumerated() where count > 0 { entries.append((c, Double(count))) }
            }
            let calls = Double(validation.table.itemCount * evalSamples)
            validSummary = RFTSummary(validColumns, entries, divisor: calls, calls: calls, reasoning: tokens.validReasoning,
                                      output: tokens.validOutput)
        }
        // The step's seconds follow the tokens it sampled (``StepTokenCounter``, as simulations time their steps).
        let stepTokens = tokens.tokens(of: session, validated: validSummary != nil)
        return assemble(metrics: metrics, train: trainSummary, valid: validSummary, timing: timing.timing(of: stepTokens))
    }
}

/// A recorded run: the trainer's metrics, the platform's events and the results table.
public struct RFTMetricsRecording: Sendable {
    /// Each step's ``StepMetrics``, as ``Trainer/run()`` returns them.
    public var metrics: [StepMetrics]
    /// Each step's metrics-event `data`.
    public var events: [RFTMetricsEventData]
    /// The results CSV.
    public var results: RFTResultsTable
}
