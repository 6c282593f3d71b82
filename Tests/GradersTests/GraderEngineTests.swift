import Foundation
import Testing

@testable import Graders

struct GraderEngineTests {
    private let engine = GraderEngine()

    private func grader(_ text: String) throws -> Grader {
        try Grader(json: JSONValue(parsing: text))
    }

    private func check(_ operation: String, input: String, reference: String) async throws -> Double {
        let grader = try grader(#"{"type":"string_check","name":"c","input":"{{sample.output_text}}","reference":"{{item.r}}","operation":"\#(operation)"}"#)
        return await engine.grade(grader, item: ["r": .string(reference)], sample: Sample(outputText: input)).reward
    }

    @Test(arguments: [
        ("eq", "Paris", "Paris", 1.0), ("eq", "paris", "Paris", 0), ("eq", "e\u{301}", "\u{e9}", 0),
        ("ne", "paris", "Paris", 1), ("ne", "Paris", "Paris", 0),
        ("like", "The capital is Paris.", "Paris", 1), ("like", "the capital is paris", "Paris", 0), ("like", "anything", "", 1),
        ("ilike", "THE CAPITAL IS PARIS", "paris", 1), ("ilike", "Lyon", "paris", 0), ("like", "cafe\u{301}", "caf\u{e9}", 0),
    ])
    func stringCheckComparesCodePoints(operation: String, input: String, reference: String, expected: Double) async throws {
        #expect(try await check(operation, input: input, reference: reference) == expected)
    }

    @Test(arguments: [2, 8, 9, 40])
    func itemFieldsResolveInItemsOfAnySize(fieldCount: Int) async throws {
        var fields: [String: JSONValue] = [:]
        for index in 0..<fieldCount { fields["field\(index)"] = .string("value \(index)") }
        let grader = try grader(#"{"type":"string_check","name":"c","input":"{{sample.output_text}}","reference":"{{item.field1}}","operation":"eq"}"#)
        #expect(engine.gradeLocally(grader, item: .object(fields), sample: Sample(outputText: "value 1"))?.reward == 1)
        #expect(engine.gradeLocally(grader, item: .object(fields), sample: Sample(outputText: "value 2"))?.reward == 0)
        let missing = try self.grader(#"{"type":"string_check","name":"c","input":"x","reference":"{{item.nope}}","operation":"eq"}"#)
        #expect(engine.gradeLocally(missing, item: .object(fields), sample: Sample(outputText: "x"))?.metadata.errors.invalidVariableError == true)
    }

    @Test func aMissingVariableScoresZeroAndSaysSo() async throws {
        let grader = try grader(#"{"type":"string_check","name":"c","input":"{{sample.output_text}}","reference":"{{item.nope}}","operation":"eq"}"#)
        let result = await engine.grade(grader, item: ["r": "x"], sample: Sample(outputText: "x"))
        #expect(result.reward == 0)
        #expect(result.metadata.errors.invalidVariableError)
        #expect(result.metadata.errors.raised == ["invalid_variable_error"])
    }

    @Test func aNonJSONSampleUnderAResponseFormatIsASampleParseError() async throws {
        let grader = try grader(#"{"type":"string_check","name":"c","input":"{{sample.output_json.compliant}}","reference":"yes","operation":"eq"}"#)
        let broken = await engine.grade(grader, item: [:], sample: Sample(outputText: #"{"compliant": "yes""#, requiresJSON: true))
        #expect(broken.reward == 0 && broken.metadata.errors.sampleParseError)
        let valid = await engine.grade(grader, item: [:], sample: Sample(outputText: #"{"compliant": "yes"}"#, requiresJSON: true))
        #expect(valid.reward == 1 && !valid.metadata.errors.any)
    }

    @Test func multiCombinesSubRewardsWithItsFormula() async throws {
        let grader = try grader(#"""
            {"type":"multi","name":"compliance","calculate_output":"0.5 * decision + 0.5 * explanation","graders":{
              "decision":{"type":"string_check","name":"d","input":"{{sample.output_json.compliant}}","reference":"{{item.compliant}}","operation":"eq"},
              "explanation":{"type":"string_check","name":"e","input":"{{sample.output_json.explanation}}","reference":"policy","operation":"ilike"}}}
            """#)
        let result = await engine.grade(grader, item: ["compliant": "no"], sample: Sample(outputText: #"{"compliant": "no", "explanation": "Per POLICY 4.2"}"#))
        #expect(result.reward == 1)
        #expect(result.subRewards == ["decision": 1, "explanation": 1])
        let half = await engine.grade(grader, item: ["compliant": "yes"], sample: Sample(outputText: #"{"compliant": "no", "explanation": "Per POLICY 4.2"}"#))
        #expect(half.reward == 0.5)
        #expect(half.metadata.type == "multi" && half.metadata.name == "compliance")
    }

    @Test func multiReportsFormulaAndArithmeticProblems() async throws {
        let sub = #"{"type":"string_check","name":"a","input":"x","reference":"y","operation":"eq"}"#
        let bad = try grader(#"{"type":"multi","name":"m","calculate_output":"a +","graders":{"a":\#(sub)}}"#)
        let parsed = await engine.grade(bad, item: [:], sample: Sample(outputText: ""))
        #expect(parsed.reward == 0 && parsed.metadata.errors.formulaParseError)
        let divide = try grader(#"{"type":"multi","name":"m","calculate_output":"1 / a","graders":{"a":\#(sub)}}"#)
        let divided = await engine.grade(divide, item: [:], sample: Sample(outputText: ""))
        #expect(divided.reward == 0 && divided.metadata.errors.otherError && !divided.metadata.errors.formulaParseError)
    }

    @Test func resultsEncodeEveryKeyOfTheRunGraderResponse() throws {
        let result = GraderResult(reward: 1, metadata: .init(name: "n", type: "string_check"))
        let json = try JSONValue(parsing: JSONEncoder().encode(result))
        #expect(Set(json.objectMembers!.keys) == ["reward", "metadata", "sub_rewards", "model_grader_token_usage_per_model"])
        #expect(Set(json["metadata"]!.objectMembers!.keys) == ["name", "type", "errors", "execution_time", "scores", "token_usage", "sampled_model_name"])
        #expect(json["metadata"]!["token_usage"] == .null)
        #expect(json["metadata"]!["errors"]!.objectMembers!.count == 14)
        #expect(json["metadata"]!["errors"]!["python_grader_runtime_error_details"] == .null)
        #expect(try JSONDecoder().decode(GraderResult.self, from: JSONEncoder().encode(result)) == result)
    }

    @Test func executionTimeIsSimulatedAndReproducibleByDefault() async throws {
        let grader = try grader(#"{"type":"string_check","name":"c","input":"a","reference":"a","operation":"eq"}"#)
        let first = await engine.grade(grader, item: [:], sample: Sample(outputText: ""))
        let second = await engine.grade(grader, item: [:], sample: Sample(outputText: ""))
        #expect(first == second)
        #expect(first.metadata.executionTime > 0)
    }
}
