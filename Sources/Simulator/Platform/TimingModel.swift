/// How long each step of a reinforcement fine-tuning job takes on the platform: sampling
/// (rollouts and grading), training (the policy update), evaluation (at validation steps) and the
/// full iteration, in seconds. These durations drive a job's clock and its billed hours.
///
/// The model is deterministic and linear in the work (``Parameters`` gives every constant):
///
/// - a sampling phase over `n` samples of `T` tokens in total (mean `T/n`) takes
///   `samplingOverhead + (T/n) / sequenceDecode + T / aggregateDecode + grading(n)`: the sample
///   length bounds it from below, fleet throughput makes it grow with the tokens;
/// - `grading(n) = Σ over graders latency × ceil(n / graderConcurrency)` (validation calls are
///   ``Parameters/validationGraderLatencyFactor`` slower);
/// - sampling is that phase over B × G samples; eval is `evalOverhead` plus that phase over
///   validation items × `eval_samples`, only at validation steps (a multiple of `eval_interval`,
///   or the last step);
/// - training = `trainingOverhead + T_train / trainingThroughput`;
/// - the tokens are those a step sampled (``StepTokens``, ``timing(of:)``): a simulated job's
///   steps follow its answers' lengths, so its billed hours follow length drift; ``timing(atStep:)``
///   takes the base model's mean lengths (validation samples at ``Parameters/validationReasoningRatio``);
/// - full iteration = sampling + training + eval + `iterationOverhead`.
///
/// With ``Parameters/default``, the reference job (o4-mini-sized reasoning of 3,330 + 46 tokens,
/// B = 64, G = 8, 20 validation items × 1 sample, one gpt-4o `score_model` grader) takes
/// ≈ 227.4 s sampling, 401.7 s training, 101.7 s eval (validation reasoning 1,948 tokens) and
/// 731.4 s per iteration: the event of openai-finetuning-api.md §5.1 has 226.82 / 402.43 / 101.69
/// and 731.50 s.
///
/// ```swift
/// let resolved = try PlatformHyperparameters(nEpochs: 2, evalSamples: 1)
///     .resolve(method: .reinforcement, trainingExamples: 640, validationExamples: 20)
/// let workload = try TimingModel.Workload(resolved: resolved, graders: [.init(name: "judge", type: .scoreModel)])
/// let model = try TimingModel(workload: workload)
/// model.timing(atStep: 10).fullIteration   // ≈ 731 s
/// model.trainingHours(forSteps: resolved.steps)   // ≈ 4.07 h
/// ```
public struct TimingModel: Sendable, Hashable {
    /// The constants.
    public let parameters: Parameters
    /// The job's per-step work.
    public let workload: Workload

    /// Creates a timing model after checking both inputs.
    ///
    /// - Throws: ``SimulatorError`` naming the first invalid parameter or workload field.
    public init(parameters: Parameters = .default, workload: Workload) throws(SimulatorError) {
        try parameters.validate()
        try workload.validate()
        self.parameters = parameters
        self.workload = workload
    }

    /// Whether the 1-based `step` runs a validation: there are validation samples, and the step
    /// is a multiple of `eval_interval` or the job's last step.
    public func isValidationStep(_ step: Int) -> Bool {
        guard workload.validationSamples > 0, step >= 1 else { return false }
        return step % workload.evalInterval == 0 || step == workload.totalSteps
    }

    /// The tokens one step decodes: its training samples and, at a validation step, its
    /// validation samples, each as a count and a total of completion (reasoning + answer) tokens.
    ///
    /// A simulated job fills it from the answers it sampled (``TokenLengths``), so each step's
    /// seconds follow the policy's lengths; ``TimingModel/expectedTokens(validating:)`` gives the
    /// base model's means, for estimates.
    public struct StepTokens: Sendable, Hashable {
        /// Training samples (B × G).
        public var trainingSamples: Int
        /// Completion tokens of the training samples, in total.
        public var trainingTokens: Double
        /// Validation samples (0 at a step that does not validate).
        public var validationSamples: Int
        /// Completion tokens of the validation samples, in total.
        public var validationTokens: Double

        /// Creates a step's tokens.
        public init(trainingSamples: Int, trainingTokens: Double, validationSamples: Int = 0, validationTokens: Double = 0) {
            self.trainingSamples = trainingSamples
            self.trainingTokens = trainingTokens
            self.validationSamples = validationSamples
            self.validationTokens = validationTokens
        }
    }

    /// The base model's tokens of a step: every sample at the workload's mean lengths.
    ///
    /// - Parameter validating: Whether the step validates.
    /// - Returns: The training samples and, when `validating`, the validation samples with their tokens.
    public func expectedTokens(validating: Bool) -> StepTokens {
        let samples = workload.trainingSamples
        let validation = validating ? workload.validationSamples : 0
        return StepTokens(
            trainingSamples: samples, trainingTokens: Double(samples) * workload.completionTokensPerSample,
            validationSamples: validation, validationTokens: Double(validation) * workload.validationCompletionTokensPerSample)
    }

