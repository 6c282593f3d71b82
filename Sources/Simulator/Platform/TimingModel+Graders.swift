public import Graders

extension TimingModel.Grader {
    /// The graders the timing model sees for `grader`: a `multi` grader's components by sorted key
    /// (they run one after another per sample, each named by its key), else the grader itself.
    ///
    /// The one place a `Grader` becomes a timing grader; the switch is exhaustive, so a new grader
    /// type fails to compile here instead of being timed as another.
    ///
    /// - Parameters:
    ///   - grader: The job's grader.
    ///   - name: The name to report (default: the grader's own `name`).
    /// - Returns: One timing grader per grader that makes calls.
    public static func components(of grader: Graders.Grader, name: String? = nil) -> [TimingModel.Grader] {
        let kind: GraderKind
        switch grader {
        case .stringCheck: kind = .stringCheck
        case .textSimilarity: kind = .textSimilarity
        case .python: kind = .python
        case .scoreModel: kind = .scoreModel
        case .labelModel: kind = .labelModel
        case .multi(let multi):
            return multi.graders.keys.sorted().flatMap { components(of: multi.graders[$0]!, name: $0) }
        }
        return [TimingModel.Grader(name: name ?? grader.name, type: kind)]
    }
}
