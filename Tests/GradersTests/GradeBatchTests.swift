import Testing

@testable import Graders

struct GradeBatchTests {
    @Test func parsesRows() throws {
        let row = try GradeRow(line: #"{"item": {"answer": "4"}, "sample": "4"}"#, number: 1)
        #expect(row.item == ["answer": "4"] && row.sample == "4")
        #expect(try GradeRow(line: #"{"sample": ""}"#, number: 2).item == [:])
    }

    @Test(arguments: [
        ("{\"item\": {}, \"sample\": 4}", "line 3: \"sample\" must be a string (the model output text), not a number"),
        ("{\"item\": [], \"sample\": \"x\"}", "line 3: \"item\" must be an object (the dataset row), not an array"),
        ("{\"item\": {}}", "line 3: \"sample\" is required: the model output text to grade"),
        ("{\"item\": {}, \"sample\": \"x\", \"extra\": 1}", "line 3: unknown key \"extra\"; a row has \"item\" (an object) and \"sample\" (a string)"),
        ("[1]", "line 3: must be a JSON object {\"item\": {...}, \"sample\": \"...\"}, not an array"),
    ])
    func malformedRowsSayWhat(line: String, message: String) {
        #expect(throws: GradeRowError(line: 3, message: String(message.dropFirst("line 3: ".count)))) { try GradeRow(line: line, number: 3) }
    }

    @Test func invalidJSONNamesTheLine() {
        #expect(throws: GradeRowError.self) { try GradeRow(line: "{nope", number: 9) }
    }

    @Test func summaryCountsRewardsAndErrors() {
        var summary = GradeSummary()
        var flagged = GraderResult(reward: 0, metadata: .init(name: "g", type: "string_check"))
        flagged.metadata.errors.invalidVariableError = true
        summary.add(flagged)
        summary.add(GraderResult(reward: 1, metadata: .init(name: "g", type: "string_check")))
        summary.add(GraderResult(reward: 0.55, metadata: .init(name: "g", type: "string_check")))
        #expect(summary.count == 3 && summary.mean == 0.5166666666666667)
        #expect(summary.bins[0] == 1 && summary.bins[5] == 1 && summary.bins[9] == 1)
        #expect(summary.errorCounts == ["invalid_variable_error": 1])
        #expect(summary.text.hasPrefix("graded 3 rows: mean reward 0.5167, min 0, max 1"))
    }

    @Test func localEmbeddingCosineIsDeterministicAndSensible() {
        #expect(LocalEmbedding.cosine("the cat sat", "the cat sat") > 0.999_999)
        #expect(LocalEmbedding.cosine("the cat sat", "The cats sat!") > LocalEmbedding.cosine("the cat sat", "quarterly revenue grew"))
        #expect(LocalEmbedding.cosine("", "") == 1)
        #expect(LocalEmbedding.cosine("", "x") == 0)
    }
}

struct LocalEmbeddingValueTests {
    /// Pinned values: the embedding is part of RFTSim's reproducibility contract.
    @Test func cosineValuesArePinned() {
        #expect(abs(LocalEmbedding.cosine("the cat sat on the mat", "a cat was sitting on the mat") - LocalEmbeddingValueTests.pinned) < 1e-12)
    }

    static let pinned = 0.6747097830170133
}
