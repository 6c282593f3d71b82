/// The type of a grader that makes calls, for timing: how long one grader call takes depends on
/// the type (``TimingModel/Parameters/graderLatencySeconds``).
///
/// These are `Grader.Kind` without `multi`, which makes no call of its own and is timed as its
/// components; ``TimingModel/Grader/components(of:name:)`` derives the list from a `Grader`.
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
}
