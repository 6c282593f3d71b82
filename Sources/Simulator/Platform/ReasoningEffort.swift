/// The reinforcement hyperparameter `reasoning_effort`: how long the model reasons per sample.
///
/// The platform's enum is `"default" | "low" | "medium" | "high"`, default `"default"`
/// (openai-finetuning-api.md §2.1, SPEC `FineTuneReinforcementHyperparameters`). What `"default"`
/// means is undocumented; RFTSim resolves it to ``medium`` (Azure's documented default and the
/// cookbook run's setting), see ``resolved``.
public enum ReasoningEffort: String, Sendable, Hashable, Codable, CaseIterable {
    /// `"default"`: the platform's choice (RFTSim: ``medium``).
    case `default`
    /// `"low"`: shorter reasoning.
    case low
    /// `"medium"`: the reference length.
    case medium
    /// `"high"`: longer reasoning.
    case high

    /// The effort a job runs with: ``default`` becomes ``medium``, the others are unchanged.
    public var resolved: ReasoningEffort {
        self == .default ? .medium : self
    }
}
