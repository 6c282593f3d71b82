import Foundation

/// One step's supervised metrics, as the platform's metrics event `data` carries them
/// (openai-finetuning-api.md §5.1), Codable with its snake_case keys.
///
/// Accuracy (RFTSim's rule): a "mean token accuracy" in [0, 1]. With an answer space it is the
/// mean π(demo | item), the chance that the model's sampled answer is exactly the demonstration
/// (a proxy for token accuracy: an exact match gets every token right). Without one it is the
/// ``SupervisedLossCurve``'s monotone map of the loss.
///
/// `valid_*` is present when there is a validation set; `full_valid_*` only at an epoch's last step.
public struct SupervisedStepMetrics: Sendable, Hashable, Codable {
    /// The 1-based step.
    public var step: Int
    /// The job's total steps.
    public var totalSteps: Int
    /// Mean negative log-likelihood of the batch's demonstrations (before the step's update).
    public var trainLoss: Double
    /// Mean token accuracy of the batch, in [0, 1].
    public var trainMeanTokenAccuracy: Double
    /// Loss on this step's validation sample (after the update).
    public var validLoss: Double?
    /// Accuracy on this step's validation sample.
    public var validMeanTokenAccuracy: Double?
    /// Loss over the whole validation set (epoch ends only).
    public var fullValidLoss: Double?
    /// Accuracy over the whole validation set (epoch ends only).
    public var fullValidMeanTokenAccuracy: Double?

    /// Creates metrics.
    public init(step: Int, totalSteps: Int, trainLoss: Double, trainMeanTokenAccuracy: Double,
                validLoss: Double? = nil, validMeanTokenAccuracy: Double? = nil,
                fullValidLoss: Double? = nil, fullValidMeanTokenAccuracy: Double? = nil) {
        self.step = step
        self.totalSteps = totalSteps
        self.trainLoss = trainLoss
        self.trainMeanTokenAccuracy = trainMeanTokenAccuracy
        self.validLoss = validLoss
        self.validMeanTokenAccuracy = validMeanTokenAccuracy
        self.fullValidLoss = fullValidLoss
        self.fullValidMeanTokenAccuracy = fullValidMeanTokenAccuracy
    }

    enum CodingKeys: String, CodingKey {
        case step
        case totalSteps = "total_steps"
        case trainLoss = "train_loss"
        case trainMeanTokenAccuracy = "train_mean_token_accuracy"
        case validLoss = "valid_loss"
        case validMeanTokenAccuracy = "valid_mean_token_accuracy"
        case fullValidLoss = "full_valid_loss"
        case fullValidMeanTokenAccuracy = "full_valid_mean_token_accuracy"
    }

    /// The metrics event's message, losses to two decimals, absent parts left out:
    /// `Step 300/300: training loss=0.15, validation loss=0.27, full validation loss=0.40`.
    public var eventMessage: String {
        var text = "Step \(step)/\(totalSteps): training loss=\(Self.twoDecimals(trainLoss))"
        if let validLoss { text += ", validation loss=\(Self.twoDecimals(validLoss))" }
        if let fullValidLoss { text += ", full validation loss=\(Self.twoDecimals(fullValidLoss))" }
        return text
    }

    static func twoDecimals(_ value: Double) -> String {
        String(format: "%.2f", value)
    }
}
