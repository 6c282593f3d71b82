/// A failure of ``PythonGraderRunner`` itself, as opposed to a grading outcome.
///
/// Problems in a grader's code, and crashes of the worker while it grades, are not errors but
/// ``PythonGradeOutcome`` values. This error is thrown when no grading can happen at all: there
/// is no Python interpreter, no sandbox, the worker does not start, the caller passed something that is not
/// a JSON object, or the runner was shut down.
public struct PythonGraderRunnerError: Error, CustomStringConvertible {
    /// What kind of failure this is; more codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String {
            case pythonNotFound = "python not found"
            case workerStartFailed = "worker start failed"
            case sourceCheckFailed = "source check failed"
            case invalidInput = "invalid input"
            case shutDown = "shut down"
            case sandboxUnavailable = "sandbox unavailable"
        }

        private let value: Value

        private init(_ value: Value) {
            self.value = value
        }

        /// No interpreter at ``PythonGraderRunner/Configuration/executable``.
        public static let pythonNotFound = Code(.pythonNotFound)
        /// The interpreter was found, but the worker process did not start or did not answer.
        public static let workerStartFailed = Code(.workerStartFailed)
        /// The `python3` process that checks a source failed or did not answer.
        public static let sourceCheckFailed = Code(.sourceCheckFailed)
        /// `sampleJSON` or `itemJSON` is not the text of a JSON object.
        public static let invalidInput = Code(.invalidInput)
        /// The runner was shut down before or during the call.
        public static let shutDown = Code(.shutDown)
        /// The sandbox (bubblewrap) is missing or cannot run here, and the configuration did not
        /// opt out of it.
        public static let sandboxUnavailable = Code(.sandboxUnavailable)

        public var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    public let code: Code
    /// What failed, with which value, and what to do about it.
    public let message: String
    /// The underlying error, if any.
    public let cause: (any Error)?

    init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        guard let cause else { return message }
        return "\(message) (\(cause))"
    }
}
