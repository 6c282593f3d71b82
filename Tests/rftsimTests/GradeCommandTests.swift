import ArgumentParser
import Foundation
import Graders
import Testing

@testable import rftsim

struct GradeCommandTests {
    private let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rftsim-grade-\(UUID().uuidString)")

    private func write(_ name: String, _ text: String) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    private let grader = #"""
        {"type":"multi","name":"compliance","calculate_output":"0.5 * decision + 0.5 * explanation","graders":{
          "decision":{"type":"string_check","name":"d","input":"{{sample.output_json.compliant}}","reference":"{{item.compliant}}","operation":"eq"},
          "explanation":{"type":"string_check","name":"e","input":"{{sample.output_json.explanation}}","reference":"{{item.policy}}","operation":"ilike"}}}
        """#

    @Test func gradesEachRowInOrder() async throws {
        let graderPath = try write("grader.json", grader)
        let rows = try write("rows.jsonl", """
            {"item": {"compliant": "no", "policy": "policy 4.2"}, "sample": "{\\"compliant\\": \\"no\\", \\"explanation\\": \\"See Policy 4.2\\"}"}

            {"item": {"compliant": "yes", "policy": "policy 4.2"}, "sample": "{\\"compliant\\": \\"no\\", \\"explanation\\": \\"none\\"}"}
            {"item": {"compliant": "yes"}, "sample": "not json"}
            """)
        let output = folder.appendingPathComponent("out.jsonl").path
        let command = try #require(try RFTSim.parseAsRoot(["grade", "--grader", graderPath, "--input", rows, "--output", output]) as? RFTSim.Grade)
        try await command.run()
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3)
        let results = try lines.map { try JSONDecoder().decode(GraderResult.self, from: Data($0.utf8)) }
        #expect(results.map(\.reward) == [1, 0, 0])
        #expect(results[0].subRewards == ["decision": 1, "explanation": 1])
        #expect(results[2].metadata.errors.invalidVariableError)
    }

    @Test func aMalformedLineStopsWithItsNumber() async throws {
        let graderPath = try write("grader.json", grader)
        let rows = try write("rows.jsonl", """
            {"item": {}, "sample": "x"}
            {"item": {}, "sample": 5}
            """)
        let command = try #require(try RFTSim.parseAsRoot(["grade", "--grader", graderPath, "--input", rows]) as? RFTSim.Grade)
        await #expect(throws: CommandFailure("\(rows) line 2: \"sample\" must be a string (the model output text), not a number")) {
            try await command.run()
        }
    }

    @Test func anInvalidGraderListsItsProblems() async throws {
        let graderPath = try write("grader.json", #"{"type":"multi","name":"m","calculate_output":"a + b","graders":{"a":{"type":"string_check","name":"a","input":"x","reference":"y","operation":"eq"}}}"#)
        let rows = try write("rows.jsonl", #"{"item": {}, "sample": "x"}"#)
        let command = try #require(try RFTSim.parseAsRoot(["grade", "--grader", graderPath, "--input", rows]) as? RFTSim.Grade)
        await #expect(throws: CommandFailure("\(graderPath) is not a valid grader:\n  - calculate_output: b is not a grader key; the keys are a")) {
            try await command.run()
        }
    }

    @Test func aBadGraderFileNamesTheFileAndPath() async throws {
        let graderPath = try write("grader.json", #"{"type":"string_check","name":"a","input":"x","reference":"y","operation":"same"}"#)
        let rows = try write("rows.jsonl", "")
        let command = try #require(try RFTSim.parseAsRoot(["grade", "--grader", graderPath, "--input", rows]) as? RFTSim.Grade)
        await #expect(throws: CommandFailure(#"\#(graderPath): operation: "same" is not allowed; use one of eq, ne, like, ilike"#)) {
            try await command.run()
        }
    }

    @Test func judgesCannotBeCombined() {
        #expect(throws: (any Error).self) {
            try RFTSim.parseAsRoot(["grade", "--grader", "g", "--input", "i", "--judge-rules", "r.json", "--judge-command", "x"])
        }
    }
}
