/// A fine-tuning method, as `method.type` of a job names it.
///
/// The raw values are the platform's spellings, so a method decodes from and encodes to the
/// job's JSON unchanged.
public enum FineTuningMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// Supervised fine-tuning on demonstrations (`"supervised"`); billed per training token.
    case supervised
    /// Direct preference optimisation on preferred/non-preferred pairs (`"dpo"`); billed per training token.
    case dpo
    /// Reinforcement fine-tuning against a grader (`"reinforcement"`); billed per hour of training.
    case reinforcement

    /// The method's name in prose ("supervised", "DPO", "reinforcement").
    public var displayName: String {
        switch self {
        case .supervised: "supervised"
        case .dpo: "DPO"
        case .reinforcement: "reinforcement"
        }
    }
}
