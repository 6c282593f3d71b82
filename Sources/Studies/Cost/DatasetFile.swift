public import Foundation
public import Graders
public import Provider

/// A JSONL dataset read from disk and checked as the provider's `validating_files` step checks it
/// (`DatasetValidator`), with every problem located as `FILE:LINE`.
///
/// ```swift
/// let file = try DatasetFile.load(path: "train.jsonl", method: .supervised, role: .training)
/// for problem in file.problems { print(problem) }   // train.jsonl:7: messages[2].role is "bot"; allowed: …
/// file.exampleCount                                 // 120
/// ```
public struct DatasetFile: Sendable {
    /// One problem of the file, located by path and line.
    public struct Problem: Sendable, Hashable, Encodable, CustomStringConvertible {
        /// The file the problem is in, as it was named.
        public var file: String
        /// The 1-based line, or `nil` for a problem of the whole file (example count, encoding, …).
        public var line: Int?
        /// The JSON path of the offending value within the line (`messages[2].role`), when known.
        public var field: String?
        /// What is wrong and what is allowed, without the location.
        public var message: String

        /// Creates a problem.
        public init(file: String, line: Int?, field: String?, message: String) {
            self.file = file
            self.line = line
            self.field = field
            self.message = message
        }

        /// `FILE:LINE: message`, or `FILE: message` for a whole-file problem.
        public var description: String {
            line.map { "\(file):\($0): \(message)" } ?? "\(file): \(message)"
        }
    }

    /// The file's path, as given.
    public let path: String
    /// The validator's report.
    public let report: DatasetReport
    /// Whether the lines are the completions format (`{"prompt", "completion"}`).
    public let promptCompletion: Bool
    /// The listed problems, located (whole-file problems first, then by line).
    public let problems: [Problem]

    /// Checks a file's contents.
    ///
    /// - Parameters:
    ///   - path: The name used in problems (the file is not read).
    ///   - data: The file's bytes.
    ///   - method: The fine-tuning method, which decides each line's format.
    ///   - role: Whether it is the job's training or validation file.
    ///   - grader: The reinforcement grader, whose `{{item.…}}` reads every line must satisfy.
    ///   - promptCompletion: Whether supervised lines are the completions format (`{"prompt", "completion"}`).
    public init(path: String, data: Data, method: FineTuningMethod, role: DatasetRole, grader: Grader? = nil, promptCompletion: Bool = false) {
        self.path = path
        self.promptCompletion = promptCompletion
        var validator = DatasetValidator(method: method, role: role, grader: grader)
        validator.promptCompletion = promptCompletion
        report = validator.validate(data)
        problems = report.problems.map { problem in
            // The validator phrases line problems as "line N: …"; the location moves to the FILE:N: prefix.
            var message = problem.message
            if let line = problem.line, message.hasPrefix("line \(line): ") {
                message.removeFirst("line \(line): ".count)
            }
            return Problem(file: path, line: problem.line, field: problem.field, message: message)
        }
    }

    /// Reads and checks the file at `path`.
    ///
    /// - Throws: ``CostEstimateError`` `unreadableFile` naming the path when it cannot be read.
    public static func load(path: String, method: FineTuningMethod, role: DatasetRole, grader: Grader? = nil,
                            promptCompletion: Bool = false) throws(CostEstimateError) -> DatasetFile {
        DatasetFile(path: path, data: try read(path), method: method, role: role, grader: grader, promptCompletion: promptCompletion)
    }

    /// The lines that are JSON objects, in file order.
    public var examples: [JSONValue] { report.examples }
    /// The examples as the trainer reads them: completions-format lines as chat examples.
    public var trainedExamples: [JSONValue] {
        promptCompletion ? report.examples.map(DatasetValidator.chatExample(fromPromptCompletion:)) : report.examples
    }
    /// The file's examples (non-blank lines), valid or not.
    public var exampleCount: Int { report.exampleCount }
    /// Every problem, listed or not.
    public var problemCount: Int { report.problemCount }
    /// Whether the file has no problems.
    public var isValid: Bool { report.isValid }

    /// Throws unless the file is valid: a job on it would fail at `validating_files`.
    ///
    /// - Throws: ``CostEstimateError`` `invalidDataset` counting the problems and quoting the first three.
    public func requireValid() throws(CostEstimateError) {
        guard !isValid else { return }
        let shown = problems.prefix(3).map(\.description)
        let more = problemCount - shown.count
        let count = problemCount == 1 ? "1 problem" : "\(problemCount) problems"
        throw CostEstimateError(
            .invalidDataset,
            "\(path) is not a valid \(report.method.displayName) \(report.role.rawValue) file (\(count); a job on it would fail "
                + "at validating_files, before anything is billed): " + shown.joined(separator: "; ")
                + (more > 0 ? "; …and \(more) more" : ""))
    }

    /// The bytes of the file at `path`.
    ///
    /// - Throws: ``CostEstimateError`` `unreadableFile` naming the path and suggesting to check it.
    static func read(_ path: String) throws(CostEstimateError) -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CostEstimateError(.unreadableFile, "cannot read \(path): \((error as NSError).localizedDescription); check the path", cause: error)
        }
    }
}
