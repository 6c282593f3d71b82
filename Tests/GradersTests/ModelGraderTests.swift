import Foundation
import Testing

@testable import Graders

struct ModelGraderTests {
    private let scoreGrader = try! Grader(json: JSONValue(parsing: #"""
        {"type":"score_model","name":"judge","model":"o3-mini-2025-01-31","range":[0,10],
         "input":[{"role":"system","content":"Grade the answer against {{item.reference_answer}}."},
                  {"role":"user","content":"{{sample.output_text}}"}]}
        """#))
    private let labelGrader = try! Grader(json: JSONValue(parsing: #"""
        {"type":"label_model","name":"verdict","model":"gpt-4o-2024-08-06","labels":["compliant","not compliant","needs review"],
         "passing_labels":["compliant"],"input":[{"role":"user","content":"Classify: {{sample.output_text}}"}]}
        """#))

    private struct FixedJudge: Judge {
        let text: String
        func reply(to request: JudgeRequest) async throws -> JudgeReply { JudgeReply(text: text) }
    }

    private struct FailingJudge: Judge {
        struct Down: Error, CustomStringConvertible { var description: String { "judge is down" } }
        func reply(to request: JudgeRequest) async throws -> JudgeReply { throw Down() }
    }

    private func grade(_ grader: Grader, judge: any Judge = BuiltinJudge(), sample: String) async -> GraderResult {
        await GraderEngine(options: .init(judge: judge)).grade(grader, item: ["reference_answer": "the policy forbids sharing passwords"], sample: Sample(outputText: sample))
    }

    @Test func theBuiltinJudgeScoresAgreementWithTheReferencedFieldIntoTheRange() async {
        let exact = await grade(scoreGrader, sample: "The policy forbids sharing passwords.")
        #expect(exact.reward == 10)
        let partial = await grade(scoreGrader, sample: "sharing passwords is fine")
        // words: [sharing, passwords, is, fine] vs [the, policy, forbids, sharing, passwords]: F1 = 2·0.5·0.4/0.9
        #expect(abs(partial.reward - 10 * (2 * 0.5 * 0.4 / 0.9)) < 1e-12)
        #expect(partial.metadata.sampledModelName == "o3-mini-2025-01-31")
        #expect(partial.modelGraderTokenUsagePerModel["o3-mini-2025-01-31"] == partial.metadata.tokenUsage)
        #expect((partial.metadata.tokenUsage?.promptTokens ?? 0) > 10)
    }

    @Test func theBuiltinJudgePicksTheNamedLabel() async {
        #expect(await grade(labelGrader, sample: "This looks compliant to me").reward == 1)
        #expect(await grade(labelGrader, sample: "Clearly NOT compliant.").reward == 0)
    }

    @Test(arguments: [
        (#"{"result": 7.5, "steps": []}"#, 7.5, ""), ("4", 4, ""), ("42", 10, ""), ("-3", 0, ""),
        ("great answer", 0, "model_grader_parse_error"), (#"{"refusal": "no"}"#, 0, "model_grader_refusal_error"),
    ])
    func scoreRepliesAreClippedOrFlagged(reply: String, expected: Double, flag: String) async {
        let result = await grade(scoreGrader, judge: FixedJudge(text: reply), sample: "x")
        #expect(result.reward == expected)
        #expect(result.metadata.errors.raised == (flag.isEmpty ? [] : [flag]))
    }

    @Test(arguments: [(#"{"result": "compliant"}"#, 1.0, false), ("needs review", 0, false), ("maybe", 0, true)])
    func labelRepliesMustBeALabel(reply: String, expected: Double, parseError: Bool) async {
        let result = await grade(labelGrader, judge: FixedJudge(text: reply), sample: "x")
        #expect(result.reward == expected)
        #expect(result.metadata.errors.modelGraderParseError == parseError)
    }

    @Test func aFailingJudgeIsAServerError() async {
        let result = await grade(scoreGrader, judge: FailingJudge(), sample: "x")
        #expect(result.reward == 0)
        #expect(result.metadata.errors.modelGraderServerError)
        #expect(result.metadata.errors.modelGraderServerErrorDetails == "judge is down")
    }

    @Test func ruleTablesMatchInOrderAndFallBack() async throws {
        let judge = try RuleTableJudge(json: JSONValue(parsing: #"""
            {"rules": [{"grader": "judge", "sample_contains": "passwords", "result": 9},
                       {"task": "label", "sample_matches": "(?i)review", "result": "needs review"},
                       {"item": {"reference_answer": "nothing"}, "reply": "oops"}],
             "default": {"result": 2}}
            """#))
        #expect(await grade(scoreGrader, judge: judge, sample: "no passwords here").reward == 9)
        #expect(await grade(scoreGrader, judge: judge, sample: "other").reward == 2)
        #expect(await grade(labelGrader, judge: judge, sample: "Needs REVIEW").reward == 0)
    }

    @Test(arguments: [
        (#"{"rules": [{"result": 1, "reply": "1"}]}"#, "rules: rules[0] needs exactly one of \"result\" or \"reply\""),
        (#"{"rules": [{"sampel_contains": "x", "result": 1}]}"#, "rules: rules[0]: unknown key \"sampel_contains\""),
        (#"{"rules": [{"sample_matches": "(", "result": 1}]}"#, "rules: rules[0].sample_matches is not a valid regular expression"),
        (#"{"rule": []}"#, "rules: unknown key \"rule\""),
    ])
    func badRuleTablesSayWhere(table: String, message: String) throws {
        do {
            _ = try RuleTableJudge(json: JSONValue(parsing: table))
            Issue.record("expected a failure")
        } catch let error as JudgeConfigurationError {
            #expect(error.message.hasPrefix(message), "\(error)")
        }
    }

    @Test func aCommandJudgeReadsTheRequestOnStdin() async throws {
        let script = #"python3 -c 'import json,sys; r=json.load(sys.stdin); print(json.dumps({"result": len(r["messages"]) + r["range"][1] / 10}))'"#
        let judge = try CommandJudge(command: ["/bin/sh", "-c", script])
        #expect(await grade(scoreGrader, judge: judge, sample: "x").reward == 3)
        let failing = try CommandJudge(command: ["/bin/sh", "-c", "echo broken >&2; exit 3"])
        let result = await grade(scoreGrader, judge: failing, sample: "x")
        #expect(result.metadata.errors.modelGraderServerError)
        #expect(result.metadata.errors.modelGraderServerErrorDetails?.contains("exited with status 3: broken") == true)
    }

    @Test func aSlowCommandJudgeTimesOut() async throws {
        let judge = try CommandJudge(command: ["/bin/sh", "-c", "sleep 5"], timeout: .milliseconds(300))
        let result = await grade(scoreGrader, judge: judge, sample: "x")
        #expect(result.metadata.errors.modelGraderServerError)
    }
}
