import Foundation
import Graders
import Testing

@testable import Provider

/// The Evals API: the store alone, then through the provider (evals, runs on the clock, output
/// items, bad input, model runs, a job's eval).
@Suite("Evals")
struct EvalTests {
    static let stringCheck: JSONValue = [
        "type": "string_check", "name": "exact", "operation": "eq", "input": "{{sample.output_text}}", "reference": "{{item.answer}}",
    ]

    static func evalBody(criteria: [JSONValue] = [stringCheck], schema: JSONValue? = nil) -> JSONValue {
        let itemSchema: JSONValue = schema ?? [
            "type": "object", "properties": ["question": ["type": "string"], "answer": ["type": "string"]], "required": ["question", "answer"],
        ]
        return ["name": "sums", "metadata": ["team": "a"],
                "data_source_config": ["type": "custom", "item_schema": itemSchema, "include_sample_schema": true],
                "testing_criteria": .array(criteria)]
    }

    /// `count` rows "What is i + i?", every other one with the right sample.
    static func rows(_ count: Int) -> JSONValue {
        .array((0..<count).map { i -> JSONValue in
            ["item": ["question": .string("What is \(i) + \(i)? Answer with the number only."), "answer": .string(String(2 * i))],
             "sample": ["output_text": .string(i.isMultiple(of: 2) ? String(2 * i) : "no idea")]]
        })
    }

    static func jsonlRun(_ rows: JSONValue) -> JSONValue {
        ["name": "given answers", "data_source": ["type": "jsonl", "source": ["type": "file_content", "content": rows]]]
    }

    func refusal(_ body: () async throws -> Void) async -> ProviderError? {
        do {
            try await body()
            return nil
        } catch let error as ProviderError {
            return error
        } catch {
            Issue.record("not a ProviderError: \(error)")
            return nil
        }
    }

    @Test("The store keeps evals and runs in order and deletes an eval's runs with it")
    func storeAlone() {
        var store = EvalStore()
        func eval(_ id: String) -> EvalRecord {
            EvalRecord(id: id, ownerKey: "sk-a", createdAt: 0,
                       definition: EvalDefinition(name: id, metadata: [:], dataSourceConfig: .null, itemSchema: nil, criteria: []))
        }
        func run(_ id: String, of evalID: String) -> EvalRunRecord {
            EvalRunRecord(id: id, evalID: evalID, ownerKey: "sk-a", createdAt: 0, name: id, model: "", dataSource: .null, metadata: [:],
                          outputs: [], startsAt: 5, rowEnds: [], canceledAt: nil)
        }
        store.add(eval("eval_b"))
        store.add(eval("eval_a"))
        store.add(run("evalrun_1", of: "eval_a"))
        store.add(run("evalrun_2", of: "eval_a"))
        store.add(run("evalrun_3", of: "eval_b"))
        #expect(store.allEvals.map(\.id) == ["eval_b", "eval_a"])
        #expect(store.runs(of: "eval_a").map(\.id) == ["evalrun_1", "evalrun_2"])
        #expect(store.run("evalrun_3", of: "eval_a") == nil)
        store.cancelRun("evalrun_2", at: 1)
        #expect(store.run("evalrun_2", of: "eval_a")?.status(at: 2) == "canceled")
        store.removeRun("evalrun_1")
        #expect(store.runs(of: "eval_a").map(\.id) == ["evalrun_2"])
        store.removeEval("eval_a")
        #expect(store[eval: "eval_a"] == nil && store.run("evalrun_2", of: "eval_a") == nil)
        #expect(store.runs(of: "eval_b").map(\.id) == ["evalrun_3"])
    }

