import Graders
import Simulator
import Testing

/// A `Grader` becomes timing graders in one place, `TimingModel.Grader.components(of:)`.
struct TimingGraderTests {
    static func grader(_ json: JSONValue) throws -> Grader { try Grader(json: json) }

    @Test func aSingleGraderIsTimedAsItsType() throws {
        let python = try Self.grader(["type": "python", "name": "py", "source": "def grade(sample, item):\n    return 1.0\n"])
        #expect(TimingModel.Grader.components(of: python) == [TimingModel.Grader(name: "py", type: .python)])
        let similarity = try Self.grader([
            "type": "text_similarity", "name": "sim", "input": "{{sample.output_text}}", "reference": "{{item.answer}}",
            "evaluation_metric": "fuzzy_match",
        ])
        #expect(TimingModel.Grader.components(of: similarity) == [TimingModel.Grader(name: "sim", type: .textSimilarity)])
    }

    @Test func aMultiGraderIsTimedAsItsComponentsBySortedKey() throws {
        let multi = try Self.grader([
            "type": "multi", "name": "m", "calculate_output": "0.5 * b + 0.5 * a",
            "graders": [
                "b": ["type": "string_check", "name": "exact", "input": "{{sample.output_text}}", "reference": "{{item.answer}}", "operation": "eq"],
                "a": ["type": "text_similarity", "name": "sim", "input": "{{sample.output_text}}", "reference": "{{item.answer}}",
                      "evaluation_metric": "bleu"],
            ],
        ])
        #expect(TimingModel.Grader.components(of: multi) == [
            TimingModel.Grader(name: "a", type: .textSimilarity), TimingModel.Grader(name: "b", type: .stringCheck),
        ])
    }
}
