/// How many examples a dataset may have, and how many problems a report lists.
///
/// ``platform`` holds the documented numbers:
/// - at least 10 training examples ("The minimum number of examples you can provide for
///   fine-tuning is 10", supervised fine-tuning guide; the RFT guide states no minimum of its own,
///   so the same 10 applies to every method);
/// - at most 50,000 training examples (RFT guide; applied to supervised and DPO too, which
///   document no maximum);
/// - at most 1,000 validation examples for reinforcement fine-tuning ("Test datasets can contain
///   a maximum of 1,000 examples", RFT guide). Supervised and DPO validation files are bounded by
///   ``maximumTrainingExamples`` instead, since the platform documents no separate limit for them.
///
/// A validation file needs at least one example; that minimum is fixed.
public struct DatasetLimits: Sendable, Hashable {
    /// The fewest examples a training file may have.
    public var minimumExamples: Int
    /// The most examples a training file may have (and a supervised or DPO validation file).
    public var maximumTrainingExamples: Int
    /// The most examples a reinforcement validation file may have.
    public var maximumValidationExamples: Int
    /// How many per-line problems a report lists; later ones are counted, not listed.
    public var maximumProblemsListed: Int

    /// Creates limits; see ``platform`` for the documented values.
    ///
    /// - Parameters:
    ///   - minimumExamples: the fewest examples a training file may have.
    ///   - maximumTrainingExamples: the most examples a training file (and a supervised or DPO
    ///     validation file) may have.
    ///   - maximumValidationExamples: the most examples a reinforcement validation file may have.
    ///   - maximumProblemsListed: how many line problems a report lists.
    public init(minimumExamples: Int, maximumTrainingExamples: Int, maximumValidationExamples: Int,
                maximumProblemsListed: Int) {
        self.minimumExamples = minimumExamples
        self.maximumTrainingExamples = maximumTrainingExamples
        self.maximumValidationExamples = maximumValidationExamples
        self.maximumProblemsListed = maximumProblemsListed
    }

    /// The platform's documented limits: 10 to 50,000 training examples, at most 1,000
    /// reinforcement validation examples, and 20 problems listed.
    public static let platform = DatasetLimits(
        minimumExamples: 10, maximumTrainingExamples: 50_000, maximumValidationExamples: 1_000,
        maximumProblemsListed: 20)

    /// The allowed example counts of a file with `role` for `method`.
    func allowedCounts(role: DatasetRole, method: FineTuningMethod) -> ClosedRange<Int> {
        switch (role, method) {
        case (.training, _): minimumExamples...max(minimumExamples, maximumTrainingExamples)
        case (.validation, .reinforcement): 1...max(1, maximumValidationExamples)
        case (.validation, _): 1...max(1, maximumTrainingExamples)
        }
    }
}
