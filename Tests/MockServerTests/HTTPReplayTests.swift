import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MockServer
import NIOCore
import Provider
import Testing

/// The HTTP flows answer byte for byte as recorded in `Corpus/http-flows.jsonl`.
///
/// The script below drives the in-process server through every route, the job lifecycle's
/// legal and illegal moves, faults, key isolation and the control API. Each response's status,
/// the headers a client reads and the body are compared with the recorded ones, so a refactor
/// that changes any byte a client sees fails here. To record again after an intended change:
/// `RFTSIM_RECORD_CORPUS=1 swift test --filter HTTPReplayTests`, then review the diff.
struct HTTPReplayTests {
    /// One request of the script; `{{name}}` in `uri` or `body` is replaced by an id captured earlier.
    struct Step {
        var method: HTTPRequest.Method
        var uri: String
        var body: String?
        var key: String? = testKey
        var upload: (filename: String, purpose: String, content: String)?
        /// Stores the response's `field` under a name for later steps.
        var capture: (name: String, field: String)?

        static func get(_ uri: String, key: String? = testKey, capture: (String, String)? = nil) -> Step {
            Step(method: .get, uri: uri, key: key, capture: capture.map { (name: $0.0, field: $0.1) })
        }
        static func post(_ uri: String, _ body: String? = nil, key: String? = testKey,
                         capture: (String, String)? = nil) -> Step {
            Step(method: .post, uri: uri, body: body, key: key, capture: capture.map { (name: $0.0, field: $0.1) })
        }
        static func put(_ uri: String, _ body: String) -> Step { Step(method: .put, uri: uri, body: body) }
        static func delete(_ uri: String, key: String? = testKey) -> Step { Step(method: .delete, uri: uri, key: key) }
        static func upload(_ filename: String, _ content: String, purpose: String = "fine-tune", capture: String? = nil) -> Step {
            Step(method: .post, uri: "/v1/files", upload: (filename, purpose, content),
                 capture: capture.map { (name: $0, field: "id") })
        }
    }

    static let grader = #"{"type": "string_check", "name": "exact", "input": "{{sample.output_text}}", "reference": "{{item.answer}}", "operation": "eq"}"#
    static let sftLines = (0..<12).map { index in
        #"{"messages":[{"role":"user","content":"Say \#(index)"},{"role":"assistant","content":"\#(index)"}]}"#
    }.joined(separator: "\n") + "\n"

    static func rftJob(_ training: String = "{{train}}", _ validation: String = "{{valid}}", metadata: String = "null",
                       extra: String = "") -> String {
        #"{"model": "o4-mini-2025-04-16", "training_file": "\#(training)", "validation_file": "\#(validation)", "metadata": \#(metadata),\#(extra) "method": {"type": "reinforcement", "reinforcement": {"grader": \#(grader), "hyperparameters": {"n_epochs": 1, "batch_size": 4}}}}"#
    }

