internal import Graders

/// Gathers a file's problems while the validator walks it: whole-file problems are always kept,
/// line problems up to a limit, and all are counted.
///
/// Messages are `@autoclosure`s so a file with a million bad lines does not build a million
/// sentences nobody will read.
struct ProblemCollector {
    private let limit: Int
    private(set) var fileProblems: [DatasetProblem] = []
    private(set) var lineProblems: [DatasetProblem] = []
    private(set) var count = 0
    /// The line being checked; set by the validator before it checks a line.
    var line = 0

    init(limit: Int) {
        self.limit = max(0, limit)
    }

    /// Records a problem of the current line: `detail` becomes `line N: detail`.
    mutating func add(_ field: @autoclosure () -> String?, _ detail: @autoclosure () -> String) {
        count += 1
        guard lineProblems.count < limit else { return }
        lineProblems.append(DatasetProblem(line: line, field: field(), message: "line \(line): \(detail())"))
    }

    /// Records a problem of the current line whose sentence already names the line (`line 4 is empty…`).
    mutating func addWholeLine(_ message: @autoclosure () -> String) {
        count += 1
        guard lineProblems.count < limit else { return }
        lineProblems.append(DatasetProblem(line: line, field: nil, message: message()))
    }

    /// Records a problem of the whole file (always listed).
    mutating func addFile(_ message: String, field: String? = nil) {
        count += 1
        fileProblems.append(DatasetProblem(line: nil, field: field, message: message))
    }

    /// File problems first, then line problems in line order.
    var problems: [DatasetProblem] { fileProblems + lineProblems }
}

/// How values appear in problem messages.
enum ProblemText {
    /// A value as a message quotes it: strings in quotes (shortened), numbers, `true`, `null`, or
    /// the kind of a container ("an array", "an object").
    static func value(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): quoted(text)
        case .number, .bool, .null: value.jsonText
        case .array(let elements): elements.isEmpty ? "an empty array" : "an array"
        case .object: "an object"
        }
    }

    /// `text` in double quotes, cut to `limit` characters with "…".
    static func quoted(_ text: String, limit: Int = 40) -> String {
        let shown = text.count > limit ? text.prefix(limit) + "…" : Substring(text)
        return JSONValue.string(String(shown)).jsonText
    }

    /// Names as a message lists them: `a, b, c`.
    static func list(_ names: some Sequence<String>) -> String {
        names.joined(separator: ", ")
    }
}
