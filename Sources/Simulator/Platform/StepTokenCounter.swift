/// Counts the tokens a simulated step sampled, for ``TimingModel/timing(of:)``: each candidate's
/// reasoning and output length (``TokenLengths``, whole tokens) summed over the step's B × G
/// training answers and, at a validation step, its validation draws.
///
/// The one home of "a step's seconds follow the tokens it sampled": ``RFTMetricsRecorder`` (the
/// provider's jobs, `rftsim run`) and the Studies' simulations (sweeps, `rftsim simulate`) count
/// with it, so a step lasts the same whichever path runs it.
///
/// Reading a step allocates nothing: the lengths are laid out once, when the counter is made.
///
/// ```swift
/// let counter = StepTokenCounter(train: model, validation: held, timing: timing)
/// let session = trainer.makeSession()
/// let metrics = session.step()
/// let seconds = timing.timing(of: counter.tokens(of: session, validated: metrics.validRewardMean != nil)).fullIteration
/// ```
public struct StepTokenCounter: Sendable {
    /// Each training candidate's reasoning tokens (whole tokens, as `Double` for the sums), at the
    /// workload's ``TimingModel/Workload/reasoningTokensPerSample``.
    public let trainReasoning: [Double]
    /// Each training candidate's output tokens.
    public let trainOutput: [Double]
    /// Each validation candidate's reasoning tokens, at the workload's
    /// ``TimingModel/Workload/validationReasoningTokensPerSample``; empty without validation.
    public let validReasoning: [Double]
    /// Each validation candidate's output tokens; empty without validation.
    public let validOutput: [Double]
    /// The first flat candidate of each training item.
    let trainStarts: [Int]
    /// Each candidate's completion tokens, reasoning + output (training, validation).
    let trainCompletion: [Double], validCompletion: [Double]
    /// Validation samples at a validation step (items × `eval_samples`).
    let validationSamples: Int

    /// Lays out the lengths of `train`'s and `validation`'s candidates at `timing`'s base means.
    ///
    /// - Parameters:
    ///   - train: The training answer space.
    ///   - validation: The validation answer space, if the job validates.
    ///   - timing: The job's timing model (its workload's mean lengths and `eval_samples`).
    public init(train: ResponseModel, validation: ResponseModel?, timing: TimingModel) {
        self.init(train: train.table, lengths: TokenLengths(model: train),
                  validation: validation.map { ($0.table, TokenLengths(model: $0)) }, timing: timing)
    }

    /// Lays out the lengths of a training table's candidates (and a validation table's) at
    /// `timing`'s base means.
    ///
    /// - Parameters:
    ///   - train: The training table.
    ///   - lengths: Its candidates' lengths.
    ///   - validation: The validation table and its candidates' lengths, if the job validates.
    ///   - timing: The job's timing model (its workload's mean lengths and `eval_samples`).
    public init(train: ResponseTable, lengths: TokenLengths, validation: (table: ResponseTable, lengths: TokenLengths)?, timing: TimingModel) {
        let trainMean = timing.workload.reasoningTokensPerSample
        trainReasoning = lengths.reasoningFactors.indices.map { Double(lengths.reasoningTokens(of: $0, mean: trainMean)) }
        trainOutput = lengths.outputTokens.map(Double.init)
        trainStarts = (0..<train.itemCount).map { train.candidates(of: $0).lowerBound }
        if let validation {
            let mean = timing.workload.validationReasoningTokensPerSample
            validReasoning = validation.lengths.reasoningFactors.indices.map { Double(validation.lengths.reasoningTokens(of: $0, mean: mean)) }
            validOutput = validation.lengths.outputTokens.map(Double.init)
            validationSamples = validation.table.itemCount * timing.workload.evalSamples
        } else {
            (validReasoning, validOutput, validationSamples) = ([], [], 0)
        }
        trainCompletion = zip(trainReasoning, trainOutput).map { $0 + $1 }
        validCompletion = zip(validReasoning, validOutput).map { $0 + $1 }
    }

    /// The tokens of the step `session` just took: its training answers and, when `validated`,
    /// its validation draws.
    ///
    /// Sums of whole tokens are exact in `Double`, so the order of summation does not matter.
    ///
    /// - Parameters:
    ///   - session: A session of a trainer over this counter's answer spaces, after a step.
    ///   - validated: Whether that step validated (its metrics have a `validRewardMean`).
    /// - Returns: The step's samples and completion (reasoning + output) tokens.
    /// - Complexity: O(B·G), plus O(validation candidates) at a validation step; no allocation.
    public func tokens(of session: TrainingSession, validated: Bool) -> TimingModel.StepTokens {
        var trainingTokens = 0.0, trainingSamples = 0
        trainStarts.withUnsafeBufferPointer { starts in
            trainCompletion.withUnsafeBufferPointer { completion in
                session.withLastSample { items, candidates in
                    trainingSamples = candidates.count
                    guard !items.isEmpty else { return }
                    let groupSize = candidates.count / items.count
                    var answer = 0
                    for item in items {
                        let start = starts[item]
                        for _ in 0..<groupSize {
                            trainingTokens += completion[start &+ candidates[answer]]
                            answer &+= 1
                        }
                    }
                }
            }
        }
        var validationTokens = 0.0
        let samples = validated && !validCompletion.isEmpty ? validationSamples : 0
        if samples > 0 {
            validCompletion.withUnsafeBufferPointer { completion in
                session.withLastValidationSample { draws in
                    for (c, count) in draws.enumerated() where count > 0 {
                        validationTokens += Double(count) * completion[c]
                    }
                }
            }
        }
        return TimingModel.StepTokens(trainingSamples: trainingSamples, trainingTokens: trainingTokens,
                                      validationSamples: samples, validationTokens: validationTokens)
    }
}
