/// An error from the simulator: an input it cannot use, or a request it cannot serve.
///
/// The message names the offending field, the value it had and what is allowed, so a caller can
/// show it to a user unchanged:
///
/// ```swift
/// do { _ = try ResponseTable.bandit(rewards: [1, 0], initialPolicy: [0.7, 0.2]) }
/// catch let error as SimulatorError {
///     error.field     // "initialPolicy"
///     error.message   // "initialPolicy must sum to 1 (within 1e-9); it sums to 0.9"
/// }
/// ```
public struct SimulatorError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The kind of failure. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidInput = "invalid input"
            case unsupported = "unsupported"
            case tooLarge = "too large"
            case numericalFailure = "numerical failure"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A value was outside its allowed domain or inconsistent with another; nothing ran.
        public static let invalidInput = Code(.invalidInput)
        /// The combination of options is valid but this computation does not support it.
        public static let unsupported = Code(.unsupported)
        /// The computation would exceed a size limit (e.g. too many group compositions).
        public static let tooLarge = Code(.tooLarge)
        /// A numerical routine (an ODE integration, a linear solve) failed.
        public static let numericalFailure = Code(.numericalFailure)

        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// The input field at fault (`"batchSize"`, `"initialPolicy"`, `"rewards[3]"`), when there is one.
    public let field: String?
    /// What is wrong and what is allowed, in a sentence for a user.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, field: String?, _ message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    static func invalid(_ field: String, _ message: String) -> SimulatorError {
        SimulatorError(.invalidInput, field: field, message)
    }

    public var description: String {
        if let field { return "\(code) (\(field)): \(message)" }
        return "\(code): \(message)"
    }
}
