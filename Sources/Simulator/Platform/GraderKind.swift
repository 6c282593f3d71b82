/// A grader's `type` as the platform names it, for timing: how long one grader call takes
/// depends on the type (``TimingModel/Parameters/graderLatencySeconds``).
///
/// A `multi` grader is timed as its components: list each sub-grader in
/// ``TimingModel/Workload/graders``.
public enum GraderKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// `string_check`: a string comparison, negligible.
    case stringCheck = "string_check"
    /// `text_similarity`: fuzzy match, BLEU, ROUGE…, milliseconds.
    case textSimilarity = "text_similarity"
    /// `python`: a sandboxed script, tens of milliseconds.
    case python
    /// `score_model`: a call to a grader model, seconds.
    case scoreModel = "score_model"
    /// `label_model`: a call to a grader model, seconds.
    case labelModel = "label_model"

    /// Whether grading calls a model (and bills its tokens).
    public var callsModel: Bool {
        self == .scoreModel || self == .labelModel
    }
}
