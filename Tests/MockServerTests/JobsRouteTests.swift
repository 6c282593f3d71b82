import Foundation
import Hummingbird
import HummingbirdTesting
import MockServer
import NIOCore
import Provider
import Testing

/// Jobs, graders and models over HTTP, end to end through the provider.
struct JobsRouteTests {
    @Test func rftJobRunsToSuccessAlongTheVirtualClock() async throws {
        try await makeApp().test(.router) { client in
            let training = try await upload(client, content: rftDataset(count: 12))
            let validation = try await upload(client, filename: "valid.jsonl", content: rftDataset(count: 4, offset: 50))
            let job = try await client.execute(uri: "/v1/fine_tuning/jobs", method: .post, headers: jsonHeaders,
                                               body: body(rftJobBody(training: training, validation: validation, metadata: #"{"team": "a b"}"#))) { response throws in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                let job = try jsonObject(response)
                #expect(job["object"] as? String == "fine_tuning.job")
                #expect(job["status"] as? String == "validating_files")
                return try #require(job["id"] as? String)
            }
            try await client.execute(uri: "/_rftsim/clock/advance", method: .post, headers: jsonHeaders, body: body(#"{"seconds": 864000}"#)) { _ in }
            let model = try await client.execute(uri: "/v1/fine_tuning/jobs/\(job)", method: .get, headers: authorized()) { response throws in
                let object = try jsonObject(response)
                #expect(object["status"] as? String == "succeeded")
                return try #require(object["fine_tuned_model"] as? String)
            }
            try await client.execute(uri: "/v1/fine_tuning/jobs/\(job)/events?limit=2", method: .get, headers: authorized()) { response throws in
                let page = try jsonObject(response)
                #expect(try listData(response).count == 2)
                #expect(page["has_more"] as? Bool == true)
            }
            let checkpoint = try await client.execute(uri: "/v1/fine_tuning/jobs/\(job)/checkpoints", method: .get, headers: authorized()) { response throws in
                let data = try #require(try jsonObject(response)["data"] as? [[String: Any]])
                #expect(!data.isEmpty)
                return try #require(data.first?["fine_tuned_model_checkpoint"] as? String)
            }
            // Model ids with colons route as one segment, raw or percent-encoded.
            for id in [model, checkpoint, model.replacingOccurrences(of: ":", with: "%3A")] {
                try await client.execute(uri: "/v1/models/\(id)", method: .get, headers: authorized()) { response throws in
                    #expect(response.status == .ok, "\(id): \(String(buffer: response.body))")
                    #expect(try jsonObject(response)["id"] as? String == id.removingPercentEncoding)
                }
            }
            // deepObject metadata filter, with the brackets percent-encoded as httpx sends them.
            try await client.execute(uri: "/v1/fine_tuning/jobs?metadata%5Bteam%5D=a+b", method: .get, headers: authorized()) { response throws in
                #expect(try listIDs(response) == [job])
            }
            try await client.execute(uri: "/v1/fine_tuning/jobs?metadata[team]=c", method: .get, headers: authorized()) { response throws in
                #expect(try listData(response).isEmpty)
            }
            try await client.execute(uri: "/v1/chat/completions", method: .post, headers: jsonHeaders,
                                     body: body(#"{"model": "\#(model)", "messages": [{"role": "user", "content": "What is 3 + 7? Answer with the number only."}]}"#)) { response throws in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                #expect(try jsonObject(response)["object"] as? String == "chat.completion")
            }
        }
    }

    @Test func unknownModelWithColonsIsTheProviders404NotInvalidURL() async throws {
        try await makeApp().test(.router) { client in
            let id = "ft:o4-mini-2025-04-16:org-rftsim::AbCd1234:ckpt-step-10"
            try await client.execute(uri: "/v1/models/\(id)", method: .get, headers: authorized()) { response throws in
                #expect(response.status == .notFound)
                let error = try errorObject(response)
                #expect(error.message.contains(id))
                #expect(error.code == "model_not_found")
            }
        }
    }

    @Test func cancelAndOutcomeThroughControl() async throws {
        try await makeApp().test(.router) { client in
            let training = try await upload(client, content: rftDataset(count: 12))
            let validation = try await upload(client, filename: "valid.jsonl", content: rftDataset(count: 4, offset: 50))
            let job = try await client.execute(uri: "/v1/fine_tuning/jobs", method: .post, headers: jsonHeaders,
                                               body: body(rftJobBody(training: training, validation: validation))) { try #require(try jsonObject($0)["id"] as? String) }
            try await client.execute(uri: "/_rftsim/jobs/\(job)/outcome", method: .post, headers: jsonHeaders, body: body(#"{"colour": 1}"#)) { response throws in
                #expect(response.status == .badRequest)
                #expect(try errorObject(response).param == "colour")
            }
            try await client.execute(uri: "/v1/fine_tuning/jobs/\(job)/cancel", method: .post, headers: authorized()) { response throws in
                #expect(response.status == .ok)
                #expect(try jsonObject(response)["status"] as? String == "cancelled")
            }
            try await client.execute(uri: "/v1/fine_tuning/jobs/\(job)/pause", method: .post, headers: authorized()) { response throws in
                #expect(response.status.code >= 400 && response.status.code < 500)
                _ = try errorObject(response)
            }
        }
    }

    @Test func graderRunAndValidate() async throws {
        try await makeApp().test(.router) { client in
            let grader = #"{"type": "string_check", "name": "g", "input": "{{sample.output_text}}", "reference": "{{item.answer}}", "operation": "eq"}"#
            try await client.execute(uri: "/v1/fine_tuning/alpha/graders/run", method: .post, headers: jsonHeaders,
                                     body: body(#"{"grader": \#(grader), "model_sample": "42", "item": {"answer": "42"}}"#)) { response throws in
                #expect(response.status == .ok, "\(String(buffer: response.body))")
                #expect(try jsonObject(response)["reward"] as? Double == 1)
            }
            try await client.execute(uri: "/v1/fine_tuning/alpha/graders/validate", method: .post, headers: jsonHeaders,
                                     body: body(#"{"grader": \#(grader)}"#)) { response throws in
                #expect(response.status == .ok)
                #expect(try jsonObject(response)["grader"] is [String: Any])
            }
            try await client.execute(uri: "/v1/fine_tuning/alpha/graders/validate", method: .post, headers: jsonHeaders,
                                     body: body(#"{"grader": {"type": "string_check"}}"#)) { response throws in
                #expect(response.status == .badRequest)
                #expect(try errorObject(response).param?.hasPrefix("grader") == true)
            }
        }
    }
}