    @Test("A jsonl run is queued, then in progress, then completed along the clock, with counts per criterion")
    func jsonlRunAlongTheClock() async throws {
        let provider = Provider()
        let eval = try await provider.createEval(Self.evalBody(), as: .test)
        #expect(eval.testingCriteria.first?["id"]?.stringValue?.hasPrefix("exact-") == true)
        let run = try await provider.createRun(evalID: eval.id, Self.jsonlRun(Self.rows(6)), as: .test)
        #expect(run.status == "queued" && run.resultCounts.total == 0)
        #expect(try await provider.evalOutputItems(evalID: eval.id, runID: run.id, as: .test).data.isEmpty)
        try await provider.advanceClock(seconds: 3600)
        let done = try await provider.evalRun(evalID: eval.id, runID: run.id, as: .test)
        #expect(done.status == "completed")
        #expect(done.resultCounts == .init(total: 6, errored: 0, failed: 3, passed: 3))
        #expect(done.perTestingCriteriaResults.map { [$0.passed, $0.failed] } == [[3, 3]])
        let items = try await provider.evalOutputItems(evalID: eval.id, runID: run.id, limit: 4, as: .test)
        #expect(items.data.map(\.status) == ["pass", "fail", "pass", "fail"] && items.hasMore)
        let rest = try await provider.evalOutputItems(evalID: eval.id, runID: run.id, after: items.data.last?.id, as: .test)
        #expect(rest.data.count == 2 && !rest.hasMore)
        let passing = try await provider.evalOutputItems(evalID: eval.id, runID: run.id, status: "pass", as: .test)
        #expect(passing.data.count == 3)
        let one = try await provider.evalOutputItem(evalID: eval.id, runID: run.id, itemID: items.data[1].id, as: .test)
        #expect(one.jsonText.contains(#""datasource_item_id":1"#) && one.jsonText.contains(#""passed":false"#))
        #expect(try await provider.listRuns(evalID: eval.id, status: "completed", as: .test).data.map(\.id) == [run.id])
    }

    @Test("Malformed evals and runs are 400s naming the JSON path, and nothing is stored")
    func badInput() async throws {
        let provider = Provider()
        let misspelt: JSONValue = [
            "type": "string_check", "name": "b", "operation": "eq", "input": "{{sample.output_text}}", "reference": "{{item.answr}}",
        ]
        var error = await refusal { _ = try await provider.createEval(Self.evalBody(criteria: [Self.stringCheck, misspelt]), as: .test) }
        #expect(error?.param == "testing_criteria[1].reference")
        let similarity: JSONValue = [
            "type": "text_similarity", "name": "s", "evaluation_metric": "bleu", "input": "{{sample.output_text}}", "reference": "{{item.answer}}",
        ]
        error = await refusal { _ = try await provider.createEval(Self.evalBody(criteria: [similarity]), as: .test) }
        #expect(error?.param == "testing_criteria[0].pass_threshold")
        let badOperation: JSONValue = ["type": "string_check", "name": "c", "operation": "equals", "input": "a", "reference": "b"]
        error = await refusal { _ = try await provider.createEval(Self.evalBody(criteria: [badOperation]), as: .test) }
        #expect(error?.param == "testing_criteria[0].operation")
        error = await refusal { _ = try await provider.createEval(Self.evalBody(schema: ["type": "objekt"]), as: .test) }
        #expect(error?.param == "data_source_config.item_schema.type")
        #expect(try await provider.listEvals(as: .test).data.isEmpty)

        let eval = try await provider.createEval(Self.evalBody(), as: .test)
        let missingAnswer: JSONValue = [["item": ["question": "q", "answer": "1"]], ["item": ["question": "q"]]]
        error = await refusal { _ = try await provider.createRun(evalID: eval.id, Self.jsonlRun(missingAnswer), as: .test) }
        #expect(error?.param == "data_source.source.content[1].item.answer")
        let noTemplate: JSONValue = ["data_source": ["type": "completions", "model": "o4-mini",
                                                     "source": ["type": "file_content", "content": Self.rows(1)]]]
        error = await refusal { _ = try await provider.createRun(evalID: eval.id, noTemplate, as: .test) }
        #expect(error?.param == "data_source.input_messages")
        let unknownModel: JSONValue = ["data_source": [
            "type": "completions", "model": "gpt-9", "source": ["type": "file_content", "content": Self.rows(1)],
            "input_messages": ["type": "template", "template": [["role": "user", "content": "{{item.question}}"]]],
        ]]
        error = await refusal { _ = try await provider.createRun(evalID: eval.id, unknownModel, as: .test) }
        #expect(error?.param == "data_source.model")
        let misspeltTemplate: JSONValue = ["data_source": [
            "type": "completions", "model": "o4-mini", "source": ["type": "file_content", "content": Self.rows(1)],
            "input_messages": ["type": "template", "template": [["role": "system", "content": "Be brief."], ["role": "user", "content": "{{item.questoin}}"]]],
        ]]
        error = await refusal { _ = try await provider.createRun(evalID: eval.id, misspeltTemplate, as: .test) }
        #expect(error?.param == "data_source.input_messages.template[1].content")
        error = await refusal { _ = try await provider.createRun(evalID: "eval_nope", Self.jsonlRun(Self.rows(1)), as: .test) }
        #expect(error?.code == .notFound)
        #expect(try await provider.listRuns(evalID: eval.id, as: .test).data.isEmpty)
    }

