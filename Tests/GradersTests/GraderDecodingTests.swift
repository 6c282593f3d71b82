import Foundation
import Testing

@testable import Graders

struct GraderDecodingTests {
    private func grader(_ text: String) throws -> Grader {
        try Grader(json: JSONValue(parsing: text))
    }

    private func decodingError(_ text: String) throws -> GraderDefinitionError {
        do {
            _ = try grader(text)
        } catch let error as GraderDefinitionError {
            return error
        }
        Issue.record("expected \(text) to be rejected")
        return GraderDefinitionError(path: "", message: "")
    }

    @Test func decodesEveryGraderTypeAndEncodesTheSameJSON() throws {
        let definitions = [
            #"{"type":"string_check","name":"exact","input":"{{sample.output_text}}","reference":"{{item.answer}}","operation":"eq"}"#,
            #"{"type":"text_similarity","name":"sim","input":"{{sample.output_text}}","reference":"{{item.answer}}","evaluation_metric":"rouge_l","pass_threshold":0.5}"#,
            #"{"type":"score_model","name":"judge","model":"o3-mini-2025-01-31","input":[{"role":"user","content":"Score {{sample.output_text}}"}],"range":[0,10],"sampling_params":{"seed":1,"reasoning_effort":"low"}}"#,
            #"{"type":"label_model","name":"label","model":"gpt-4o-2024-08-06","input":[{"role":"system","content":[{"type":"input_text","text":"Label it"}],"type":"message"}],"labels":["yes","no"],"passing_labels":["yes"]}"#,
            #"{"type":"python","source":"def grade(sample, item):\n    return 1.0\n","image_tag":"2025-05-08"}"#,
            #"{"type":"multi","name":"m","graders":{"a":{"type":"string_check","name":"a","input":"x","reference":"x","operation":"eq"}},"calculate_output":"a"}"#,
        ]
        for definition in definitions {
            let decoded = try grader(definition)
            #expect(decoded.json == (try JSONValue(parsing: definition)), "round trip of \(definition)")
            // Codable goes through the same path.
            let viaCodable = try JSONDecoder().decode(Grader.self, from: Data(definition.utf8))
            #expect(viaCodable == decoded)
        }
    }

    @Test func anUnknownMetricNamesThePathAndTheAllowedValues() throws {
        let error = try decodingError(#"""
            {"type":"multi","name":"m","calculate_output":"e","graders":{"e":{"type":"text_similarity","name":"e","input":"a","reference":"b","evaluation_metric":"rouge"}}}
            """#)
        #expect(error.path == "graders.e.evaluation_metric")
        #expect(error.message == #""rouge" is not allowed; use one of cosine, fuzzy_match, bleu, gleu, meteor, rouge_1, rouge_2, rouge_3, rouge_4, rouge_5, rouge_l"#)
    }

    @Test(arguments: [
        (#"{"type":"string_match"}"#, "type", "is not allowed; use one of string_check, text_similarity, score_model, label_model, python, multi"),
        (#"{"type":"string_check","name":"a","input":"x","reference":"y","operation":"neq"}"#, "operation", #""neq" is not allowed; use one of eq, ne, like, ilike"#),
        (#"{"type":"string_check","name":"a","input":"x","operation":"eq"}"#, "reference", "is required"),
        (#"{"type":"string_check","name":"a","input":3,"reference":"y","operation":"eq"}"#, "input", "must be a string, not a number"),
        (#"{"type":"string_check","name":"a","input":"x","reference":"y","operation":"eq","refrence":"z"}"#, "refrence", "unknown key for a string_check grader; allowed keys are type, name, input, reference, operation"),
        (#"{"type":"score_model","name":"a","model":"m","input":[{"role":"robot","content":"x"}]}"#, "input[0].role", #""robot" is not allowed; use one of user, assistant, system, developer"#),
        (#"{"type":"score_model","name":"a","model":"m","input":[{"role":"user","content":[{"type":"input_video","text":"x"}]}]}"#, "input[0].content[0].type", #""input_video" is not allowed; use one of input_text, output_text, input_image, input_audio"#),
        (#"{"type":"multi","name":"m","calculate_output":"a","graders":[]}"#, "graders", "must be an object mapping each formula variable to a grader, e.g. {\"accuracy\": {\"type\": \"string_check\", …}}"),
        (#"[1,2]"#, "", "a grader must be a JSON object, not an array"),
    ])
    func badDefinitionsSayWhereAndWhat(definition: String, path: String, message: String) throws {
        let error = try decodingError(definition)
        #expect(error.path == path)
        #expect(error.message.hasSuffix(message), "\(error)")
    }

    @Test func codableDecodingFailsWithTheSameMessage() {
        let data = Data(#"{"type":"string_check","name":"a","input":"x","reference":"y","operation":"like!"}"#.utf8)
        do {
            _ = try JSONDecoder().decode(Grader.self, from: data)
            Issue.record("expected a failure")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription.hasPrefix("operation: \"like!\" is not allowed"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
