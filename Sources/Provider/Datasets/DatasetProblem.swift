/// One thing wrong with a dataset, phrased for the person who has to fix it.
///
/// ```
/// line 7: messages[2].role is "bot"; allowed: system, developer, user, assistant, tool
/// ```
public struct DatasetProblem: Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line, or `nil` for a problem of the whole file (example count, encoding, a
    /// grader reading a reserved key).
    public var line: Int?
    /// The JSON path of the offending value within the line (`messages[2].role`, `item.answer`),
    /// or `nil` when the line as a whole (or the file) is at fault.
    public var field: String?
    /// The full sentence, starting with `line N: ` for a line's problem: what is wrong, with
    /// which value, and what is allowed.
    public var message: String

    /// Creates a problem.
    public init(line: Int?, field: String?, message: String) {
        self.line = line
        self.field = field
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
