extension TimingModel {
    /// The constants of the timing model, with units; ``default`` is calibrated on the RFT metrics
    /// event of openai-finetuning-api.md §5.1 (see `docs/HYPERPARAMETERS.md`, "Timing model").
    ///
    /// The committed file `data/timing-model.json` holds exactly ``default`` (a test keeps them
    /// equal). The Simulator does no file I/O: a caller that wants other constants decodes such a
    /// file itself (every key is required) and passes the value to ``TimingModel/init(parameters:workload:)``.
    public struct Parameters: Sendable, Hashable, Codable {
        /// Reasoning tokens per sample at `reasoning_effort` medium and `compute_multiplier` 1
        /// (tokens). Default 3,330: the example's `train_reasoning_tokens_mean` 3,330.02.
        public var reasoningTokensPerSample: Double
        /// Visible answer tokens per sample, after the reasoning (tokens). Default 46: the
        /// example's `completion_tokens_mean` 3,376 minus its reasoning 3,330.
        public var answerTokensPerSample: Double
        /// Reasoning of a validation sample relative to a training sample (dimensionless).
        ///
        /// Default 0.585: the example's `valid_reasoning_tokens_mean` 1,948.9 over
        /// `train_reasoning_tokens_mean` 3,330.02.
        public var validationReasoningRatio: Double
        /// Reasoning length relative to medium, per effort (dimensionless). Default low 0.5,
        /// medium 1, high 2 (RFTSim's choice; the platform publishes no ratio).
        public var reasoningEffortFactors: ReasoningEffortFactors
        /// Decode speed of one sample (tokens per second per sequence): the longest sample bounds a
        /// sampling phase from below. Default 40.
        public var sequenceDecodeTokensPerSecond: Double
        /// Decode throughput of the whole sampling fleet (tokens per second, all sequences
        /// together). Default 15,500.
        public var aggregateDecodeTokensPerSecond: Double
        /// Fixed cost of each sampling phase, training rollouts and validation alike (seconds):
        /// loading the current weights onto the samplers. Default 10.
        public var samplingOverheadSeconds: Double
        /// Backprop throughput over the sampled tokens (tokens per second). Default 4,650.
        public var trainingTokensPerSecond: Double
        /// Fixed cost of each policy update (seconds): optimizer step, weight sync. Default 30.
        public var trainingOverheadSeconds: Double
        /// Fixed cost of each validation beyond its sampling phase (seconds).
        ///
        /// Loading the validation set, aggregating metrics. Default 35.1: the example's eval 101.69 s minus its
        /// sampling phase over 20 samples of 1,948.9 + 46 tokens.
        public var evalOverheadSeconds: Double
        /// What a full iteration adds beyond sampling + training + eval (seconds). Default 0.56:
        /// the example's 731.50 − (226.82 + 402.43 + 101.69).
        public var iterationOverheadSeconds: Double
        /// Grader calls in flight at once (calls); a phase grades in `ceil(calls / concurrency)`
        /// waves. Default 64.
        public var graderConcurrency: Int
        /// Seconds per grader call while grading training samples, per grader type.
        public var graderLatencySeconds: GraderLatencies
        /// Validation-call latency relative to training-call latency (dimensionless). Default 1.54:
        /// the example's `valid_execution_latency_mean` 4.14 over `train_execution_latency_mean` 2.69.
        public var validationGraderLatencyFactor: Double

        /// Creates parameters from every constant.
        public init(
            reasoningTokensPerSample: Double, answerTokensPerSample: Double, validationReasoningRatio: Double,
            reasoningEffortFactors: ReasoningEffortFactors,
            sequenceDecodeTokensPerSecond: Double, aggregateDecodeTokensPerSecond: Double,
            samplingOverheadSeconds: Double, trainingTokensPerSecond: Double, trainingOverheadSeconds: Double,
            evalOverheadSeconds: Double, iterationOverheadSeconds: Double, graderConcurrency: Int,
            graderLatencySeconds: GraderLatencies, validationGraderLatencyFactor: Double
        ) {
            self.reasoningTokensPerSample = reasoningTokensPerSample
            self.answerTokensPerSample = answerTokensPerSample
            self.validationReasoningRatio = validationReasoningRatio
            self.reasoningEffortFactors = reasoningEffortFactors
            self.sequenceDecodeTokensPerSecond = sequenceDecodeTokensPerSecond
            self.aggregateDecodeTokensPerSecond = aggregateDecodeTokensPerSecond
            self.samplingOverheadSeconds = samplingOverheadSeconds
            self.trainingTokensPerSecond = trainingTokensPerSecond
            self.trainingOverheadSeconds = trainingOverheadSeconds
            self.evalOverheadSeconds = evalOverheadSeconds
            self.iterationOverheadSeconds = iterationOverheadSeconds
            self.graderConcurrency = graderConcurrency
            self.graderLatencySeconds = graderLatencySeconds
            self.validationGraderLatencyFactor = validationGraderLatencyFactor
        }

