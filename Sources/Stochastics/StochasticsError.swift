/// An error from the stochastics core: an argument out of its domain, or a GSL routine that failed.
///
/// The message says what was being done, with which values, and what is allowed, so that a
/// caller can show it to a user unchanged.
public struct StochasticsError: Error, CustomStringConvertible, Sendable {
    /// The kind of failure. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidArgument = "invalid argument"
            case numericalFailure = "numerical failure"
            case didNotConverge = "did not converge"
            case callbackFailed = "callback failed"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// An argument was outside its documented domain; nothing was computed.
        public static let invalidArgument = Code(.invalidArgument)
        /// A GSL routine reported an error status.
        public static let numericalFailure = Code(.numericalFailure)
        /// An iterative method stopped before meeting its tolerances.
        public static let didNotConverge = Code(.didNotConverge)
        /// A closure supplied by the caller threw; its error is the `cause`.
        public static let callbackFailed = Code(.callbackFailed)

        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// What failed and why, in a sentence for a user.
    public let message: String
    /// The GSL status code (`Int32(GSL_EMAXITER)`, …) when a GSL routine failed.
    public let gslStatus: Int32?
    /// The caller's error when a supplied closure threw.
    public let cause: (any Error)?

    init(_ code: Code, _ message: String, gslStatus: Int32? = nil, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.gslStatus = gslStatus
        self.cause = cause
    }

    public var description: String {
        var text = "\(code): \(message)"
        if let cause { text += " (caused by: \(cause))" }
        return text
    }
}
