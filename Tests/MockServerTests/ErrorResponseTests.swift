import Foundation
import Hummingbird
import HummingbirdTesting
import MockServer
import NIOCore
import Provider
import Testing

/// Every failure is the platform's four-key error with the right status.
struct ErrorResponseTests {
    @Test func requestWithoutKeyIs401WithThePlatformMessage() async throws {
        try await makeApp().test(.router) { client in
            for uri in ["/v1/files", "/v1/fine_tuning/jobs", "/v1/models"] {
                try await client.execute(uri: uri, method: .get) { response throws in
                    #expect(response.status == .unauthorized)
                    let error = try errorObject(response)
                    #expect(error == ErrorObject(message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", type: "invalid_request_error", param: nil, code: nil))
                }
            }
            try await client.execute(uri: "/v1/files", method: .get, headers: [.authorization: "Basic abc"]) { response throws in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/v1/files", method: .get, headers: [.authorization: "Bearer "]) { response throws in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func unknownFileAndJobAre404NamingTheID() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/v1/files/file-abc123", method: .get, headers: authorized()) { response throws in
                #expect(response.status == .notFound)
                #expect(try errorObject(response) == ErrorObject(message: "No such File object: file-abc123", type: "invalid_request_error", param: "id", code: nil))
            }
            try await client.execute(uri: "/v1/fine_tuning/jobs/ftjob-nope", method: .get, headers: authorized()) { response throws in
                #expect(response.status == .notFound)
                let error = try errorObject(response)
                #expect(error.message.contains("ftjob-nope"))
                #expect(error.type == "invalid_request_error")
            }
            try await client.execute(uri: "/v1/fine_tuning/jobs/ftjob-nope/cancel", method: .post, headers: authorized()) { response throws in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func unknownRouteIsInvalidURL() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/v1/foo", method: .get, headers: authorized()) { response throws in
                #expect(response.status == .notFound)
                #expect(try errorObject(response) == ErrorObject(message: "Invalid URL (GET /v1/foo)", type: "invalid_request_error", param: nil, code: nil))
                #expect(response.headers[.requestID] != nil)
            }
            try await client.execute(uri: "/v1/fine_tuning/jobs/ftjob-1/explode", method: .post, headers: authorized()) { response throws in
                #expect(try errorObject(response).message == "Invalid URL (POST /v1/fine_tuning/jobs/ftjob-1/explode)")
            }
        }
    }

