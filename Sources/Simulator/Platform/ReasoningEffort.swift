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

    /// How much the effort moves the base model's per-item success probability, in logits.
    ///
    /// Medium is 0. The values are the mean of two published low/medium/high results of o3-mini (OpenAI,
    /// "OpenAI o3-mini", 2025-01-31): AIME 2024 60.0/79.6/87.3 % (logit shifts −0.96, +0.57) and
    /// GPQA Diamond 70.6/76.8/79.7 % (−0.32, +0.17): low −0.64, high +0.37 (docs/DYNAMICS.md).
    public var successLogitShift: Double {
        switch resolved {
        case .low: -0.64
        case .high: 0.37
        default: 0
        }
    }
}
