public import Provider

/// One row of a cost estimate: a job's charges under one price sheet, with or without data sharing.
public struct CostLine: Sendable, Hashable {
    /// The price sheet's name (`launch-2025`).
    public var sheet: String
    /// Whether the organisation shares its data (the job's `shared_with_openai`).
    public var dataSharing: Bool
    /// The training line: hours × the hourly price (reinforcement) or trained tokens × the price per
    /// 1M (supervised, DPO), after any data-sharing discount the sheet gives training.
    public var training: Charge
    /// One line per grader model (reinforcement with model graders), at its standard API rates.
    public var graderTokens: [Charge]
    /// What sharing takes off the tuned model's *inference* under this sheet (`current-2026`: 0.5 for
    /// o4-mini); not part of the job's cost, shown so the choice can be weighed.
    public var inferenceDiscount: Double
    /// The tuned model's inference for the stated volume (``CostEstimate/InferenceVolume``), at
    /// this sheet's fine-tuned rates with its data-sharing rule; `nil` when no volume was given.
    public var inference: Charge?

    /// Creates a row.
    public init(sheet: String, dataSharing: Bool, training: Charge, graderTokens: [Charge], inferenceDiscount: Double = 0) {
        self.sheet = sheet
        self.dataSharing = dataSharing
        self.training = training
        self.graderTokens = graderTokens
        self.inferenceDiscount = inferenceDiscount
    }

    /// The grader-token lines' sum, in USD.
    public var graderTokenAmount: Double { Self.cents(graderTokens.map(\.amount)) }
    /// What the job costs: training plus grader tokens, in USD.
    public var total: Double { Self.cents([training.amount] + graderTokens.map(\.amount)) }
    /// The job plus the stated inference volume, in USD ("does sharing pay for me"); ``total``
    /// when no volume was given.
    public var totalWithInference: Double { Self.cents([total] + (inference.map { [$0.amount] } ?? [])) }
    /// What it would cost without any discount, in USD.
    public var undiscountedTotal: Double { Self.cents([training.undiscountedAmount] + graderTokens.map(\.undiscountedAmount)) }

    /// Sums amounts that are whole cents without binary drift (0.1 + 0.2 is 0.3 here).
    static func cents(_ amounts: [Double]) -> Double {
        Double(amounts.reduce(0) { $0 + Int(($1 * 100).rounded()) }) / 100
    }
}
