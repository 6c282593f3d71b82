public import Provider
public import Foundation
internal import Graders

/// What `rftsim validate` reports: a dataset checked exactly as the provider's `validating_files`
/// step checks it, together with the grader it is meant for.
///
/// ```swift
/// let check = await DatasetCheck.run(path: "train.jsonl", method: .reinforcement, role: .training, graderPath: "grader.json")
/// print(check.text)
/// // train.jsonl:7: the grader reads {{item.answer}} but this line has no "answer" (its item keys: …)
/// // train.jsonl: invalid reinforcement training file: 1 problem in 120 examples; a job would fail with invalid_training_file
/// ```
///
/// A grader that does not load is listed first, with its path and its own JSON path; the dataset is
/// then checked without it (its `{{item.…}}` reads cannot be checked). A dataset that cannot be
/// read is one whole-file problem.
public struct DatasetCheck: Sendable {
    /// The dataset, as named.
    public let path: String
    /// The method the file was checked for.
    public let method: FineTuningMethod
    /// Which file of the job it is.
    public let role: DatasetRole
    /// The grader file, when one was given.
    public let graderPath: String?
    /// The grader's problems, each as `GRADER-PATH: JSON-PATH: message`.
    public let graderProblems: [String]
    /// The checked dataset, or `nil` when it could not be read.
    public let dataset: DatasetFile?
    /// Why the dataset could not be read, when it could not.
    public let readProblem: String?

    /// Checks the dataset at `path` (and the grader at `graderPath`).
    ///
    /// - Parameters:
    ///   - path: The JSONL file.
    ///   - method: The fine-tuning method, which decides each line's format.
    ///   - role: Whether it is the job's training or validation file (the example-count limits differ).
    ///   - graderPath: The reinforcement grader's JSON file; its `{{item.…}}` reads are checked on every line.
    /// - Returns: Every problem found; ``isValid`` when there are none.
    public static func run(path: String, method: FineTuningMethod, role: DatasetRole, graderPath: String? = nil) async -> DatasetCheck {
        var grader: Graders.Grader?
        var graderProblems: [String] = []
        if let graderPath {
            (grader, graderProblems) = await GraderDefinitionFile.check(path: graderPath)
        }
        do {
            let dataset = try DatasetFile.load(path: path, method: method, role: role, grader: grader)
            return DatasetCheck(path: path, method: method, role: role, graderPath: graderPath, graderProblems: graderProblems,
                                dataset: dataset, readProblem: nil)
        } catch {
            return DatasetCheck(path: path, method: method, role: role, graderPath: graderPath, graderProblems: graderProblems,
                                dataset: nil, readProblem: error.message)
        }
    }

    /// Whether neither the dataset nor the grader has a problem.
    public var isValid: Bool { graderProblems.isEmpty && readProblem == nil && (dataset?.isValid ?? false) }

    /// Every problem, counted whether listed or not.
    public var problemCount: Int {
        graderProblems.count + (readProblem == nil ? 0 : 1) + (dataset?.problemCount ?? 0)
    }

    /// The dataset's examples (its non-blank lines), 0 when it could not be read.
    public var exampleCount: Int { dataset?.exampleCount ?? 0 }

    /// The report as text: one line per problem (grader first, then `FILE:LINE: …`), a note when
    /// some were not listed, and a one-line verdict with the example count.
    public var text: String {
        var lines = graderProblems
        if let readProblem { lines.append(readProblem) }
        if let dataset {
            lines += dataset.problems.map(\.description)
            let unlisted = dataset.report.unlistedProblemCount
            if unlisted > 0 {
                lines.append("\(path): …and \(unlisted) more \(unlisted == 1 ? "problem" : "problems") not listed (the validator lists the first \(dataset.report.problems.count))")
            }
        }
        lines.append(verdict)
        return lines.joined(separator: "\n")
    }

    /// The last line of ``text``: valid or not, with the example count.
    public var verdict: String {
        let kind = "\(method.displayName) \(role.rawValue) file"
        let examples = exampleCount == 1 ? "1 example" : "\(exampleCount) examples"
        if isValid { return "\(path): valid \(kind): \(examples)" }
        let count = problemCount == 1 ? "1 problem" : "\(problemCount) problems"
        var verdict = "\(path): invalid \(kind): \(count)"
        if let dataset {
            verdict += " in \(examples)"
            if let error = dataset.report.jobError(fileID: path) { verdict += "; a job would fail with \(error.code)" }
        }
        return verdict
    }

    /// The report as one JSON object (sorted keys): `file`, `method`, `role`, `grader_file`, `valid`,
    /// `examples`, `problem_count`, `problems` (`file`, `line`, `field`, `message`; listed ones only),
    /// `unlisted_problems`, `grader_problems`, `read_problem` and `job_error` (`code`, `message`,
    /// `param`: what the provider would set on the failed job, or `null`).
    public var json: Data {
        let report = JSONReport(
            file: path, method: method.rawValue, role: role.rawValue, graderFile: graderPath, valid: isValid,
            examples: exampleCount, problemCount: problemCount, problems: dataset?.problems ?? [],
            unlistedProblems: dataset?.report.unlistedProblemCount ?? 0, graderProblems: graderProblems,
            readProblem: readProblem,
            jobError: dataset?.report.jobError(fileID: path).map { JSONReport.JobError(code: $0.code, message: $0.message, param: $0.param) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Every member is a string, number, bool or array of those: encoding cannot fail.
        return (try? encoder.encode(report)) ?? Data("{}".utf8)
    }

    private struct JSONReport: Encodable {
        struct JobError: Encodable {
            let code, message, param: String
        }

        let file, method, role: String
        let graderFile: String?
        let valid: Bool
        let examples, problemCount: Int
        let problems: [DatasetFile.Problem]
        let unlistedProblems: Int
        let graderProblems: [String]
        let readProblem: String?
        let jobError: JobError?

        enum CodingKeys: String, CodingKey {
            case file, method, role, valid, examples, problems
            case graderFile = "grader_file"
            case problemCount = "problem_count"
            case unlistedProblems = "unlisted_problems"
            case graderProblems = "grader_problems"
            case readProblem = "read_problem"
            case jobError = "job_error"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(file, forKey: .file)
            try container.encode(method, forKey: .method)
            try container.encode(role, forKey: .role)
            try container.encode(graderFile, forKey: .graderFile)  // null when absent, so the key is always there
            try container.encode(valid, forKey: .valid)
            try container.encode(examples, forKey: .examples)
            try container.encode(problemCount, forKey: .problemCount)
            try container.encode(problems, forKey: .problems)
            try container.encode(unlistedProblems, forKey: .unlistedProblems)
            try container.encode(graderProblems, forKey: .graderProblems)
            try container.encode(readProblem, forKey: .readProblem)
            try container.encode(jobError, forKey: .jobError)
        }
    }
}
