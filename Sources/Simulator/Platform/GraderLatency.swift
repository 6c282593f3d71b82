/// One grader's mean call latency, as the RFT metrics event's `timing.graders[]` reports it.
public struct GraderLatency: Sendable, Hashable, Codable {
    /// The grader's `name`.
    public var name: String
    /// The grader's `type`.
    public var type: GraderKind
    /// `train_execution_latency_mean`: seconds per call while grading training samples.
    public var trainExecutionLatencyMean: Double
    /// `valid_execution_latency_mean`: seconds per call while grading validation samples.
    public var validExecutionLatencyMean: Double

    /// Creates a latency record.
    public init(name: String, type: GraderKind, trainExecutionLatencyMean: Double, validExecutionLatencyMean: Double) {
        self.name = name
        self.type = type
        self.trainExecutionLatencyMean = trainExecutionLatencyMean
        self.validExecutionLatencyMean = validExecutionLatencyMean
    }

    /// The platform's JSON keys.
    enum CodingKeys: String, CodingKey {
        case name, type
        case trainExecutionLatencyMean = "train_execution_latency_mean"
        case validExecutionLatencyMean = "valid_execution_latency_mean"
    }
}
