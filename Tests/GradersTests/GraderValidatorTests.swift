import Testing

@testable import Graders

struct GraderValidatorTests {
    private func problems(_ text: String) async throws -> [String] {
        await GraderValidator.validate(json: try JSONValue(parsing: text)).map(\.description)
    }

    @Test func aValidGraderHasNoProblems() async throws {
        #expect(try await problems(#"""
            {"type":"multi","name":"m","calculate_output":"0.7 * decision + 0.3 * why","graders":{
              "decision":{"type":"string_check","name":"d","input":"{{sample.output_json.compliant}}","reference":"{{item.compliant}}","operation":"eq"},
              "why":{"type":"label_model","name":"w","model":"gpt-4.1-2025-04-14","input":[{"role":"user","content":"{{sample.output_text}}"}],"labels":["good","bad"],"passing_labels":["good"]}}}
            """#) == [])
    }

    @Test func reportsEveryProblemWithItsPath() async throws {
        let found = try await problems(#"""
            {"type":"multi","name":"m","calculate_output":"a + b + c","graders":{
              "a":{"type":"label_model","name":"l","model":"gpt-5","input":[],"labels":["x","y"],"passing_labels":["z"]},
              "b":{"type":"score_model","name":"s","model":"o3-2025-04-16","input":[{"role":"user","content":"{{answer}}"}],"range":[1,0],"sampling_params":{"temperature":0.2}},
              "d":{"type":"multi","name":"n","calculate_output":"x","graders":{"x":{"type":"string_check","name":"x","input":"a","reference":"b","operation":"eq"}}}}}
            """#)
        #expect(found == [
            #"graders.a.model: "gpt-5" is not an allowed grader model; use one of gpt-4o-2024-08-06, gpt-4o-mini-2024-07-18, gpt-4.1-2025-04-14, gpt-4.1-mini-2025-04-14, gpt-4.1-nano-2025-04-14, o1-2024-12-17, o3-mini-2025-01-31, o3-2025-04-16, o4-mini-2025-04-16"#,
            "graders.a.input: must have at least one message",
            #"graders.a.passing_labels[0]: "z" is not one of labels (x, y)"#,
            "graders.b.input[0].content: {{answer}} is not a valid variable: the namespace must be item or sample, e.g. {{item.answer}} or {{sample.output_text}}",
            "graders.b.range: min must be less than max; got [1, 0]",
            "graders.b.sampling_params.temperature: is not supported for the reasoning model o3-2025-04-16; leave it out",
            "graders.d.type: a multi grader cannot be nested inside another multi grader",
            "calculate_output: c is not a grader key; the keys are a, b, d",
        ])
    }

    @Test func labelModelIsOnlyAllowedInsideMulti() async throws {
        let found = try await problems(#"{"type":"label_model","name":"l","model":"gpt-4.1-2025-04-14","input":[{"role":"user","content":"x"}],"labels":["a"],"passing_labels":["a"]}"#)
        #expect(found == ["type: a label_model grader is allowed only inside a multi grader's graders"])
    }

    @Test func badFormulasAreFormulaParseErrors() async throws {
        let found = try await problems(#"{"type":"multi","name":"m","calculate_output":"a *","graders":{"a":{"type":"string_check","name":"x","input":"a","reference":"b","operation":"eq"}}}"#)
        #expect(found == [#"calculate_output: formula_parse_error: calculate_output at character 4: the formula ends where a number, name or '(' is expected in "a *""#])
    }

    @Test func pythonSourcesMustBeUnder256kB() async throws {
        let big = String(repeating: "#", count: 300 * 1024)
        let found = try await problems(#"{"type":"python","source":"\#(big)"}"#)
        #expect(found.first?.hasPrefix("source: is 307200 bytes; the limit is under 256 kB") == true)
    }

    @Test func decodingProblemsComeBackAsOneProblem() async throws {
        #expect(try await problems(#"{"type":"text_similarity","name":"t","input":"a","reference":"b"}"#) == ["evaluation_metric: is required"])
    }
}
