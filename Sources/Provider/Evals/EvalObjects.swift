public import Graders

/// An eval (`object: "eval"`): name, metadata, data source config and testing criteria.
public struct EvalObject: WireObject {
    /// `eval_…`.
    public var id: String
    /// Unix seconds of the provider's clock.
    public var createdAt: Int
    /// The eval's name (empty when created without one).
    public var name: String
    /// Up to 16 string pairs.
    public var metadata: [String: String]
    /// `{"type": "custom", "schema": {...}}` (or `logs`/`stored_completions`).
    public var dataSourceConfig: JSONValue
    /// The criteria as created, each with its `id`.
    public var testingCriteria: [JSONValue]

    public func writeJSON(to output: inout String) {
        var w = JSONObjectWriter(&output)
        w.string("object", "eval", &output)
        w.string("id", id, &output)
        w.json("data_source_config", dataSourceConfig, &output)
        w.json("testing_criteria", .array(testingCriteria), &output)
        w.string("name", name, &output)
        w.int("created_at", createdAt, &output)
        w.stringMap("metadata", metadata, &output)
        w.close(&output)
    }
}

/// The platform's error object of a run or a sample (`{"code", "message"}`).
public struct EvalErrorObject: WireObject {
    /// The platform's error code (`model_not_found`, `invalid_variable`).
    public var code: String
    /// What went wrong.
    public var message: String

    public func writeJSON(to output: inout String) {
        var w = JSONObjectWriter(&output)
        w.string("code", code, &output)
        w.string("message", message, &output)
        w.close(&output)
    }
}

/// A run (`object: "eval.run"`) as it is at one clock reading.
public struct EvalRunObject: WireObject {
    /// `result_counts`: rows done, errored, failed and passed.
    public struct ResultCounts: Hashable, Sendable {
        /// Rows done; of those, rows without an answer or with a grading error, rows failing a
        /// criterion, and rows passing every criterion.
        public var total = 0, errored = 0, failed = 0, passed = 0
    }

    /// One entry of `per_testing_criteria_results`.
    public struct CriterionResult: Hashable, Sendable {
        /// The criterion's id (`"<name>-<uuid>"`).
        public var testingCriteria: String
        /// Rows (graded without error) that passed and failed it.
        public var passed = 0, failed = 0
    }

    /// One entry of `per_model_usage`: the answering model's and grader models' tokens.
    public struct ModelUsage: Hashable, Sendable {
        /// The model (the run's, or a grader's).
        public var modelName: String
        /// Calls and their tokens.
        public var invocationCount = 0, promptTokens = 0, completionTokens = 0, totalTokens = 0, cachedTokens = 0

        mutating func add(_ usage: TokenUsage) {
            invocationCount += 1
            promptTokens += usage.promptTokens
            completionTokens += usage.completionTokens
            totalTokens += usage.totalTokens
            cachedTokens += usage.cachedTokens
        }
    }

    /// `evalrun_…`.
    public var id: String
    /// The eval the run belongs to.
    public var evalID: String
    /// Unix seconds of the provider's clock.
    public var createdAt: Int
    /// The run's name (the model's, when created without one).
    public var name: String
    /// The model that answered (empty for a `jsonl` run).
    public var model: String
    /// `queued`, `in_progress`, `completed`, `canceled` (or `failed`).
    public var status: String
    /// Counts over the rows done so far.
    public var resultCounts: ResultCounts
    /// Tokens by model, over the rows done so far.
    public var perModelUsage: [ModelUsage]
    /// Passes and failures per criterion, in the eval's order.
    public var perTestingCriteriaResults: [CriterionResult]
    /// The run's data source, as created.
    public var dataSource: JSONValue
    /// Up to 16 string pairs.
    public var metadata: [String: String]

