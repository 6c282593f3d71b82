/// A model checkpoint made at the end of an epoch (openai-finetuning-api.md §5.2: "a full model
/// checkpoint … at the end of each training epoch"; only the last three are kept).
public struct SupervisedCheckpoint: Sendable, Hashable {
    /// How many checkpoints a job keeps: the platform keeps those of the last three epochs.
    public static let retained = 3

    /// The 1-based epoch the checkpoint ends.
    public var epoch: Int
    /// The 1-based step it was made at (`step_number`).
    public var step: Int
    /// The step's metrics (with `full_valid_*` when there is a validation set).
    public var metrics: SupervisedStepMetrics
    /// θ at the checkpoint; `nil` for the no-answer-space curve, which has no policy.
    public var parameters: [Double]?

    /// Creates a checkpoint.
    public init(epoch: Int, step: Int, metrics: SupervisedStepMetrics, parameters: [Double]?) {
        self.epoch = epoch
        self.step = step
        self.metrics = metrics
        self.parameters = parameters
    }

    /// The model name the platform gives a checkpoint: `<fineTunedModel>:ckpt-step-<step>`.
    public func modelName(fineTunedModel: String) -> String {
        "\(fineTunedModel):ckpt-step-\(step)"
    }

    /// Appends `checkpoint`, dropping the oldest so at most ``retained`` remain.
    static func keep(_ checkpoint: SupervisedCheckpoint, in list: inout [SupervisedCheckpoint]) {
        list.append(checkpoint)
        if list.count > retained { list.removeFirst(list.count - retained) }
    }
}