    @Test("A completions run over a tuned model answers every row; a base model answers them too")
    func completionsRuns() async throws {
        let (provider, training, validation) = try await ProviderFixtures.providerWithFiles(clock: .instant)
        let job = try await provider.createJob(ProviderFixtures.reinforcementJob(training: training, validation: validation), as: .test)
        let model = try #require(job.fineTunedModel)
        let eval = try await provider.createEval(Self.evalBody(), as: .test)
        func body(_ model: String) -> JSONValue {
            ["data_source": [
                "type": "completions", "model": .string(model), "source": ["type": "file_content", "content": Self.rows(8)],
                "input_messages": ["type": "template", "template": [
                    ["role": "developer", "content": "Answer with the number only."],
                    ["role": "user", "content": ["type": "input_text", "text": "{{item.question}}"]],
                ]],
                "sampling_params": ["seed": 7, "temperature": 1],
            ]]
        }
        let run = try await provider.createRun(evalID: eval.id, body(model), as: .test)
        let done = try await provider.evalRun(evalID: eval.id, runID: run.id, as: .test)
        #expect(done.status == "completed" && done.resultCounts.total == 8 && done.resultCounts.errored == 0)
        #expect(done.perModelUsage.map(\.modelName) == [model] && done.perModelUsage[0].invocationCount == 8)
        let items = try await provider.evalOutputItems(evalID: eval.id, runID: run.id, as: .test).data
        #expect(items.allSatisfy { $0.jsonText.contains(#""role":"assistant""#) })
        #expect(items[0].jsonText.contains(#""content":"What is 0 + 0? Answer with the number only.""#))
        // The same request gets the same answers.
        let again = try await provider.createRun(evalID: eval.id, body(model), as: .test)
        let againItems = try await provider.evalOutputItems(evalID: eval.id, runID: again.id, as: .test).data
        #expect(items.map(\.status) == againItems.map(\.status))

        // A base model answers too (its step-0 policy on a dataset's prompts, the responder elsewhere).
        let base = try await provider.createRun(evalID: eval.id, body("o4-mini-2025-04-16"), as: .test)
        let baseDone = try await provider.evalRun(evalID: eval.id, runID: base.id, as: .test)
        #expect(baseDone.status == "completed" && baseDone.resultCounts.total == 8 && baseDone.resultCounts.errored == 0)
        let baseItem = try await provider.evalOutputItems(evalID: eval.id, runID: base.id, limit: 1, as: .test).data[0]
        #expect(baseItem.jsonText.contains(#""role":"assistant""#) && baseItem.jsonText.contains(#""model":"o4-mini-2025-04-16""#))
    }

