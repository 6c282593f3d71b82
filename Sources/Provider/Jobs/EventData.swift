public import Graders
public import Simulator

/// The `data` of a job event: nothing, `{}`, or a step's metrics in the RFT or SFT shape.
public enum EventData: Sendable, Hashable, Encodable {
    /// `null`, as the platform sends for "Fine-tuning job started".
    case none
    /// `{}`, as the platform sends for most messages.
    case empty
    /// Other fields (e.g. the step of a checkpoint).
    case object([String: JSONValue])
    /// An RFT metrics event's `data` (openai-finetuning-api.md §5.1).
    case reinforcement(RFTMetricsEventData)
    /// An SFT metrics event's `data`.
    case supervised(SupervisedStepMetrics)

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .none:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .empty:
            var container = encoder.singleValueContainer()
            try container.encode([String: JSONValue]())
        case .object(let members):
            var container = encoder.singleValueContainer()
            try container.encode(members)
        case .reinforcement(let data): try data.encode(to: encoder)
        case .supervised(let data): try data.encode(to: encoder)
        }
    }
}
