import Foundation
import Hummingbird
import HummingbirdTesting
import MockServer
import NIOCore
import Provider
import Testing

/// `/v1/evals` over HTTP: routes, pagination, the clock, and 400s naming the JSON path.
struct EvalsRouteTests {
    static let evalJSON = """
        {"name": "sums", "data_source_config": {"type": "custom", "include_sample_schema": true,
          "item_schema": {"type": "object", "properties": {"question": {"type": "string"}, "answer": {"type": "string"}}, "required": ["answer"]}},
         "testing_criteria": [{"type": "string_check", "name": "exact", "operation": "eq",
                               "input": "{{sample.output_text}}", "reference": "{{item.answer}}"}]}
        """

    static func runJSON(rows: Int) -> String {
        let content = (0..<rows).map { i in
            #"{"item": {"question": "\#(i) + \#(i)?", "answer": "\#(2 * i)"}, "sample": {"output_text": "\#(i.isMultiple(of: 2) ? 2 * i : -1)"}}"#
        }
        return #"{"name": "given", "data_source": {"type": "jsonl", "source": {"type": "file_content", "content": [\#(content.joined(separator: ","))]}}}"#
    }

    @Test func evalRunsAndOutputItemsOverHTTP() async throws {
        try await makeApp().test(.router) { client in
            let evalID = try await client.execute(uri: "/v1/evals", method: .post, headers: jsonHeaders, body: body(Self.evalJSON)) { response throws in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                let eval = try jsonObject(response)
                #expect(eval["object"] as? String == "eval")
                let config = try #require(eval["data_source_config"] as? [String: Any])
                #expect(config["type"] as? String == "custom" && config["schema"] != nil)
                return try #require(eval["id"] as? String)
            }
            let runID = try await client.execute(uri: "/v1/evals/\(evalID)/runs", method: .post, headers: jsonHeaders, body: body(Self.runJSON(rows: 5))) { response throws in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                let run = try jsonObject(response)
                #expect(run["object"] as? String == "eval.run" && run["status"] as? String == "queued")
                #expect((run["per_model_usage"] as? [Any])?.isEmpty == true)
                return try #require(run["id"] as? String)
            }
            try await client.execute(uri: "/_rftsim/clock/advance", method: .post, headers: jsonHeaders, body: body(#"{"seconds": 600}"#)) { _ in }
            try await client.execute(uri: "/v1/evals/\(evalID)/runs/\(runID)", method: .get, headers: authorized()) { response throws in
                let run = try jsonObject(response)
                #expect(run["status"] as? String == "completed")
                let counts = try #require(run["result_counts"] as? [String: Int])
                #expect(counts == ["total": 5, "errored": 0, "failed": 2, "passed": 3])
            }
            let first = try await client.execute(uri: "/v1/evals/\(evalID)/runs/\(runID)/output_items?limit=2", method: .get, headers: authorized()) { response throws in
                let page = try jsonObject(response)
                #expect(page["has_more"] as? Bool == true && page["first_id"] is String && page["last_id"] is String)
                #expect(try listData(response).map { $0["status"] as? String } == ["pass", "fail"])
                return try #require(try listIDs(response).last)
            }
            try await client.execute(uri: "/v1/evals/\(evalID)/runs/\(runID)/output_items?after=\(first)&status=pass", method: .get, headers: authorized()) { response throws in
                #expect(try listData(response).map { $0["datasource_item_id"] as? Int } == [2, 4])
            }
            try await client.execute(uri: "/v1/evals/\(evalID)/runs/\(runID)/output_items/\(first)", method: .get, headers: authorized()) { response throws in
                #expect(try jsonObject(response)["id"] as? String == first)
            }
            try await client.execute(uri: "/v1/evals?order=desc&limit=1", method: .get, headers: authorized()) { response throws in
                #expect(try listIDs(response) == [evalID])
            }
            try await client.execute(uri: "/v1/evals/\(evalID)/runs/\(runID)", method: .post, headers: jsonHeaders, body: body("{}")) { response throws in
                #expect(response.status == .badRequest)
                #expect(try errorObject(response).code == "invalid_run_state")
            }
            try await client.execute(uri: "/v1/evals/\(evalID)", method: .post, headers: jsonHeaders, body: body(#"{"name": "renamed"}"#)) { response throws in
                #expect(try jsonObject(response)["name"] as? String == "renamed")
            }
            try await client.execute(uri: "/v1/evals/\(evalID)/runs/\(runID)", method: .delete, headers: authorized()) { response throws in
                #expect(try jsonObject(response)["deleted"] as? Bool == true)
            }
            try await client.execute(uri: "/v1/evals/\(evalID)", method: .delete, headers: authorized()) { response throws in
                #expect(try jsonObject(response)["object"] as? String == "eval.deleted")
            }
            try await client.execute(uri: "/v1/evals/\(evalID)", method: .get, headers: authorized()) { response throws in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/v1/evals/\(evalID)", method: .put, headers: authorized()) { response throws in
                #expect(response.status == .methodNotAllowed)
            }
        }
    }

    @Test func malformedEvalsAndRunsAre400sNamingThePath() async throws {
        try await makeApp().test(.router) { client in
            let cases: [(String, String)] = [
                (Self.evalJSON.replacingOccurrences(of: "{{item.answer}}", with: "{{item.answr}}"), "testing_criteria[0].reference"),
                (Self.evalJSON.replacingOccurrences(of: #""operation": "eq""#, with: #""operation": "equals""#), "testing_criteria[0].operation"),
                (Self.evalJSON.replacingOccurrences(of: #""type": "custom""#, with: #""type": "files""#), "data_source_config.type"),
                (Self.evalJSON.replacingOccurrences(of: #""name": "sums","#, with: #""name": "sums", "colour": "blue","#), "colour"),
                (#"{"data_source_config": {"type": "custom", "item_schema": {}}}"#, "testing_criteria"),
            ]
            for (json, param) in cases {
                try await client.execute(uri: "/v1/evals", method: .post, headers: jsonHeaders, body: body(json)) { response throws in
                    #expect(response.status == .badRequest, "\(param)")
                    #expect(try errorObject(response).param == param)
                }
            }
            try await client.execute(uri: "/v1/evals", method: .get, headers: authorized()) { response throws in
                #expect(try listIDs(response).isEmpty)
            }
            let evalID = try await client.execute(uri: "/v1/evals", method: .post, headers: jsonHeaders, body: body(Self.evalJSON)) { response throws in
                try #require(try jsonObject(response)["id"] as? String)
            }
            let runCases: [(String, String)] = [
                (Self.runJSON(rows: 2).replacingOccurrences(of: #""answer": "2""#, with: #""answer": 2"#), "data_source.source.content[1].item.answer"),
                (Self.runJSON(rows: 1).replacingOccurrences(of: #""type": "jsonl""#, with: #""type": "csv""#), "data_source.type"),
                (#"{"data_source": {"type": "jsonl", "source": {"type": "file_id", "id": "file-nope"}}}"#, "data_source.source.id"),
                (#"{"data_source": {"type": "completions", "model": "o4-mini", "source": {"type": "file_content", "content": [{"item": {"answer": "1"}}]}, "input_messages": {"type": "template", "template": [{"role": "user", "content": "{{item.question"}]}}}"#,
                 "data_source.input_messages.template[0].content"),
                (#"{"data_source": {"type": "completions", "model": "o4-mini", "source": {"type": "file_content", "content": [{"item": {"answer": "1"}}]}, "input_messages": {"type": "template", "template": [{"role": "user", "content": "hi"}]}, "sampling_params": {"temperature": 9}}}"#,
                 "data_source.sampling_params.temperature"),
            ]
            for (json, param) in runCases {
                try await client.execute(uri: "/v1/evals/\(evalID)/runs", method: .post, headers: jsonHeaders, body: body(json)) { response throws in
                    #expect(response.status == .badRequest, "\(param): \(String(buffer: response.body))")
                    #expect(try errorObject(response).param == param)
                }
            }
            try await client.execute(uri: "/v1/evals/\(evalID)/runs", method: .get, headers: authorized()) { response throws in
                #expect(try listIDs(response).isEmpty)
            }
            try await client.execute(uri: "/v1/evals/eval_nope/runs", method: .get, headers: authorized()) { response throws in
                #expect(response.status == .notFound)
            }
        }
    }
}