    public func writeJSON(to output: inout String) {
        var w = JSONObjectWriter(&output)
        w.string("object", "eval.run", &output)
        w.string("id", id, &output)
        w.string("eval_id", evalID, &output)
        w.string("report_url", "https://platform.openai.com/evaluations/\(evalID)?run_id=\(id)", &output)
        w.string("status", status, &output)
        w.string("model", model, &output)
        w.string("name", name, &output)
        w.int("created_at", createdAt, &output)
        w.raw("result_counts", &output) { output in
            output += "{\"total\":\(resultCounts.total),\"errored\":\(resultCounts.errored),\"failed\":\(resultCounts.failed),\"passed\":\(resultCounts.passed)}"
        }
        w.array("per_model_usage", perModelUsage, &output) { usage, output in
            var u = JSONObjectWriter(&output)
            u.string("model_name", usage.modelName, &output)
            u.int("invocation_count", usage.invocationCount, &output)
            u.int("prompt_tokens", usage.promptTokens, &output)
            u.int("completion_tokens", usage.completionTokens, &output)
            u.int("total_tokens", usage.totalTokens, &output)
            u.int("cached_tokens", usage.cachedTokens, &output)
            u.close(&output)
        }
        w.array("per_testing_criteria_results", perTestingCriteriaResults, &output) { result, output in
            var r = JSONObjectWriter(&output)
            r.string("testing_criteria", result.testingCriteria, &output)
            r.int("passed", result.passed, &output)
            r.int("failed", result.failed, &output)
            r.close(&output)
        }
        w.json("data_source", dataSource, &output)
        // The platform sends null while a run has no error (its own examples; the spec's schema says an object).
        w.string("error", nil, &output)
        w.stringMap("metadata", metadata, &output)
        w.close(&output)
    }
}

/// An output item (`object: "eval.run.output_item"`): one graded row of a run.
public struct EvalOutputItemObject: WireObject {
    var record: EvalOutputRecord
    /// The run the item belongs to.
    public var runID: String
    /// The run's eval.
    public var evalID: String
    /// When its row was done (Unix seconds of the provider's clock).
    public var createdAt: Int

    /// The item's id.
    public var id: String { record.id }
    /// `pass` or `fail` (errored rows are `fail`, and counted as errored by the run).
    public var status: String { record.passed ? "pass" : "fail" }

    public func writeJSON(to output: inout String) {
        var w = JSONObjectWriter(&output)
        w.string("object", "eval.run.output_item", &output)
        w.string("id", record.id, &output)
        w.int("created_at", createdAt, &output)
        w.string("run_id", runID, &output)
        w.string("eval_id", evalID, &output)
        w.string("status", status, &output)
        w.int("datasource_item_id", record.itemIndex, &output)
        w.json("datasource_item", record.item, &output)
        w.array("results", record.verdicts, &output) { verdict, output in
            var v = JSONObjectWriter(&output)
            v.string("name", verdict.criterionID, &output)
            v.string("type", verdict.type, &output)
            v.number("score", verdict.score, &output)
            v.bool("passed", verdict.passed, &output)
            v.json("sample", nil, &output)
            v.close(&output)
        }
        w.raw("sample", &output) { output in
            var s = JSONObjectWriter(&output)
            s.array("input", record.input, &output) { message, output in
                var m = JSONObjectWriter(&output)
                m.string("role", message.role, &output)
                m.string("content", message.content, &output)
                m.close(&output)
            }
            s.raw("output", &output) { output in
                guard let text = record.outputText else { output += "[]"; return }
                output += "[{\"role\":\"assistant\",\"content\":"
                JSONValue.writeString(text, to: &output)
                output += "}]"
            }
            s.string("finish_reason", record.outputText == nil ? "" : "stop", &output)
            s.string("model", record.model, &output)
            s.raw("usage", &output) { output in
                let usage = record.usage
                output += "{\"total_tokens\":\(usage.totalTokens),\"completion_tokens\":\(usage.completionTokens),"
                output += "\"prompt_tokens\":\(usage.promptTokens),\"cached_tokens\":\(usage.cachedTokens)}"
            }
            s.object("error", record.error, &output)
            s.number("temperature", record.sampling.temperature, &output)
            s.int("max_completion_tokens", record.sampling.maxCompletionTokens, &output)
            s.number("top_p", record.sampling.topP, &output)
            s.int("seed", record.sampling.seed, &output)
            s.close(&output)
        }
        w.close(&output)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.jsonText == rhs.jsonText }
    public func hash(into hasher: inout Hasher) { hasher.combine(jsonText) }
}

/// The answer to deleting an eval or a run (`eval.deleted`, `eval.run.deleted`).
public struct EvalDeletion: WireObject {
    /// `eval.deleted` or `eval.run.deleted`.
    public var object: String
    /// `eval_id` or `run_id`.
    public var idKey: String
    public var id: String

    public func writeJSON(to output: inout String) {
        var w = JSONObjectWriter(&output)
        w.string("object", object, &output)
        w.bool("deleted", true, &output)
        w.string(idKey, id, &output)
        w.close(&output)
    }
}
