public import Graders

/// One charge the platform issues for a job: on success, pause, cancel or failure, covering the
/// work captured since the previous one (openai-finetuning-api.md §6.1).
public struct BillingEvent: Sendable, Hashable, Encodable {
    /// What triggered it.
    public enum Kind: String, Sendable, Hashable, Encodable { case success, pause, cancel, failure }

    public var jobID: String
    /// Clock time of the event (Unix seconds).
    public var time: Int
    public var kind: Kind
    /// Core training seconds billed by this event (captured since the previous event).
    public var trainingSeconds: Double
    /// Training seconds done but lost (after the last checkpoint of a failed job): not billed.
    public var lostSeconds: Double
    /// SFT/DPO: training tokens billed by this event.
    public var trainedTokens: Int?
    /// Model-grader tokens billed by this event, by grader model.
    public var graderTokens: [String: TokenUsage]
    /// The invoice lines: training first, then one per grader model.
    public var charges: [Charge]
    /// The training line's amount, USD.
    public var trainingAmount: Double
    /// The grader-token lines' amount, USD.
    public var graderAmount: Double
    /// Sum of the lines, USD.
    public var amount: Double
    /// What the lines would sum to without the data-sharing discount.
    public var undiscountedAmount: Double

    private enum CodingKeys: String, CodingKey {
        case jobID = "job_id", time, kind, trainingSeconds = "training_seconds", lostSeconds = "lost_seconds"
        case trainedTokens = "trained_tokens", graderTokens = "grader_tokens", charges, trainingAmount = "training_amount"
        case graderAmount = "grader_amount", amount
        case undiscountedAmount = "undiscounted_amount"
    }
}

/// The itemised bill: every billing event so far and the totals.
public struct BillingReport: Sendable, Hashable, Encodable {
    /// The price sheet's name.
    public var priceSheet: String
    public var events: [BillingEvent]
    /// Chat completions and responses: one line per model billed (base models at the standard
    /// list price, fine-tuned models at the fine-tuned inference price with the data-sharing rule).
    public var inference: [InferenceCharge] = []
    /// USD.
    public var total: Double
    /// USD without data-sharing discounts.
    public var totalWithoutDataSharing: Double

    private enum CodingKeys: String, CodingKey {
        case object, priceSheet = "price_sheet", events, inference, total, totalWithoutDataSharing = "total_without_data_sharing"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("rftsim.billing", forKey: .object)
        try c.encode(priceSheet, forKey: .priceSheet)
        try c.encode(events, forKey: .events)
        try c.encode(inference, forKey: .inference)
        try c.encode(total, forKey: .total)
        try c.encode(totalWithoutDataSharing, forKey: .totalWithoutDataSharing)
    }
}

/// The inference of one model (base or fine-tuned) by one key, billed as one line.
public struct InferenceCharge: Sendable, Hashable, Encodable {
    /// The model billed: a base model's snapshot id, or the base model a tuned model was tuned from.
    public var model: String
    /// Whether fine-tuned models answered (fine-tuned inference prices).
    public var fineTuned: Bool
    public var requests: Int
    public var usage: TokenUsage
    /// The invoice line.
    public var charge: Charge

    private enum CodingKeys: String, CodingKey {
        case model, fineTuned = "fine_tuned", requests, usage, charge
    }
}
