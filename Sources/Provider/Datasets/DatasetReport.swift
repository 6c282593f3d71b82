public import Graders

/// What ``DatasetValidator`` found in one file: the examples it could read and every problem.
///
/// Whole-file problems (encoding, example count, a grader reading a reserved key) come first,
/// then line problems in line order. Only the first ``DatasetLimits/maximumProblemsListed`` line
/// problems are listed; ``problemCount`` counts them all.
public struct DatasetReport: Sendable {
    /// Which file of the job this is.
    public var role: DatasetRole
    /// The method the file was checked for.
    public var method: FineTuningMethod
    /// The lines that parsed as JSON objects, in file order (whether or not they follow the method's format).
    public var examples: [JSONValue]
    /// The listed problems.
    public var problems: [DatasetProblem]
    /// How many problems there are in all, listed or not.
    public var problemCount: Int
    /// How many examples the file has: its non-blank lines, whether or not they are valid.
    public var exampleCount: Int
    /// The example-count problem, when the count is outside the limits (also in ``problems``).
    public var exampleCountProblem: DatasetProblem?

    /// Whether the file has no problems.
    public var isValid: Bool { problems.isEmpty }

    /// Creates a report; ``DatasetValidator/validate(_:)`` is the usual source.
    ///
    /// - Parameters:
    ///   - role: which file of the job this is.
    ///   - method: the method the file was checked for.
    ///   - examples: the lines that are JSON objects.
    ///   - problems: the listed problems.
    ///   - problemCount: all problems, listed or not; `problems.count` when `nil`.
    ///   - exampleCount: the file's examples; `examples.count` when `nil`.
    ///   - exampleCountProblem: the example-count problem, which makes ``jobError(fileID:)`` `invalid_n_examples`.
    public init(role: DatasetRole, method: FineTuningMethod, examples: [JSONValue], problems: [DatasetProblem],
                problemCount: Int? = nil, exampleCount: Int? = nil, exampleCountProblem: DatasetProblem? = nil) {
        self.role = role
        self.method = method
        self.examples = examples
        self.problems = problems
        self.problemCount = max(problemCount ?? problems.count, problems.count)
        self.exampleCount = exampleCount ?? examples.count
        self.exampleCountProblem = exampleCountProblem
    }

    /// The number of problems counted but not listed.
    public var unlistedProblemCount: Int { problemCount - problems.count }

    /// The job error the platform would set when this file fails the `validating_files` step, or
    /// `nil` when the file is valid.
    ///
    /// - An example count outside the limits gives `invalid_n_examples` with the platform's
    ///   wording, e.g. `Training file has 3 example(s), but must have at least 10 examples`
    ///   (seen in real job objects), whatever else is wrong.
    /// - Any other problem gives `invalid_training_file` or `invalid_validation_file` (codes seen
    ///   in community tooling; the platform's wording is not documented) with a message that names
    ///   the file, counts the problems and lists the listed ones, each with its line, ending with
    ///   "…and N more problems" when some were not listed:
    ///   `Training file file-abc has 25 problems: line 3: …; line 9: …; …and 5 more problems`.
    ///
    /// `param` is `training_file` or `validation_file`.
    ///
    /// - Parameter fileID: the uploaded file's id, e.g. `file-abc123`.
    /// - Returns: the error's `code`, `message` and `param`, or `nil`.
    public func jobError(fileID: String) -> (code: String, message: String, param: String)? {
        if let exampleCountProblem {
            return ("invalid_n_examples", exampleCountProblem.message, role.param)
        }
        guard !problems.isEmpty else { return nil }
        let code = role == .training ? "invalid_training_file" : "invalid_validation_file"
        var parts = problems.map(\.message)
        if unlistedProblemCount > 0 {
            parts.append("…and \(unlistedProblemCount) more \(unlistedProblemCount == 1 ? "problem" : "problems")")
        }
        let count = "\(problemCount) \(problemCount == 1 ? "problem" : "problems")"
        return (code, "\(role.fileNoun) \(fileID) has \(count): " + parts.joined(separator: "; "), role.param)
    }
}
