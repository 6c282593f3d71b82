/// Why a cost estimate (or a dataset check) could not be made, in words the user can act on.
///
/// The message names the value at fault and what is allowed, e.g.
///
/// ```
/// model "gpt-5" is not available for fine-tuning or does not exist; models that take supervised fine-tuning: gpt-4.1-2025-04-14, …
/// cannot read data/train.jsonl: The file “train.jsonl” couldn’t be opened because there is no such file.; check the path
/// ```
public struct CostEstimateError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The kind of failure. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unknownModel = "unknown model"
            case unsupportedMethod = "unsupported method"
            case unreadableFile = "unreadable file"
            case invalidDataset = "invalid dataset"
            case invalidGrader = "invalid grader"
            case missingInput = "missing input"
            case invalidHyperparameters = "invalid hyperparameters"
            case notPriced = "not priced"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The model is not in the catalogue, or takes no fine-tuning.
        public static let unknownModel = Code(.unknownModel)
        /// The model is tunable, but not with the asked method.
        public static let unsupportedMethod = Code(.unsupportedMethod)
        /// A dataset, grader or hyperparameters file cannot be read.
        public static let unreadableFile = Code(.unreadableFile)
        /// A dataset has problems: the provider would fail the job at `validating_files`.
        public static let invalidDataset = Code(.invalidDataset)
        /// The grader does not decode or breaks a rule of `graders/validate`.
        public static let invalidGrader = Code(.invalidGrader)
        /// Something the method needs is absent (a grader or validation file for reinforcement).
        public static let missingInput = Code(.missingInput)
        /// A hyperparameter is unknown, of the wrong type, or out of range.
        public static let invalidHyperparameters = Code(.invalidHyperparameters)
        /// A price sheet has no price for the model, method or grader model.
        public static let notPriced = Code(.notPriced)

        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// What is wrong, with which value, and what to do.
    public let message: String
    /// The underlying error, when there is one (a `PriceSheetError`, a `SimulatorError`, …).
    public let cause: (any Error & Sendable)?

    /// Creates an error.
    public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { message }

    /// Equal when the code and the message are (the cause is not compared).
    public static func == (lhs: CostEstimateError, rhs: CostEstimateError) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
    }
}
