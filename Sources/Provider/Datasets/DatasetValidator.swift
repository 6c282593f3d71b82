public import Foundation
public import Graders

/// Checks a JSONL fine-tuning file the way the provider's `validating_files` step does, and
/// reports every problem with its line.
///
/// ```swift
/// let validator = DatasetValidator(method: .reinforcement, role: .training, grader: grader)
/// let report = validator.validate(try Data(contentsOf: url))
/// for problem in report.problems { print(problem) }
/// // line 7: the grader reads {{item.answer}} but this line has no "answer" (its item keys: compliant, explanation)
/// if let error = report.jobError(fileID: "file-abc") { … }   // the failed job's `error`
/// ```
///
/// The file as a whole (the platform says only "JSONL, one complete JSON object per line"; the
/// rest are our choices, made as a careful tool would):
/// - It must be UTF-8. The first ill-formed byte is reported with its byte offset, line and
///   column, as one whole-file problem that also counts the affected lines; those lines are not
///   checked further. A leading byte order mark is skipped.
/// - Lines end with `\n` or `\r\n`. Blank lines (only spaces, tabs or `\r`) at the end of the file
///   are ignored; a blank line before the last example is a problem naming its line.
/// - Each line is one JSON value (strict RFC 8259, see `JSONLineParser`) that is an object; a
///   syntax error gives its column and quotes at most 60 characters around it; a non-object says
///   what it is instead.
/// - The example count is the number of non-blank lines before the end, valid or not. A training
///   file needs `minimumExamples`…`maximumTrainingExamples`, a validation file 1…
///   `maximumValidationExamples` (reinforcement) or 1…`maximumTrainingExamples` (other methods);
///   see ``DatasetLimits``. A count outside is reported in the platform's words
///   (`Training file has 3 example(s), but must have at least 10 examples`).
///
/// Each line that is an object is then checked for the method (one problem per fault, every
/// fault reported): see `SupervisedExampleRules`, `PreferenceExampleRules`,
/// `ReinforcementExampleRules`, `MessageRules` and `ToolRules`. Unknown top-level keys are
/// ignored (for reinforcement they are the item). A grader is only used for `.reinforcement`;
/// when it reads `{{item.messages…}}` or `{{item.tools…}}`, which are the prompt and not part
/// of the item (the platform answers `invalid_variable_error`), that is one whole-file problem.
///
/// - Complexity: O(n) in the file's size. A 10,000-line reinforcement file of 300-byte lines
///   takes well under half a second in a debug build; a grader's item paths are collected once.
public struct DatasetValidator: Sendable {
    /// The method the file is checked for.
    public let method: FineTuningMethod
    /// Which file of the job it is.
    public let role: DatasetRole
    /// The job's grader (reinforcement only), whose `{{item.…}}` reads each line must satisfy.
    public let grader: Grader?
    /// The example-count limits and the number of problems listed.
    public let limits: DatasetLimits
    private let references: GraderItemReferences?
    /// The job's model and whether it takes images (vision fine-tuning), for supervised and
    /// preference examples with image parts; `nil`: image parts are not checked against a model.
    public var imageModel: (name: String, takesImages: Bool)?
    /// Whether supervised lines are the completions format (`{"prompt", "completion"}`, the
    /// completions models babbage-002 and davinci-002) instead of chat messages.
    public var promptCompletion = false

    /// Creates a validator.
    ///
    /// - Parameters:
    ///   - method: the fine-tuning method, which decides each line's format.
    ///   - role: whether the file is the job's training or validation file.
    ///   - grader: the reinforcement grader; ignored for other methods.
    ///   - limits: the example-count limits; the platform's by default.
    public init(method: FineTuningMethod, role: DatasetRole, grader: Grader? = nil, limits: DatasetLimits = .platform) {
        self.method = method
        self.role = role
        self.grader = grader
        self.limits = limits
        references = method == .reinforcement ? grader.map(GraderItemReferences.init) : nil
    }

    /// A completions-format line (`{"prompt", "completion"}`) as the chat example it trains as: the
    /// prompt as the user's message, the completion as the assistant's; any other line unchanged.
    ///
    /// - Parameter line: A line of a file validated with ``promptCompletion`` on.
    /// - Returns: `{"messages": [user, assistant]}`.
    public static func chatExample(fromPromptCompletion line: JSONValue) -> JSONValue {
        PromptCompletionExampleRules.chatExample(line)
    }

    /// Validates the file's bytes.
    ///
    /// - Parameter data: the uploaded file.
    /// - Returns: the examples that are JSON objects and every problem (the first
    ///   `limits.maximumProblemsListed` line problems listed, all counted).
    public func validate(_ data: Data) -> DatasetReport {
        var scan = FileScan(limit: limits.maximumProblemsListed)
        data.withUnsafeBytes { raw in
            scan.run(raw.bindMemory(to: UInt8.self)) { line, problems in check(line, into: &problems) }
        }
        var problems = scan.problems
        if let encoding = scan.encodingProblem { problems.addFile(encoding) }
        var countProblem: DatasetProblem?
        let allowed = limits.allowedCounts(role: role, method: method)
        if !allowed.contains(scan.exampleCount) {
            let bound = scan.exampleCount < allowed.lowerBound
                ? "at least \(allowed.lowerBound)" : "at most \(allowed.upperBound)"
            let noun = (scan.exampleCount < allowed.lowerBound ? allowed.lowerBound : allowed.upperBound) == 1 ? "example" : "examples"
            let message = "\(role.fileNoun) has \(scan.exampleCount) example(s), but must have \(bound) \(noun)"
            problems.addFile(message)
            countProblem = DatasetProblem(line: nil, field: nil, message: message)
        }
        for variable in references?.reservedReads ?? [] {
            problems.addFile("the grader reads {{\(variable.text)}}, but messages and tools are the prompt, not part of the item (every other key of a line is); the platform rejects this with invalid_variable_error", field: variable.text)
        }
        return DatasetReport(role: role, method: method, examples: scan.examples, problems: problems.problems,
                             problemCount: problems.count, exampleCount: scan.exampleCount,
                             exampleCountProblem: countProblem)
    }

    private func check(_ line: [String: JSONValue], into problems: inout ProblemCollector) {
        switch method {
        case .supervised where promptCompletion:
            PromptCompletionExampleRules.check(line, into: &problems)
        case .supervised:
            SupervisedExampleRules.check(line, into: &problems)
            ImageRules(model: imageModel).check(line, into: &problems)
        case .dpo:
            PreferenceExampleRules.check(line, into: &problems)
            ImageRules(model: imageModel).check(line, into: &problems)
        case .reinforcement: ReinforcementExampleRules(references: references).check(line, into: &problems)
        }
    }
}