    @Test(arguments: [
        ("/v1/fine_tuning/jobs", HTTPRequest.Method.delete, "GET, POST"),
        ("/v1/fine_tuning/jobs/ftjob-1", .post, "GET"),
        ("/v1/fine_tuning/jobs/ftjob-1/cancel", .get, "POST"),
        ("/v1/files/file-1", .put, "GET, DELETE"),
        ("/_rftsim/clock", .delete, "GET, POST"),
    ])
    func knownPathWithWrongMethodIs405(uri: String, method: HTTPRequest.Method, allow: String) async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: uri, method: method, headers: authorized()) { response throws in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == allow)
                let error = try errorObject(response)
                #expect(error.message == "Method \(method.rawValue) is not allowed on \(uri); it takes \(allow).")
                #expect(error.code == "method_not_allowed")
            }
        }
    }

    @Test func jsonEndpointsRefuseOtherContentTypesButAcceptNone() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/v1/fine_tuning/jobs", method: .post, headers: authorized([.contentType: "text/plain"]),
                                     body: body(#"{"model": "o4-mini"}"#)) { response throws in
                #expect(response.status == .unsupportedMediaType)
                let error = try errorObject(response)
                #expect(error.message.contains("text/plain"))
                #expect(error.message.contains("application/json"))
            }
            // No Content-Type: parsed as JSON (the provider then rejects the missing training_file).
            try await client.execute(uri: "/v1/fine_tuning/jobs", method: .post, headers: authorized(),
                                     body: body(#"{"model": "o4-mini-2025-04-16"}"#)) { response throws in
                #expect(response.status == .badRequest)
                #expect(try errorObject(response).param == "training_file")
            }
            // charset parameter is fine.
            try await client.execute(uri: "/_rftsim/clock/advance", method: .post, headers: [.contentType: "application/json; charset=utf-8"],
                                     body: body(#"{"seconds": 1}"#)) { response throws in
                #expect(response.status == .ok)
            }
            // Uploads must be multipart.
            try await client.execute(uri: "/v1/files", method: .post, headers: jsonHeaders, body: body("{}")) { response throws in
                #expect(response.status == .unsupportedMediaType)
                #expect(try errorObject(response).message.contains("multipart/form-data"))
            }
        }
    }

    @Test func bodiesOverTheLimitAre413() async throws {
        let provider = Provider(configuration: ProviderConfiguration(maximumFileBytes: 4096))
        let app = await makeApp(provider: provider, configuration: ServerConfiguration(maximumJSONBytes: 1024, multipartOverheadBytes: 1024))
        try await app.test(.router) { client in
            let big = #"{"model": "o4-mini-2025-04-16", "suffix": ""# + String(repeating: "x", count: 2000) + #""}"#
            try await client.execute(uri: "/v1/fine_tuning/jobs", method: .post, headers: jsonHeaders, body: body(big)) { response throws in
                #expect(response.status == .contentTooLarge)
                let error = try errorObject(response)
                #expect(error.message.contains("1024 bytes"))
                #expect(error.code == "request_too_large")
            }
            // Over the upload limit (file limit + framing): refused before parsing.
            let huge = MultipartBody(fields: [("purpose", "fine-tune")], file: ("file", "train.jsonl", String(repeating: "a", count: 8000)))
            try await client.execute(uri: "/v1/files", method: .post, headers: huge.headers, body: huge.buffer) { response throws in
                #expect(response.status == .contentTooLarge)
                #expect(try errorObject(response).message.contains("5120 bytes"))
            }
            // Within the framing allowance but over the file limit: the provider's 413 naming the file.
            let over = MultipartBody(fields: [("purpose", "fine-tune")], file: ("file", "train.jsonl", String(repeating: "a", count: 4500)))
            try await client.execute(uri: "/v1/files", method: .post, headers: over.headers, body: over.buffer) { response throws in
                #expect(response.status == .contentTooLarge)
                #expect(try errorObject(response).param == "file")
            }
        }
    }

    @Test func badJSONIs400SayingWhere() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/v1/fine_tuning/jobs", method: .post, headers: jsonHeaders,
                                     body: body("{\"model\": \"o4-mini\",, }")) { response throws in
                #expect(response.status == .badRequest)
                let error = try errorObject(response)
                #expect(error.message.hasPrefix("We could not parse the JSON body of your request."))
                #expect(error.message.contains("line 1, column 21 (byte 20): expected a quoted key, found ','"))
            }
            try await client.execute(uri: "/v1/fine_tuning/alpha/graders/run", method: .post, headers: jsonHeaders,
                                     body: body("{\n  \"grader\": tru\n}")) { response throws in
                #expect(response.status == .badRequest)
                #expect(try errorObject(response).message.contains("line 2, column 13 (byte 14): expected 'true', found 'tru'"))
            }
            try await client.execute(uri: "/v1/fine_tuning/jobs", method: .post, headers: jsonHeaders) { response throws in
                #expect(response.status == .badRequest)
                #expect(try errorObject(response).message.contains("The body is empty"))
            }
        }
    }

    @Test func wrongFieldTypesAre400NamingTheField() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/_rftsim/clock/advance", method: .post, headers: jsonHeaders, body: body(#"{"seconds": "ten"}"#)) { response throws in
                #expect(response.status == .badRequest)
                #expect(try errorObject(response) == ErrorObject(message: "Invalid type for 'seconds': expected a number, got a string.", type: "invalid_request_error", param: "seconds", code: "invalid_type"))
            }
            try await client.execute(uri: "/_rftsim/faults", method: .post, headers: jsonHeaders, body: body(#"{"route": "GET /v1/files", "status": "429"}"#)) { response throws in
                #expect(response.status == .badRequest)
                #expect(try errorObject(response).param == "status")
            }
            try await client.execute(uri: "/_rftsim/faults", method: .post, headers: jsonHeaders, body: body(#"{"route": "GET /v1/files", "status": 429, "retryAfter": 1}"#)) { response throws in
                #expect(response.status == .badRequest)
                #expect(try errorObject(response).param == "retryAfter")
            }
            try await client.execute(uri: "/v1/fine_tuning/jobs?limit=ten", method: .get, headers: authorized()) { response throws in
                #expect(response.status == .badRequest)
                #expect(try errorObject(response).param == "limit")
            }
        }
    }
}
