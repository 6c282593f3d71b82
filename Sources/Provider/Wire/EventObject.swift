internal import Graders

/// A job event (`fine_tuning.job.event`): a message, or a step's metrics.
public struct EventObject: Sendable, Hashable, Encodable {
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

    private enum CodingKeys: String, CodingKey { case object, id, createdAt = "created_at", level, message, type, data }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("fine_tuning.job.event", forKey: .object)
        try c.encode(id, forKey: .id)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(level, forKey: .level)
        try c.encode(message, forKey: .message)
        try c.encode(type, forKey: .type)
        try c.encode(data, forKey: .data)
    }
}

/// A job checkpoint (`fine_tuning.job.checkpoint`), usable as a model.
public struct CheckpointObject: Sendable, Hashable, Encodable {
    public var id: String
    public var createdAt: Int
    /// `ft:…:ckpt-step-N`.
    public var fineTunedModelCheckpoint: String
    public var fineTuningJobID: String
    public var stepNumber: Int
    /// SFT: `full_valid_loss`, `full_valid_mean_token_accuracy`, …; RFT (undocumented on the
    /// platform): `train_reward_mean`, `valid_reward_mean`, plus `step`.
    public var metrics: [String: Double]

    private enum CodingKeys: String, CodingKey {
        case object, id, createdAt = "created_at", fineTunedModelCheckpoint = "fine_tuned_model_checkpoint"
        case fineTuningJobID = "fine_tuning_job_id", stepNumber = "step_number", metrics
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("fine_tuning.job.checkpoint", forKey: .object)
        try c.encode(id, forKey: .id)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(fineTunedModelCheckpoint, forKey: .fineTunedModelCheckpoint)
        try c.encode(fineTuningJobID, forKey: .fineTuningJobID)
        try c.encode(stepNumber, forKey: .stepNumber)
        try c.encode(metrics, forKey: .metrics)
    }
}

/// A permission for a project to use a checkpoint (`checkpoint.permission`).
public struct PermissionObject: Sendable, Hashable, Encodable {
    public var id: String
    public var createdAt: Int
    public var projectID: String

    private enum CodingKeys: String, CodingKey { case object, id, createdAt = "created_at", projectID = "project_id" }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("checkpoint.permission", forKey: .object)
        try c.encode(id, forKey: .id)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(projectID, forKey: .projectID)
    }
}

/// A model as `GET /v1/models` lists it.
public struct ModelObject: Sendable, Hashable, Encodable {
    public var id: String
    public var created: Int
    public var ownedBy: String

    private enum CodingKeys: String, CodingKey { case object, id, created, ownedBy = "owned_by" }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("model", forKey: .object)
        try c.encode(id, forKey: .id)
        try c.encode(created, forKey: .created)
        try c.encode(ownedBy, forKey: .ownedBy)
    }
}
