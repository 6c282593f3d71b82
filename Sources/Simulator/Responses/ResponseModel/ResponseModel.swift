public import Graders

/// A dataset's simulated answer space, graded: the ``ResponseTable`` the ``Trainer`` trains on,
/// plus what each row of it means (the answer's text, how it was made, the grader's full result).
///
/// Candidate `c` of ``candidates`` is flat candidate `c` of ``table`` (items in dataset order,
/// `table.candidates(of: item)` gives an item's range), so `candidates[c].result.reward ==
/// table.rewards[c]`. Built by ``ResponseModelBuilder``.
public struct ResponseModel: Sendable {
    /// Rewards, gold rewards, prior logits and features, ready for ``Trainer`` and ``Policy``.
    public let table: ResponseTable
    /// One entry per flat candidate of ``table``.
    public let candidates: [Candidate]
    /// The name of every feature column (``ResponseTable/featureCount`` names); see
    /// ``ResponseFeatures`` for their meaning.
    public let featureNames: [String]
    /// Each item's success probability under the base model (drawn from the difficulty Beta);
    /// see ``BasePrior``.
    public let itemSuccessProbabilities: [Double]
    /// How grading went: error shares and flags.
    public let report: GradingReport

    /// One candidate answer.
    public struct Candidate: Sendable, Hashable {
        /// The dataset item (prompt) the answer belongs to.
        public var item: Int
        /// The answer's text, as the grader saw it (`sample.output_text`).
        public var text: String
        /// How the answer was made.
        public var kind: CandidateKind
        /// The training grader's full result (reward, `sub_rewards` of a multi grader, error flags).
        public var result: GraderResult
        /// The gold grader's result, when a gold grader was given.
        public var goldResult: GraderResult?

        /// Creates a candidate.
        public init(item: Int, text: String, kind: CandidateKind, result: GraderResult, goldResult: GraderResult? = nil) {
            self.item = item
            self.text = text
            self.kind = kind
            self.result = result
            self.goldResult = goldResult
        }
    }

    /// The candidates of `item`.
    public func candidates(of item: Int) -> ArraySlice<Candidate> {
        candidates[table.candidates(of: item)]
    }

    /// The column of the feature named `name`, or `nil`.
    public func featureIndex(_ name: String) -> Int? {
        featureNames.firstIndex(of: name)
    }
}

/// How grading the answer space went.
public struct GradingReport: Sendable, Hashable {
    /// Answers graded by the training grader (each (item, distinct text) once).
    public var gradedCount: Int
    /// Answers whose training-grader result has any error flag set.
    public var erroredCount: Int
    /// How many answers raised each error flag, by the platform's flag name (`sample_parse_error`, …).
    public var errorsByFlag: [String: Int]
    /// Answers graded by the gold grader, and those of them with an error flag.
    public var goldGradedCount: Int
    public var goldErroredCount: Int
    /// Human-readable notes, e.g. that the grader errored on every answer.
    public var warnings: [String]

    /// The share of answers with a grader error, in [0, 1].
    public var erroredShare: Double {
        gradedCount == 0 ? 0 : Double(erroredCount) / Double(gradedCount)
    }

    /// Whether the training grader errored on every answer (every reward is then 0 and
    /// training has no signal).
    public var graderErroredOnEveryAnswer: Bool {
        gradedCount > 0 && erroredCount == gradedCount
    }

    /// An empty report.
    public init() {
        gradedCount = 0
        erroredCount = 0
        errorsByFlag = [:]
        goldGradedCount = 0
        goldErroredCount = 0
        warnings = []
    }
}
