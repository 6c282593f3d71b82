/// The training price of one base model under a price sheet.
public struct TrainingPrice: Sendable, Hashable {
    /// What training is measured in.
    public enum Unit: String, Sendable, Hashable, CaseIterable {
        /// Hours of core training-loop time, prorated per second (RFT); `hour` in a sheet.
        case hour
        /// Millions of trained tokens, i.e. tokens in the file × epochs (SFT, DPO); `1M_training_tokens` in a sheet.
        case millionTrainingTokens = "1M_training_tokens"

        /// The unit as an invoice line names it.
        public var invoiceName: String {
            switch self {
            case .hour: "hour"
            case .millionTrainingTokens: "1M training tokens"
            }
        }
    }

    /// The methods this price covers (`[reinforcement]` for RFT, `[supervised, dpo]` for SFT models).
    public var methods: [FineTuningMethod]
    /// What `price` is per.
    public var unit: Unit
    /// USD per unit.
    public var price: Double

    /// Creates a training price.
    public init(methods: [FineTuningMethod], unit: Unit, price: Double) {
        self.methods = methods
        self.unit = unit
        self.price = price
    }
}