    /// Seconds of sampling and grading the training rollouts of a step at the base model's lengths.
    public var samplingSeconds: Double {
        samplingSeconds(expectedTokens(validating: false))
    }

    /// Seconds of the policy update of a step at the base model's lengths.
    public var trainingSeconds: Double {
        trainingSeconds(expectedTokens(validating: false))
    }

    /// Seconds of one validation at the base model's lengths; 0 without validation samples.
    public var evalSeconds: Double {
        evalSeconds(expectedTokens(validating: true))
    }

    /// Seconds of sampling and grading `tokens`' training samples.
    public func samplingSeconds(_ tokens: StepTokens) -> Double {
        phaseSeconds(samples: tokens.trainingSamples, tokens: tokens.trainingTokens, latencyFactor: 1)
    }

    /// Seconds of the policy update over `tokens`' training samples.
    public func trainingSeconds(_ tokens: StepTokens) -> Double {
        parameters.trainingOverheadSeconds + tokens.trainingTokens / parameters.trainingTokensPerSecond
    }

    /// Seconds of validating `tokens`' validation samples (0 when there are none).
    public func evalSeconds(_ tokens: StepTokens) -> Double {
        guard tokens.validationSamples > 0 else { return 0 }
        return parameters.evalOverheadSeconds
            + phaseSeconds(samples: tokens.validationSamples, tokens: tokens.validationTokens,
                           latencyFactor: parameters.validationGraderLatencyFactor)
    }

    /// The durations of the 1-based `step` at the base model's lengths; `eval` is 0 unless
    /// ``isValidationStep(_:)``.
    public func timing(atStep step: Int) -> StepTiming {
        timing(of: expectedTokens(validating: isValidationStep(step)))
    }

    /// The durations of a step that decoded `tokens` (it validates when `tokens` has validation samples).
    public func timing(of tokens: StepTokens) -> StepTiming {
        let sampling = samplingSeconds(tokens), training = trainingSeconds(tokens), eval = evalSeconds(tokens)
        return StepTiming(
            sampling: sampling, training: training, eval: eval,
            fullIteration: sampling + training + eval + parameters.iterationOverheadSeconds)
    }

    /// Each grader's mean call latency for the metrics event's `timing.graders`, in workload order.
    public var graderLatencies: [GraderLatency] {
        workload.graders.map { grader in
            let train = latency(of: grader)
            return GraderLatency(
                name: grader.name, type: grader.type, trainExecutionLatencyMean: train,
                validExecutionLatencyMean: train * parameters.validationGraderLatencyFactor)
        }
    }

    /// Wall-clock seconds of steps 1 through `steps`: the sum of their full iterations.
    ///
    /// - Complexity: O(1): every step costs the same except for validation.
    public func wallClockSeconds(forSteps steps: Int) -> Double {
        guard steps > 0 else { return 0 }
        let plain = samplingSeconds + trainingSeconds + parameters.iterationOverheadSeconds
        return Double(steps) * plain + Double(validationCount(throughStep: steps)) * evalSeconds
    }

    /// Hours of training loop in steps 1 through `steps`, the time RFT bills per hour
    /// (openai-finetuning-api.md §6.1: sampling, grading, updates and validation steps).
    public func trainingHours(forSteps steps: Int) -> Double {
        wallClockSeconds(forSteps: steps) / 3600
    }

    /// How many of steps 1…`step` validate.
    public func validationCount(throughStep step: Int) -> Int {
        guard workload.validationSamples > 0, step >= 1 else { return 0 }
        var count = step / workload.evalInterval
        if let last = workload.totalSteps, last <= step, last >= 1, last % workload.evalInterval != 0 { count += 1 }
        return count
    }

    /// Seconds per training call of `grader`.
    func latency(of grader: Grader) -> Double {
        grader.latencySeconds ?? parameters.graderLatencySeconds[grader.type]
    }

    /// One sampling-and-grading phase over `samples` samples of `tokens` completion tokens in total.
    func phaseSeconds(samples: Int, tokens: Double, latencyFactor: Double) -> Double {
        guard samples > 0 else { return parameters.samplingOverheadSeconds }
        let decode = tokens / Double(samples) / parameters.sequenceDecodeTokensPerSecond
            + tokens / parameters.aggregateDecodeTokensPerSecond
        let waves = Double((samples + parameters.graderConcurrency - 1) / parameters.graderConcurrency)
        let grading = workload.graders.reduce(0) { $0 + latency(of: $1) * latencyFactor * waves }
        return parameters.samplingOverheadSeconds + decode + grading
    }
}