    @Test("Every grader type is a testing criterion: python, score_model, label_model (top level) and multi, with their pass rules")
    func everyCriterionType() async throws {
        let judged: JSONValue = [["role": "user", "content": "Is {{sample.output_text}} the answer {{item.answer}}?"]]
        let criteria: [JSONValue] = [
            ["type": "python", "name": "py", "pass_threshold": 0.5,
             "source": "def grade(sample, item):\n    return 1.0 if sample['output_text'] == item['answer'] else 0.25\n"],
            ["type": "score_model", "name": "judge", "model": "o3-mini-2025-01-31", "input": judged, "range": [0, 10], "pass_threshold": 5],
            ["type": "label_model", "name": "labels", "model": "gpt-4.1-mini-2025-04-14", "input": judged,
             "labels": ["right", "wrong"], "passing_labels": ["right"]],
            ["type": "multi", "name": "both", "calculate_output": "(exact + close) / 2",
             "graders": ["exact": Self.stringCheck,
                         "close": ["type": "text_similarity", "name": "close", "evaluation_metric": "fuzzy_match",
                                   "input": "{{sample.output_text}}", "reference": "{{item.answer}}"]]],
        ]
        let provider = Provider(configuration: ProviderConfiguration(clockMode: .instant))
        let eval = try await provider.createEval(Self.evalBody(criteria: criteria), as: .test)
        #expect(eval.testingCriteria.compactMap { $0["type"]?.stringValue } == ["python", "score_model", "label_model", "multi"])
        let run = try await provider.createRun(evalID: eval.id, Self.jsonlRun(Self.rows(4)), as: .test)
        let done = try await provider.evalRun(evalID: eval.id, runID: run.id, as: .test)
        #expect(done.status == "completed" && done.resultCounts.total == 4 && done.resultCounts.errored == 0, "\(done.jsonText)")
        // python: rows 0 and 2 score 1, rows 1 and 3 score 0.25 (< 0.5); multi: 1 for the right answers, below 0.5 for "no idea".
        #expect(done.perTestingCriteriaResults[0].passed == 2 && done.perTestingCriteriaResults[3].passed == 2)
        #expect(done.perModelUsage.map(\.modelName).contains("o3-mini-2025-01-31"))
        let items = try await provider.evalOutputItems(evalID: eval.id, runID: run.id, as: .test).data
        #expect(items.allSatisfy { $0.jsonText.contains(#""type":"label_model""#) && $0.jsonText.contains(#""type":"python""#) })
    }

