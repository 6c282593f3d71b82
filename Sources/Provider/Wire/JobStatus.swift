/// Where a fine-tuning job is in its lifecycle.
///
/// `validating_files → queued → running → succeeded | failed | cancelled`, plus `paused`
/// (from `running`; `resume` goes back to `queued`). `paused` is not in the spec's enum but
/// the platform returns it (openai-finetuning-api.md §1.7, §10 item 3).
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
}
