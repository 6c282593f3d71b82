import ArgumentParser
import Foundation
import Studies
import Testing

@testable import rftsim

struct ValidateCommandTests {
    private let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rftsim-validate-\(UUID().uuidString)")

    private func write(_ name: String, _ text: String) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// `count` SFT lines; `broken` maps a 1-based line number to the line written instead.
    private func supervised(_ count: Int, broken: [Int: String] = [:]) -> String {
        (1...count).map { i in
            broken[i] ?? #"{"messages":[{"role":"user","content":"What is \#(i) + \#(i)?"},{"role":"assistant","content":"\#(2 * i)"}]}"#
        }.joined(separator: "\n") + "\n"
    }

    private func reinforcement(_ count: Int) -> String {
        (1...count).map { #"{"messages":[{"role":"user","content":"What is \#($0) + \#($0)?"}],"answer":"\#(2 * $0)"}"# }
            .joined(separator: "\n") + "\n"
    }

    private func command(_ arguments: [String]) throws -> RFTSim.Validate {
        try #require(try RFTSim.parseAsRoot(["validate"] + arguments) as? RFTSim.Validate)
    }

    @Test func aValidFileGetsAOneLineVerdictAndExitsZero() async throws {
        let path = try write("train.jsonl", supervised(12))
        let validate = try command([path, "--method", "supervised"])
        let check = await validate.report()
        #expect(check.isValid)
        #expect(check.text == "\(path): valid supervised training file: 12 examples")
        try await validate.run()  // no ExitCode(1)
    }

    @Test func aBadFileListsEveryProblemWithItsLineAndExitsOne() async throws {
        let path = try write("train.jsonl", supervised(12, broken: [
            3: #"{"messages":[{"role":"user","content":"Hi"},{"role":"bot","content":"Hello"}]}"#,
            7: #"{"messages": [}"#,
        ]))
        let validate = try command([path, "--method", "supervised"])
        let check = await validate.report()
        #expect(!check.isValid)
        #expect(check.text.split(separator: "\n").map(String.init) == [
            #"\#(path):3: messages[1].role is "bot"; allowed: system, developer, user, assistant, tool"#,
            "\(path):3: messages has no assistant message; a supervised example needs at least one assistant message with content or tool_calls (the target the model learns)",
            "\(path):7: line 7 is not valid JSON at column 15: expected a value (an object, array, string, number, true, false or null), found '}' (near: {\"messages\": [})",
            "\(path): invalid supervised training file: 3 problems in 12 examples; a job would fail with invalid_training_file",
        ])
        await #expect(throws: ExitCode(1)) { try await validate.run() }
    }

    @Test func theJSONFormCarriesTheSameReport() async throws {
        let path = try write("valid.jsonl", supervised(2, broken: [2: #"{"messages":[{"role":"user","content":"Hi"}]}"#]))
        let check = try await command([path, "--method", "supervised", "--role", "validation", "--json"]).report()
        let json = try #require(try JSONSerialization.jsonObject(with: check.json) as? [String: Any])
        #expect(json["file"] as? String == path)
        #expect(json["role"] as? String == "validation" && json["method"] as? String == "supervised")
        #expect(json["valid"] as? Bool == false)
        #expect(json["examples"] as? Int == 2 && json["problem_count"] as? Int == 1)
        let problems = try #require(json["problems"] as? [[String: Any]])
        #expect(problems.count == 1)
        #expect(problems[0]["line"] as? Int == 2)
        #expect(problems[0]["file"] as? String == path)
        let jobError = try #require(json["job_error"] as? [String: Any])
        #expect(jobError["code"] as? String == "invalid_validation_file")
        #expect(jobError["param"] as? String == "validation_file")
    }

    @Test func theGradersItemReadsAreCheckedOnEveryLine() async throws {
        let path = try write("train.jsonl", reinforcement(10))
        let grader = try write("grader.json", #"{"type":"string_check","name":"exact","input":"{{sample.output_text}}","reference":"{{item.solution}}","operation":"eq"}"#)
        let check = try await command([path, "--method", "reinforcement", "--grader", grader]).report()
        let lines = check.text.split(separator: "\n").map(String.init)
        #expect(lines.count == 11)
        #expect(lines[0] == #"\#(path):1: the grader reads {{item.solution}} but this line has no "solution" (its item keys: answer)"#)
        #expect(lines[9].hasPrefix("\(path):10: "))
        #expect(lines.last == "\(path): invalid reinforcement training file: 10 problems in 10 examples; a job would fail with invalid_training_file")
    }

    @Test func aGraderThatDoesNotLoadIsReportedWithItsPathAndJSONPath() async throws {
        let path = try write("train.jsonl", reinforcement(10))
        let grader = try write("grader.json", #"{"type":"string_check","name":"exact","input":"{{sample.output_text}}","reference":"{{item.answer}}","operation":"same"}"#)
        let validate = try command([path, "--method", "reinforcement", "--grader", grader])
        let check = await validate.report()
        #expect(check.text.split(separator: "\n").map(String.init) == [
            #"\#(grader): operation: "same" is not allowed; use one of eq, ne, like, ilike"#,
            "\(path): invalid reinforcement training file: 1 problem in 10 examples",
        ])
        await #expect(throws: ExitCode(1)) { try await validate.run() }
    }

    @Test(arguments: [
        (["/no/such/file.jsonl", "--method", "dpo"], "/no/such/file.jsonl does not exist; check the path."),
        (["FILE", "--method", "supervised", "--grader", "g.json"], "--grader applies to --method reinforcement only; drop it for supervised datasets."),
        (["FILE", "--method", "reinforcement", "--grader", "/no/grader.json"], "--grader /no/grader.json does not exist; check the path."),
        (["FILE", "--method", "sft"], "The value 'sft' is invalid for '--method <method>'. Please provide one of 'supervised', 'dpo' or 'reinforcement'."),
        (["FILE"], "Missing expected argument '--method <method>'"),
    ])
    func usageErrorsExit64WithAMessage(arguments: [String], message: String) throws {
        let path = try write("train.jsonl", supervised(10))
        let arguments = arguments.map { $0 == "FILE" ? path : $0 }
        do {
            _ = try RFTSim.parseAsRoot(["validate"] + arguments)
            Issue.record("expected \(arguments) to be rejected")
        } catch {
            #expect(RFTSim.message(for: error) == message)
            #expect(RFTSim.exitCode(for: error) == .validationFailure)  // 64
        }
    }

    @Test func helpDocumentsTheExitCodes() {
        #expect(RFTSim.helpMessage(for: RFTSim.Validate.self, columns: 100) == """
            OVERVIEW: Check a fine-tuning dataset exactly as the provider's validating_files step does.

            Every problem is printed with its place (FILE:LINE: …, or FILE: … for the whole file), then a
            one-line verdict with the example count. With --grader, the grader is checked too (GRADER.json:
            JSON-PATH: …) and every {{item.…}} it reads must be present on every line.

            Exit status: 0 the file is valid; 1 it has problems (or the grader has); 64 usage error (a bad
            option, or a file that does not exist).

            USAGE: rftsim validate <FILE.jsonl> --method <method> [--grader <GRADER.json>] [--role <role>] [--json]

            ARGUMENTS:
              <FILE.jsonl>            The dataset to check, one JSON object per line.

            OPTIONS:
              --method <method>       The fine-tuning method, which decides each line's format. (values:
                                      supervised, dpo, reinforcement)
              --grader <GRADER.json>  The reinforcement grader whose {{item.…}} reads every line must satisfy.
              --role <role>           Which file of the job it is; the example-count limits differ. (values:
                                      training, validation; default: training)
              --json                  Print the report as one JSON object instead of text.
              --version               Show the version.
              -h, --help              Show help information.

            """)
    }
}
