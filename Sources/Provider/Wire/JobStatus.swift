/// Where a fine-tuning job is in its lifecycle.
///
/// `validating_files → queued → running → succeeded | failed | cancelled`, plus `paused`
/// (from `running`; `resume` goes back to `queued`). `paused` is not in the spec's enum but
/// the platform returns it (openai-finetuning-api.md §1.7, §10 item 3).
///
/// The moves a client can make are in one table, ``after(_:)``; the clock makes the others
/// (validation ends, the queue empties, training ends or fails), laid out by `JobTimeline`.
public enum JobStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case validatingFiles = "validating_files"
    case queued
    case running
    case paused
    case succeeded
    case failed
    case cancelled

    /// Whether the job can change no more.
    public var isTerminal: Bool { self == .succeeded || self == .failed || self == .cancelled }

    /// The status `action` moves a job in this status to, or `nil` when the action is not allowed.
    ///
    /// | from | `pause` | `resume` | `cancel` |
    /// |---|---|---|---|
    /// | `validating_files`, `queued` | – | – | `cancelled` |
    /// | `running` | `paused` | – | `cancelled` |
    /// | `paused` | – | `queued` | `cancelled` |
    /// | `succeeded`, `failed`, `cancelled` | – | – | – |
    ///
    /// - Parameter action: The client's control action.
    /// - Returns: The status right after the action.
    public func after(_ action: JobAction) -> JobStatus? {
        switch (self, action) {
        case (.running, .pause): .paused
        case (.paused, .resume): .queued
        case (.validatingFiles, .cancel), (.queued, .cancel), (.running, .cancel), (.paused, .cancel): .cancelled
        default: nil
        }
    }
}

/// A control action a client takes on a job (`POST /v1/fine_tuning/jobs/{id}/{action}`).
public enum JobAction: String, Sendable, Hashable, CaseIterable {
    case pause
    case resume
    case cancel
}
