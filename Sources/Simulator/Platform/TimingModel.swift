/// How long each step of a reinforcement fine-tuning job takes on the platform: sampling
/// (rollouts and grading), training (the policy update), evaluation (at validation steps) and the
/// full iteration, in seconds. These durations drive a job's clock and its billed hours.
///
/// The model is deterministic and linear in the work (``Parameters`` gives every constant):
///
/// - a sampling phase over `n` samples of `T` tokens each takes
///   `samplingOverhead + T / sequenceDecode + n·T / aggregateDecode + grading(n)`: the longest
///   sample bounds it from below, fleet throughput makes it grow with `n`;
/// - `grading(n) = Σ over graders latency × ceil(n / graderConcurrency)` (validation calls are
///   ``Parameters/validationGraderLatencyFactor`` slower);
/// - sampling is that phase over B × G samples; eval over validation items × `eval_samples`, and
///   only at validation steps (a multiple of `eval_interval`, or the last step);
/// - training = `trainingOverhead + B·G·T / trainingThroughput`;
/// - full iteration = sampling + training + eval + `iterationOverhead`.
///
/// With ``Parameters/default``, the reference job (o4-mini-sized reasoning of 3,330 + 46 tokens,
/// B = 64, G = 8, 20 validation items × 1 sample, one gpt-4o `score_model` grader) takes
/// ≈ 227 s sampling, 402 s training, 103 s eval and 733 s per iteration: the 31 / 55 / 14 % split
/// of the RFT metrics event in openai-finetuning-api.md §5.1 (731.50 s).
///
/// ```swift
/// let resolved = try PlatformHyperparameters(nEpochs: 2, evalSamples: 1)
///     .resolve(method: .reinforcement, trainingExamples: 640, validationExamples: 20)
/// let workload = try TimingModel.Workload(resolved: resolved, graders: [.init(name: "judge", type: .scoreModel)])
/// let model = try TimingModel(workload: workload)
/// model.timing(atStep: 10).fullIteration   // ≈ 733 s
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

    /// Seconds of sampling and grading the training rollouts, every step.
    public var samplingSeconds: Double {
        phaseSeconds(samples: workload.trainingSamples, latencyFactor: 1)
    }

    /// Seconds of the policy update, every step.
    public var trainingSeconds: Double {
        let tokens = Double(workload.trainingSamples) * workload.completionTokensPerSample
        return parameters.trainingOverheadSeconds + tokens / parameters.trainingTokensPerSecond
    }

    /// Seconds of one validation (sampling and grading the validation set); 0 without validation samples.
    public var evalSeconds: Double {
        guard workload.validationSamples > 0 else { return 0 }
        return phaseSeconds(samples: workload.validationSamples, latencyFactor: parameters.validationGraderLatencyFactor)
    }

    /// The durations of the 1-based `step`; `eval` is 0 unless ``isValidationStep(_:)``.
    public func timing(atStep step: Int) -> StepTiming {
        let sampling = samplingSeconds, training = trainingSeconds
        let eval = isValidationStep(step) ? evalSeconds : 0
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

    /// One sampling-and-grading phase over `samples` samples.
    func phaseSeconds(samples: Int, latencyFactor: Double) -> Double {
        let tokens = workload.completionTokensPerSample
        let decode = tokens / parameters.sequenceDecodeTokensPerSecond
            + Double(samples) * tokens / parameters.aggregateDecodeTokensPerSecond
        let waves = Double((samples + parameters.graderConcurrency - 1) / parameters.graderConcurrency)
        let grading = workload.graders.reduce(0) { $0 + latency(of: $1) * latencyFactor * waves }
        return parameters.samplingOverheadSeconds + decode + grading
    }
}
