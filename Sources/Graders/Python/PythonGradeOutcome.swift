/// What one call of a python grader's `grade(sample, item)` produced.
///
/// The platform's rule is that `grade` returns a float, and that "any other result (exception,
/// invalid float value, etc.) will be marked as invalid and return a 0 grade"; ``grade`` applies
/// it. The two error cases match the error counters in a grader result's metadata:
/// `python_grader_runtime_error` (with `python_grader_runtime_error_details`) for problems in the
/// user's code, and `python_grader_server_error` (with `python_grader_server_error_type`) for
/// failures of the sandbox itself.
///
/// How results are classified:
/// - A `numbers.Real` (float, int, numpy scalars, `Fraction`) whose `float()` is finite is a
///   ``score(_:)``, unclamped: ranges are the grader evaluator's business. A `bool` is an `int` in
///   Python and `float(True)` is `1.0`, so `True` scores 1 and `False` scores 0.
/// - An exception raised by `grade`, by compiling or executing the source, a missing `grade`, a
///   `grade` that cannot be called with two arguments, a non-numeric, NaN or infinite result
///   (details `grade returned <repr>, not a finite float`), exceeding the wall-time limit
///   (`grade timed out after N s`) or the CPU time limit: ``runtimeError(details:)`` with the
///   Python traceback (the worker's own frames removed) and whatever the call printed.
/// - The worker running out of memory, dying, or breaking the protocol:
///   ``serverError(type:details:)`` with one of the ``ServerErrorType`` strings.
public enum PythonGradeOutcome: Sendable, Equatable {
    /// `grade` returned this finite number.
    case score(Double)
    /// The user's code failed; `details` is the traceback or a sentence saying what was wrong.
    case runtimeError(details: String)
    /// The sandbox failed; `type` is one of the ``ServerErrorType`` strings.
    case serverError(type: String, details: String)

    /// The values of `python_grader_server_error_type` that the runner reports.
    public enum ServerErrorType {
        /// `grade` (or the source's top-level code) raised `MemoryError` under the memory limit.
        public static let memoryLimit = "memory_limit"
        /// The worker process exited or was killed by a signal while grading.
        public static let workerCrashed = "worker_crashed"
        /// The worker answered something the runner could not understand.
        public static let protocolError = "protocol_error"
    }

    /// The reward this outcome stands for: the score, or 0 for an invalid result.
    public var grade: Double {
        if case .score(let value) = self { value } else { 0 }
    }
}
