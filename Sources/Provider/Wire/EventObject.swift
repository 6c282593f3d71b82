internal import Graders

/// A job event (`fine_tuning.job.event`): a message, or a step's metrics.
public struct EventObject: WireObject {
    /// `info`, `warn` or `error`.
    public enum Level: String, Sendable, Hashable, Encodable { case info, warn, error }

    public var id: String
    public var createdAt: Int
    public var level: Level
    public var message: String
    /// `message` or `metrics`.
    public var type: String
    /// The metrics `data` (RFT or SFT shape), `{}` for most messages.
    public var data: EventData
}

/// A job checkpoint (`fine_tuning.job.checkpoint`), usable as a model.
public struct CheckpointObject: WireObject {
    public var id: String
    public var createdAt: Int
    /// `ft:…:ckpt-step-N`.
    public var fineTunedModelCheckpoint: String
    public var fineTuningJobID: String
    public var stepNumber: Int
    /// SFT: `full_valid_loss`, `full_valid_mean_token_accuracy`, …; RFT (undocumented on the
    /// platform): `train_reward_mean`, `valid_reward_mean`, plus `step`.
    public var metrics: [String: Double]
}

/// A permission for a project to use a checkpoint (`checkpoint.permission`).
public struct PermissionObject: WireObject {
    public var id: String
    public var createdAt: Int
    public var projectID: String
}

/// A model as `GET /v1/models` lists it.
public struct ModelObject: WireObject {
    public var id: String
    public var created: Int
    public var ownedBy: String
}