    @Test("A responses run reads its messages from the item (item_reference)")
    func responsesRunWithItemReference() async throws {
        let (provider, training, validation) = try await ProviderFixtures.providerWithFiles(clock: .instant)
        let job = try await provider.createJob(ProviderFixtures.reinforcementJob(training: training, validation: validation), as: .test)
        let eval = try await provider.createEval(Self.evalBody(schema: ["type": "object"]), as: .test)
        let rows: JSONValue = .array((0..<3).map { i -> JSONValue in
            ["item": ["messages": [["role": "user", "content": .string("What is \(i) + \(i)? Answer with the number only.")]], "answer": .string(String(2 * i))]]
        })
        let body: JSONValue = ["data_source": [
            "type": "responses", "model": .string(try #require(job.fineTunedModel)), "source": ["type": "file_content", "content": rows],
            "input_messages": ["type": "item_reference", "item_reference": "item.messages"],
        ]]
        let run = try await provider.createRun(evalID: eval.id, body, as: .test)
        let done = try await provider.evalRun(evalID: eval.id, runID: run.id, as: .test)
        #expect(done.resultCounts.total == 3 && done.resultCounts.errored == 0)
        let first = try #require(try await provider.evalOutputItems(evalID: eval.id, runID: run.id, limit: 1, as: .test).data.first)
        #expect(first.jsonText.contains(#""input":[{"role":"user","content":"What is 0 + 0? Answer with the number only."}]"#))
    }

    @Test("A run can be cancelled while in progress, keeping the rows done; a finished run cannot; runs and evals delete")
    func cancelAndDelete() async throws {
        let provider = Provider()
        let eval = try await provider.createEval(Self.evalBody(), as: .test)
        let similarity: JSONValue = [
            "type": "text_similarity", "name": "s", "evaluation_metric": "fuzzy_match", "pass_threshold": 0.9,
            "input": "{{sample.output_text}}", "reference": "{{item.answer}}",
        ]
        let slow = try await provider.createEval(Self.evalBody(criteria: [Self.stringCheck, similarity]), as: .test)
        let run = try await provider.createRun(evalID: slow.id, Self.jsonlRun(Self.rows(200)), as: .test)
        try await provider.advanceClock(seconds: EvalRunRecord.queueSeconds + 0.01)
        let cancelled = try await provider.cancelEvalRun(evalID: slow.id, runID: run.id, as: .test)
        #expect(cancelled.status == "canceled" && cancelled.resultCounts.total > 0 && cancelled.resultCounts.total < 200)
        try await provider.advanceClock(seconds: 3600)
        #expect(try await provider.evalRun(evalID: slow.id, runID: run.id, as: .test).resultCounts == cancelled.resultCounts)
        let error = await refusal { _ = try await provider.cancelEvalRun(evalID: slow.id, runID: run.id, as: .test) }
        #expect(error?.platformCode == "invalid_run_state")
        #expect(try await provider.deleteEvalRun(evalID: slow.id, runID: run.id, as: .test).jsonText == #"{"object":"eval.run.deleted","deleted":true,"run_id":"\#(run.id)"}"#)
        #expect(try await provider.listRuns(evalID: slow.id, as: .test).data.isEmpty)
        let renamed = try await provider.updateEval(id: eval.id, ["name": "renamed", "metadata": ["k": "v"]], as: .test)
        #expect(renamed.name == "renamed" && renamed.metadata == ["k": "v"])
        _ = try await provider.deleteEval(id: eval.id, as: .test)
        #expect(try await provider.listEvals(as: .test).data.map(\.id) == [slow.id])
    }

    @Test("An RFT job's eval has one run per validation step; a run's mean score is that step's valid_reward_mean")
    func jobEval() async throws {
        let (provider, training, validation) = try await ProviderFixtures.providerWithFiles()
        let job = try await provider.createJob(ProviderFixtures.reinforcementJob(training: training, validation: validation), as: .test)
        let evalID = try #require(job.evalID)
        #expect(try await provider.listRuns(evalID: evalID, as: .test).data.isEmpty)
        try await provider.advanceClock(seconds: 1_000_000)
        let eval = try await provider.eval(id: evalID, as: .test)
        #expect(eval.metadata["fine_tuning_job_id"] == job.id)
        #expect(try await provider.listEvals(as: .test).data.map(\.id) == [evalID])
        let record = try #require(await provider.stores.jobs[job.id])
        let checkpoints = try #require(record.plan?.checkpoints)
        let runs = try await provider.listRuns(evalID: evalID, limit: 100, as: .test).data
        #expect(runs.count == checkpoints.count && runs.count > 1)
        for (run, checkpoint) in zip(runs, checkpoints) {
            let items = try await provider.evalOutputItems(evalID: evalID, runID: run.id, limit: 100, as: .test).data
            // 4 validation items × eval_samples 2.
            #expect(items.count == 8 && run.resultCounts.total == 8)
            let scores = items.map { item -> Double in
                let json = try? JSONValue(parsing: item.jsonText)
                return json?["results"]?.arrayValue?.first?["score"]?.numberValue ?? -1
            }
            let mean = scores.reduce(0, +) / Double(scores.count)
            #expect(abs(mean - (checkpoint.metrics["valid_reward_mean"] ?? -1)) < 1e-9, "step \(checkpoint.step)")
        }
        let error = await refusal { _ = try await provider.deleteEval(id: evalID, as: .test) }
        #expect(error?.code == .conflict)
    }
}