        /// The calibrated defaults (the content of `data/timing-model.json`).
        public static let `default` = Parameters(
            reasoningTokensPerSample: 3330, answerTokensPerSample: 46, validationReasoningRatio: 0.585,
            reasoningEffortFactors: ReasoningEffortFactors(low: 0.5, medium: 1, high: 2),
            sequenceDecodeTokensPerSecond: 40, aggregateDecodeTokensPerSecond: 15500,
            samplingOverheadSeconds: 10, trainingTokensPerSecond: 4650, trainingOverheadSeconds: 30,
            evalOverheadSeconds: 35.1, iterationOverheadSeconds: 0.56, graderConcurrency: 64,
            graderLatencySeconds: GraderLatencies(
                stringCheck: 0.0001, textSimilarity: 0.002, python: 0.05, scoreModel: 2.69, labelModel: 2.69),
            validationGraderLatencyFactor: 1.54)

        /// Reasoning tokens per sample for an effort and a reasoning-length factor:
        /// `reasoningTokensPerSample × effort factor × lengthFactor`.
        ///
        /// - Parameters:
        ///   - effort: The job's effort; ``ReasoningEffort/default`` counts as medium.
        ///   - lengthFactor: ``ResolvedHyperparameters/reasoningLengthFactor`` (from `compute_multiplier`).
        public func reasoningTokens(effort: ReasoningEffort, lengthFactor: Double = 1) -> Double {
            reasoningTokensPerSample * reasoningEffortFactors[effort] * lengthFactor
        }

        /// Checks that every rate is positive and every count and cost non-negative.
        ///
        /// - Throws: ``SimulatorError`` naming the parameter (`"parameters.graderConcurrency"`).
        public func validate() throws(SimulatorError) {
            let positive: [(String, Double)] = [
                ("sequenceDecodeTokensPerSecond", sequenceDecodeTokensPerSecond),
                ("aggregateDecodeTokensPerSecond", aggregateDecodeTokensPerSecond),
                ("trainingTokensPerSecond", trainingTokensPerSecond),
                ("validationGraderLatencyFactor", validationGraderLatencyFactor),
                ("validationReasoningRatio", validationReasoningRatio),
            ]
            var nonNegative: [(String, Double)] = [
                ("reasoningTokensPerSample", reasoningTokensPerSample), ("answerTokensPerSample", answerTokensPerSample),
                ("samplingOverheadSeconds", samplingOverheadSeconds), ("trainingOverheadSeconds", trainingOverheadSeconds),
                ("evalOverheadSeconds", evalOverheadSeconds), ("iterationOverheadSeconds", iterationOverheadSeconds),
                ("reasoningEffortFactors.low", reasoningEffortFactors.low),
                ("reasoningEffortFactors.medium", reasoningEffortFactors.medium),
                ("reasoningEffortFactors.high", reasoningEffortFactors.high),
            ]
            for kind in GraderKind.allCases {
                nonNegative.append(("graderLatencySeconds.\(kind.rawValue)", graderLatencySeconds[kind]))
            }
            for (name, value) in positive where !(value.isFinite && value > 0) {
                throw .invalid("parameters.\(name)", "\(name) must be finite and > 0, got \(value)")
            }
            for (name, value) in nonNegative where !(value.isFinite && value >= 0) {
                throw .invalid("parameters.\(name)", "\(name) must be finite and ≥ 0, got \(value)")
            }
            guard graderConcurrency >= 1 else {
                throw .invalid("parameters.graderConcurrency", "graderConcurrency must be ≥ 1, got \(graderConcurrency)")
            }
        }
    }
}
