import ArgumentParser
import Graders

/// How `score_model` and `label_model` graders are answered offline.
struct JudgeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A JSON table of judge rules (see docs/GRADERS.md).", valueName: "RULES.json"))
    var judgeRules: String?

    @Option(help: ArgumentHelp(
        "A command that reads each model-grader request as JSON on stdin and prints the grader model's reply; run with sh -c.",
        valueName: "COMMAND"))
    var judgeCommand: String?

    @Option(help: "Seconds a judge command may take per request.")
    var judgeTimeout: Int = 60

    func check() throws {
        if judgeRules != nil, judgeCommand != nil {
            throw ValidationError("--judge-rules and --judge-command cannot be combined; choose one judge.")
        }
        guard judgeTimeout > 0 else { throw ValidationError("--judge-timeout must be a positive number of seconds, got \(judgeTimeout).") }
    }

    /// The judge asked for; the built-in deterministic judge by default.
    func makeJudge() throws -> any Judge {
        if let judgeRules { return try RuleTableJudge(contentsOf: judgeRules) }
        if let judgeCommand { return try CommandJudge(command: ["/bin/sh", "-c", judgeCommand], timeout: .seconds(judgeTimeout)) }
        return BuiltinJudge()
    }
}
