extension TimingModel {
    /// Reasoning length per `reasoning_effort`, relative to medium (dimensionless).
    public struct ReasoningEffortFactors: Sendable, Hashable, Codable {
        /// The factor for `"low"`.
        public var low: Double
        /// The factor for `"medium"` (and `"default"`).
        public var medium: Double
        /// The factor for `"high"`.
        public var high: Double

        /// Creates factors.
        public init(low: Double, medium: Double, high: Double) {
            self.low = low
            self.medium = medium
            self.high = high
        }

        /// The factor for an effort; ``ReasoningEffort/default`` reads ``medium``.
        public subscript(effort: ReasoningEffort) -> Double {
            switch effort.resolved {
            case .low: low
            case .high: high
            case .medium, .default: medium
            }
        }
    }

    /// Seconds per grader call, per grader type.
    ///
    /// String checks and text similarity are local and negligible; a python grader runs a script
    /// (tens of milliseconds); model graders wait for a model call (seconds; the example's
    /// `score_model` on gpt-4o took 2.69 s per training call). A slower grader model (a reasoning
    /// model "may take 10x longer", §6.1) is a per-grader override,
    /// ``TimingModel/Grader/latencySeconds``.
    public struct GraderLatencies: Sendable, Hashable, Codable {
        /// `string_check` (seconds). Default 0.0001.
        public var stringCheck: Double
        /// `text_similarity` (seconds). Default 0.002.
        public var textSimilarity: Double
        /// `python` (seconds). Default 0.05.
        public var python: Double
        /// `score_model` (seconds). Default 2.69.
        public var scoreModel: Double
        /// `label_model` (seconds). Default 2.69, the same model call as `score_model`.
        public var labelModel: Double

        /// Creates latencies.
        public init(stringCheck: Double, textSimilarity: Double, python: Double, scoreModel: Double, labelModel: Double) {
            self.stringCheck = stringCheck
            self.textSimilarity = textSimilarity
            self.python = python
            self.scoreModel = scoreModel
            self.labelModel = labelModel
        }

        /// The latency of one call of a grader type (seconds).
        public subscript(kind: GraderKind) -> Double {
            switch kind {
            case .stringCheck: stringCheck
            case .textSimilarity: textSimilarity
            case .python: python
            case .scoreModel: scoreModel
            case .labelModel: labelModel
            }
        }
    }
}
