/// What sharing training data with OpenAI earns an organisation, under one price sheet.
///
/// The two sources disagree (reference §10 item 12): the launch announcement halved RFT
/// *training*; the current documentation keeps training at $100/h and halves *inference* of the
/// tuned model. A sheet says which it follows; the models it applies to are
/// ``PriceSheet/dataSharingModels``.
public enum DataSharingRule: Sendable, Hashable {
    /// Sharing changes nothing.
    case none
    /// Sharing takes this fraction off the training charge of the listed base models
    /// (`launch-2025`: 0.5 off RFT training, $50/h instead of $100/h).
    case trainingDiscount(Double)
    /// Sharing takes this fraction off the inference of models tuned from the listed base models;
    /// training is full price (`current-2026`: o4-mini FT inference $2/$0.50/$8 instead of $4/$1/$16).
    case inferenceDiscount(Double)

    /// The fraction off training, 0 when the rule discounts something else.
    public var trainingFraction: Double {
        if case .trainingDiscount(let fraction) = self { return fraction }
        return 0
    }

    /// The fraction off fine-tuned-model inference, 0 when the rule discounts something else.
    public var inferenceFraction: Double {
        if case .inferenceDiscount(let fraction) = self { return fraction }
        return 0
    }

    /// The rule names a sheet file may use.
    enum Name: String, CaseIterable {
        case none
        case trainingDiscount = "training_discount"
        case inferenceDiscount = "inference_discount"
    }
}
