/// Why `rftsim calibrate` cannot calibrate: the message names the file (and line) or what to change.
public struct CalibrationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Hashable {
        /// The pilot file is neither metrics events nor a results CSV, or a line of it is malformed.
        case notPilot = "not_pilot"
        /// The pilot has too few steps (or too few of the values a fit needs).
        case tooFewSteps = "too_few_steps"
        /// The least-squares fit did not converge or gave values the model cannot take.
        case didNotConverge = "did_not_converge"
        /// The scenario cannot be simulated or the calibrated scenario cannot be written.
        case scenario
    }

    /// What went wrong.
    public let code: Code
    /// What went wrong and what to do, with the file and line where there is one.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