    /// The script: ids are deterministic, so the same script gives the same ids every run.
    static let script: [Step] = [
        // Files.
        .upload("train.jsonl", rftDataset(count: 12), capture: "train"),
        .upload("valid.jsonl", rftDataset(count: 4, offset: 50), capture: "valid"),
        .upload("sft.jsonl", sftLines, capture: "sft"),
        .upload("notes.txt", "hello", purpose: "assistants", capture: "notes"),
        .upload("bad.txt", "hello"),
        .upload("train.jsonl", "x", purpose: "nonsense"),
        .upload("broken.jsonl", "{\"messages\": tru\n", capture: "broken"),
        .get("/v1/files"),
        .get("/v1/files?purpose=fine-tune&limit=2"),
        .get("/v1/files/{{train}}"),
        .get("/v1/files/{{valid}}/content"),
        .get("/v1/files/file-doesnotexist"),
        .delete("/v1/files/{{notes}}"),
        .delete("/v1/files/{{notes}}"),
        .get("/v1/files", key: nil),
        // Jobs: refusals.
        .post("/v1/fine_tuning/jobs", "{}"),
        .post("/v1/fine_tuning/jobs", #"{"model": "gpt-nothing", "training_file": "{{train}}"}"#),
        .post("/v1/fine_tuning/jobs", rftJob("{{train}}", "file-missing")),
        // Strict requests refuse an unknown key (the default ignores it: docs/PROVIDER.md, "Leniency").
        .put("/_rftsim/organization", #"{"strict_requests": true}"#),
        .post("/v1/fine_tuning/jobs", rftJob(extra: #" "test_file": "{{valid}}","#)),
        .put("/_rftsim/organization", #"{"strict_requests": false}"#),
        .post("/v1/fine_tuning/jobs", "{\"model\": tru"),
        // Jobs: one to succeed, one to pause/resume/cancel, one failing at a step, one failing validation.
        .post("/v1/fine_tuning/jobs", rftJob(metadata: #"{"team": "a b"}"#), capture: ("job", "id")),
        .post("/v1/fine_tuning/jobs", rftJob(), capture: ("pausing", "id")),
        .post("/v1/fine_tuning/jobs", rftJob(), capture: ("failing", "id")),
        .post("/v1/fine_tuning/jobs", rftJob("{{broken}}", "{{valid}}"), capture: ("invalid", "id")),
        .post("/v1/fine_tuning/jobs", rftJob(), capture: ("unvalidated", "id")),
        .post("/v1/fine_tuning/jobs", #"{"model": "gpt-4.1-mini-2025-04-14", "training_file": "{{sft}}", "suffix": "sft", "method": {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 2}}}}"#, capture: ("sftjob", "id")),
        .post("/_rftsim/jobs/{{failing}}/outcome", #"{"fail_at_step": 2, "message": "boom"}"#),
        .post("/_rftsim/jobs/{{job}}/outcome", #"{"colour": 1}"#),
        .post("/_rftsim/jobs/ftjob-nothing/outcome", #"{"fail_at_step": 1}"#),
        .get("/v1/fine_tuning/jobs/{{job}}"),
        .post("/v1/fine_tuning/jobs/{{job}}/pause"),
        .post("/v1/fine_tuning/jobs/{{job}}/resume"),
        .post("/_rftsim/clock/advance", #"{"seconds": 30}"#),
        .get("/v1/fine_tuning/jobs/{{invalid}}"),
        .post("/_rftsim/jobs/{{unvalidated}}/outcome", #"{"fail_validation": true, "message": "nope"}"#),
        .post("/_rftsim/clock/advance", #"{"seconds": 75}"#),
        .post("/_rftsim/jobs/{{job}}/outcome", #"{"fail_validation": true}"#),
        .get("/v1/fine_tuning/jobs/{{job}}"),
        .post("/v1/fine_tuning/jobs/{{pausing}}/pause"),
        .post("/_rftsim/clock/advance", #"{"seconds": 400}"#),
        .post("/v1/fine_tuning/jobs/{{pausing}}/pause"),
        .post("/v1/fine_tuning/jobs/{{pausing}}/pause"),
        .post("/v1/fine_tuning/jobs/{{pausing}}/resume"),
        .post("/v1/fine_tuning/jobs/{{pausing}}/resume"),
        .post("/_rftsim/jobs/{{job}}/outcome", #"{"fail_at_step": 1}"#),
        .get("/v1/fine_tuning/jobs/{{pausing}}"),
        .post("/v1/fine_tuning/jobs/{{pausing}}/cancel"),
        .post("/v1/fine_tuning/jobs/{{pausing}}/cancel"),
        .post("/v1/fine_tuning/jobs/{{pausing}}/resume"),
        .post("/v1/fine_tuning/jobs/{{pausing}}/pause"),
        .post("/v1/fine_tuning/jobs/ftjob-nothing/cancel"),
        .post("/_rftsim/clock/advance", #"{"seconds": 864000}"#),
        .get("/v1/fine_tuning/jobs/{{job}}"),
        .get("/v1/fine_tuning/jobs/{{failing}}"),
        .get("/v1/fine_tuning/jobs/{{invalid}}"),
        .get("/v1/fine_tuning/jobs/{{sftjob}}"),
        .post("/v1/fine_tuning/jobs/{{job}}/cancel"),
        .post("/v1/fine_tuning/jobs/{{job}}/pause"),
        .post("/v1/fine_tuning/jobs/{{failing}}/resume"),
        .post("/_rftsim/jobs/{{job}}/outcome", #"{"fail_at_step": 1}"#),
        .get("/v1/fine_tuning/jobs"),
        .get("/v1/fine_tuning/jobs?limit=2&after={{failing}}"),
        .get("/v1/fine_tuning/jobs?metadata%5Bteam%5D=a+b"),
        .get("/v1/fine_tuning/jobs/{{job}}/events?limit=5"),
        .get("/v1/fine_tuning/jobs/{{failing}}/events"),
        .get("/v1/fine_tuning/jobs/{{sftjob}}/events?limit=3"),
        .get("/v1/fine_tuning/jobs/{{job}}/checkpoints"),
        .get("/v1/fine_tuning/jobs/{{sftjob}}/checkpoints?limit=1"),
        .get("/v1/files"),
        // The tuned model, its checkpoints and their permissions.
        .get("/v1/fine_tuning/jobs/{{job}}", capture: ("model", "fine_tuned_model")),
        .get("/v1/models"),
        .get("/v1/models/o4-mini-2025-04-16"),
        .get("/v1/models/{{model}}"),
        .get("/v1/models/{{model}}:ckpt-step-2"),
        .get("/v1/models/ft:o4-mini-2025-04-16:org-rftsim::AbCd1234"),
        .post("/v1/chat/completions", #"{"model": "{{model}}", "messages": [{"role": "user", "content": "What is 3 + 7? Answer with the number only."}], "n": 2, "seed": 7}"#),
        .post("/v1/chat/completions", #"{"model": "{{model}}", "messages": [], "stream": true}"#),
        .post("/v1/responses", #"{"model": "{{model}}:ckpt-step-2", "input": "What is 3 + 7? Answer with the number only."}"#),
        .post("/v1/responses", #"{"model": "o4-mini-2025-04-16", "input": "hi"}"#),
        .post("/v1/fine_tuning/checkpoints/{{model}}:ckpt-step-2/permissions", #"{"project_ids": ["proj_a", "proj_b"]}"#, capture: ("permissions", "first_id")),
        .post("/v1/fine_tuning/checkpoints/{{model}}:ckpt-step-2/permissions", #"{"project_ids": []}"#),
        .post("/v1/fine_tuning/checkpoints/ft:nothing:ckpt-step-1/permissions", #"{"project_ids": ["proj_a"]}"#),
        .get("/v1/fine_tuning/checkpoints/{{model}}:ckpt-step-2/permissions?project_id=proj_b"),
        .delete("/v1/fine_tuning/checkpoints/{{model}}:ckpt-step-2/permissions/{{permissions}}"),
        .delete("/v1/fine_tuning/checkpoints/{{model}}:ckpt-step-2/permissions/{{permissions}}"),
        .get("/v1/fine_tuning/checkpoints/{{model}}:ckpt-step-2/permissions"),
        // Graders.
        .post("/v1/fine_tuning/alpha/graders/run", #"{"grader": \#(grader), "model_sample": "42", "item": {"answer": "42"}}"#),
        .post("/v1/fine_tuning/alpha/graders/run", #"{"grader": {"type": "string_check", "name": "x", "input": "a", "reference": "b", "operation": "nope"}, "model_sample": "42"}"#),
        .post("/v1/fine_tuning/alpha/graders/validate", #"{"grader": \#(grader)}"#),
        .post("/v1/fine_tuning/alpha/graders/validate", #"{"grader": \#(grader), "extra": 1}"#),
        // Faults.
        .post("/_rftsim/faults", #"[{"route": "GET /v1/fine_tuning/jobs/{id}", "status": 429, "retry_after": 2, "count": 2}, {"route": "POST *", "status": 500, "message": "down"}]"#),
        .post("/_rftsim/faults", #"{"route": "nonsense", "status": 429}"#),
        .post("/_rftsim/faults", #"{"route": "* *", "retryAfter": 1}"#),
        .get("/_rftsim/faults"),
        .get("/v1/fine_tuning/jobs/{{job}}"),
        .get("/v1/fine_tuning/jobs/{{job}}/events?limit=1"),
        .get("/v1/fine_tuning/jobs/{{job}}"),
        .post("/v1/fine_tuning/jobs/{{job}}/cancel"),
        .get("/v1/fine_tuning/jobs/{{job}}"),
        .post("/_rftsim/faults", #"{"route": "GET /v1/models", "status": 401}"#),
        .get("/v1/models"),
        .post("/_rftsim/faults", #"{"route": "GET /v1/models", "status": 404, "message": "gone"}"#),
        .get("/v1/models"),
        .post("/_rftsim/faults", #"{"route": "GET /v1/models", "delay": 0}"#),
        .get("/_rftsim/faults"),
        .delete("/_rftsim/faults"),
        // Control API.
        .get("/_rftsim/clock"),
        .post("/_rftsim/clock", #"{"mode": "scaled", "factor": -1}"#),
        .post("/_rftsim/clock", #"{"mode": "virtual"}"#),
        .post("/_rftsim/clock", #"{"mode": 3}"#),
        .post("/_rftsim/clock", #"{}"#),
        .post("/_rftsim/clock/advance", #"{"seconds": -1}"#),
        .post("/_rftsim/clock/advance", #"{"seconds": "x"}"#),
        .get("/_rftsim/organization"),
        .put("/_rftsim/organization", #"{"verified": false, "data_sharing": true}"#),
        .post("/v1/fine_tuning/jobs", rftJob()),
        .put("/_rftsim/organization", #"{"verified": true, "colour": 1}"#),
        .put("/_rftsim/organization", #"{"verified": true}"#),
        .post("/v1/fine_tuning/jobs", rftJob(), capture: ("shared", "id")),
        .get("/_rftsim/price-sheet"),
        .put("/_rftsim/price-sheet", #"{"name": "nope"}"#),
        .put("/_rftsim/price-sheet", #"{"name": "current-2026"}"#),
        .post("/_rftsim/clock", #"{"mode": "instant"}"#),
        .get("/v1/fine_tuning/jobs/{{shared}}"),
        .get("/_rftsim/billing"),
        .get("/_rftsim/requests"),
        .get("/_rftsim/state"),
        // Key isolation.
        .put("/_rftsim/organization", #"{"isolate_by_key": true}"#),
        .get("/v1/fine_tuning/jobs/{{job}}", key: "sk-rftsim-other-key-0002"),
        .get("/v1/files", key: "sk-rftsim-other-key-0002"),
        .get("/v1/fine_tuning/jobs", key: "sk-rftsim-other-key-0002"),
        .get("/v1/fine_tuning/jobs?limit=1"),
        // Routes and bodies the server refuses.
        .get("/v1/nothing/here"),
        .post("/v1/fine_tuning/jobs", nil),
        .post("/_rftsim/reset"),
        .get("/_rftsim/state"),
        // Evals (appended after the reset, so the flows above keep their ids): an eval, a refusal
        // naming the path, a jsonl run along the clock, its output items, and an RFT job's eval.
        .upload("train.jsonl", rftDataset(count: 12), capture: "etrain"),
        .upload("valid.jsonl", rftDataset(count: 4, offset: 50), capture: "evalid"),
        .post("/v1/evals", #"{"name": "sums", "data_source_config": {"type": "custom", "item_schema": {"type": "object", "properties": {"answer": {"type": "string"}}}}, "testing_criteria": [{"type": "string_check", "name": "exact", "input": "{{sample.output_text}}", "reference": "{{item.answr}}", "operation": "eq"}]}"#),
        .post("/v1/evals", #"{"name": "sums", "data_source_config": {"type": "custom", "item_schema": {"type": "object", "properties": {"answer": {"type": "string"}}}, "include_sample_schema": true}, "testing_criteria": [\#(grader), {"type": "text_similarity", "name": "close", "evaluation_metric": "fuzzy_match", "pass_threshold": 0.8, "input": "{{sample.output_text}}", "reference": "{{item.answer}}"}]}"#,
              capture: ("eval", "id")),
        .post("/v1/evals/{{eval}}/runs", #"{"name": "given", "data_source": {"type": "jsonl", "source": {"type": "file_content", "content": [{"item": {"answer": "4"}, "sample": {"output_text": "4"}}, {"item": {"answer": "6"}, "sample": {"output_text": "7"}}, {"item": {"answer": 8}}]}}}"#),
        .post("/v1/evals/{{eval}}/runs", #"{"name": "given", "data_source": {"type": "jsonl", "source": {"type": "file_content", "content": [{"item": {"answer": "4"}, "sample": {"output_text": "4"}}, {"item": {"answer": "6"}, "sample": {"output_text": "7"}}]}}}"#,
              capture: ("run", "id")),
        .get("/v1/evals/{{eval}}/runs/{{run}}"),
        .post("/_rftsim/clock/advance", #"{"seconds": 3600}"#),
        .get("/v1/evals/{{eval}}/runs/{{run}}"),
        .get("/v1/evals/{{eval}}/runs/{{run}}/output_items?limit=1"),
        .get("/v1/evals/{{eval}}/runs?status=completed"),
        .put("/_rftsim/organization", #"{"verified": true}"#),
        .post("/v1/fine_tuning/jobs", rftJob("{{etrain}}", "{{evalid}}"), capture: ("jobeval", "eval_id")),
        .post("/_rftsim/clock/advance", #"{"seconds": 864000}"#),
        .get("/v1/evals/{{jobeval}}"),
        .get("/v1/evals/{{jobeval}}/runs?limit=1&order=desc", capture: ("jobrun", "first_id")),
        .get("/v1/evals/{{jobeval}}/runs/{{jobrun}}/output_items?limit=2"),
        .get("/v1/evals?order=desc"),
    ]

    /// The recorded pairs, one JSON object per line.
    static let corpusURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Corpus/http-flows.jsonl")

    @Test func httpFlowsAnswerAsRecorded() async throws {
        let transcript = try await Self.run()
        if ProcessInfo.processInfo.environment["RFTSIM_RECORD_CORPUS"] == "1" {
            try FileManager.default.createDirectory(at: Self.corpusURL.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(transcript.joined(separator: "\n").appending("\n").utf8).write(to: Self.corpusURL)
            return
        }
        let recorded = try String(contentsOf: Self.corpusURL, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(recorded.count == transcript.count)
        // Byte for byte, every route included: the corpus was recorded by another process, and
        // key order must not depend on the process (docs/PROVIDER.md, "Stable JSON").
        for (index, (expected, actual)) in zip(recorded, transcript).enumerated() {
            #expect(actual == expected, "step \(index + 1) of the corpus answers differently:\n\(expected)\n\(actual)")
        }
    }

    @Test("The same requests on two fresh servers give the same bytes")
    func twoFreshServersAnswerTheSameBytes() async throws {
        let first = try await Self.run()
        let second = try await Self.run()
        #expect(first.count == second.count)
        for (index, (one, other)) in zip(first, second).enumerated() {
            #expect(one == other, "step \(index + 1) differs between two fresh servers:\n\(one)\n\(other)")
        }
    }

    /// Runs the script and returns one JSON line per step: the request and what came back.
    static func run() async throws -> [String] {
        try await makeApp().test(.router) { client in
            var captured: [String: String] = [:]
            var lines: [String] = []
            for step in script {
                let uri = substitute(step.uri, captured)
                var headers = HTTPFields()
                if let key = step.key { headers[.authorization] = "Bearer \(key)" }
                var requestBody: ByteBuffer?
                if let upload = step.upload {
                    let form = MultipartBody(fields: [("purpose", upload.purpose)], file: ("file", upload.filename, upload.content))
                    headers[.contentType] = form.contentType
                    requestBody = form.buffer
                } else if let text = step.body {
                    headers[.contentType] = "application/json"
                    requestBody = ByteBuffer(string: substitute(text, captured))
                }
                let (line, value) = try await client.execute(uri: uri, method: step.method, headers: headers, body: requestBody) { response in
                    let text = normalized(String(buffer: response.body), uri: uri)
                    var record: [String: Any] = ["request": "\(step.method.rawValue) \(uri)", "status": Int(response.status.code), "body": text]
                    if let body = step.body { record["request_body"] = substitute(body, captured) }
                    var shown: [String: String] = [:]
                    for name in ["content-type", "retry-after", "x-rftsim-fault", "x-request-id", "connection"] {
                        if let value = response.headers[HTTPField.Name(name)!] { shown[name] = value }
                    }
                    record["headers"] = shown
                    let data = try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys, .withoutEscapingSlashes])
                    let captureValue = step.capture.flatMap { capture in
                        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?[capture.field] as? String
                    }
                    return (String(decoding: data, as: UTF8.self), captureValue)
                }
                if let capture = step.capture {
                    #expect(value != nil, "step \(uri) gave no \(capture.field)")
                    captured[capture.name] = value ?? "(none)"
                }
                lines.append(line)
            }
            return lines
        }
    }

    static func substitute(_ text: String, _ captured: [String: String]) -> String {
        var text = text
        for (name, value) in captured { text = text.replacingOccurrences(of: "{{\(name)}}", with: value) }
        return text
    }

    /// The request log carries real durations: they are the one part that is not deterministic.
    static func normalized(_ body: String, uri: String) -> String {
        guard uri.hasPrefix("/_rftsim/requests") else { return body }
        return body.replacingOccurrences(of: #""duration":[0-9.eE+-]+"#, with: #""duration":0"#, options: .regularExpression)
    }
}
