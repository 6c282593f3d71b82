import Foundation
import Hummingbird
import HummingbirdTesting
import MockServer
import NIOCore
import Provider
import Testing

/// `/_rftsim`: clock, faults, request log, organisation, reset, request ids.
struct ControlRouteTests {
    @Test func clockRoundTrip() async throws {
        try await makeApp().test(.router) { client in
            let start = try await client.execute(uri: "/_rftsim/clock", method: .get) { response throws in
                let clock = try jsonObject(response)
                #expect(clock["mode"] as? String == "virtual")
                #expect(clock["factor"] is NSNull)
                return try #require(clock["now"] as? Double)
            }
            try await client.execute(uri: "/_rftsim/clock/advance", method: .post, headers: jsonHeaders, body: body(#"{"seconds": 3600}"#)) { response throws in
                #expect(response.status == .ok)
                #expect(try jsonObject(response)["now"] as? Double == start + 3600)
            }
            try await client.execute(uri: "/_rftsim/clock", method: .post, headers: jsonHeaders, body: body(#"{"mode": "scaled", "factor": 60}"#)) { response throws in
                let clock = try jsonObject(response)
                #expect(clock["mode"] as? String == "scaled")
                #expect(clock["factor"] as? Double == 60)
            }
            try await client.execute(uri: "/_rftsim/clock", method: .post, headers: jsonHeaders, body: body(#"{"mode": "sideways"}"#)) { response throws in
                #expect(response.status == .badRequest)
                #expect(try errorObject(response).param == "mode")
            }
            try await client.execute(uri: "/_rftsim/clock", method: .post, headers: jsonHeaders, body: body(#"{"mode": "virtual"}"#)) { response throws in
                #expect(try jsonObject(response)["mode"] as? String == "virtual")
            }
            try await client.execute(uri: "/_rftsim/clock/advance", method: .post, headers: jsonHeaders, body: body(#"{"seconds": -5}"#)) { response throws in
                #expect(response.status == .badRequest)
                #expect(try errorObject(response).param == "seconds")
            }
        }
    }

    @Test func twoRateLimitsWithRetryAfterThenSuccess() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/_rftsim/faults", method: .post, headers: jsonHeaders,
                                     body: body(#"{"route": "GET /v1/files", "status": 429, "count": 2, "retry_after": 1}"#)) { response throws in
                #expect(response.status == .ok)
                let rules = try #require(try jsonObject(response)["data"] as? [[String: Any]])
                #expect(rules.count == 1)
                #expect(rules.first?["retry_after"] as? Int == 1)
            }
            for _ in 0..<2 {
                try await client.execute(uri: "/v1/files", method: .get, headers: authorized()) { response throws in
                    #expect(response.status == .tooManyRequests)
                    #expect(response.headers[.retryAfter] == "1")
                    #expect(response.headers[.shouldRetry] == nil)
                    #expect(response.headers[.rftsimFault] == "429")
                    #expect(try errorObject(response) == ErrorObject(message: "Simulated fault (rftsim)", type: "rate_limit_error", param: nil, code: "rate_limit_exceeded"))
                }
            }
            try await client.execute(uri: "/v1/files", method: .get, headers: authorized()) { response throws in
                #expect(response.status == .ok)
                #expect(response.headers[.retryAfter] == nil)
            }
            try await client.execute(uri: "/_rftsim/faults", method: .get) { response throws in
                #expect(try listData(response).isEmpty)
            }
        }
    }

    @Test func faultsMatchParametrisedRoutesWithTheirMessageAndNeverBlockTheControlAPI() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/_rftsim/faults", method: .post, headers: jsonHeaders,
                                     body: body(#"[{"route": "GET /v1/fine_tuning/jobs/{id}", "status": 503, "message": "overloaded"}, {"route": "* *", "status": 500, "count": 5}]"#)) { response throws in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/v1/fine_tuning/jobs/ftjob-1", method: .get, headers: authorized()) { response throws in
                #expect(response.status == .serviceUnavailable)
                #expect(try errorObject(response) == ErrorObject(message: "overloaded", type: "server_error", param: nil, code: nil))
            }
            try await client.execute(uri: "/v1/models", method: .get, headers: authorized()) { response throws in
                #expect(response.status == .internalServerError)
                #expect(try errorObject(response).type == "server_error")
            }
            // `* *` does not reach /_rftsim: the faults can still be cleared.
            try await client.execute(uri: "/_rftsim/faults", method: .delete) { response throws in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/v1/models", method: .get, headers: authorized()) { response throws in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func delayFaultWaitsThenAnswers() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/_rftsim/faults", method: .post, headers: jsonHeaders,
                                     body: body(#"{"route": "GET /v1/models", "delay": 0.3}"#)) { _ in }
            let clock = ContinuousClock()
            let start = clock.now
            try await client.execute(uri: "/v1/models", method: .get, headers: authorized()) { response throws in
                #expect(response.status == .ok)
                #expect(response.headers[.rftsimFault] == "delay 0.3s")
            }
            #expect(clock.now - start >= .milliseconds(290))
            try await client.execute(uri: "/_rftsim/requests", method: .get) { response throws in
                let entry = try #require(try listData(response).first)
                #expect(try #require(entry["duration"] as? Double) >= 0.29)
            }
        }
    }

    @Test func requestLogRecordsAPITrafficOnly() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/_rftsim/faults", method: .post, headers: jsonHeaders,
                                     body: body(#"{"route": "GET /v1/models", "status": 429}"#)) { _ in }
            let ids = try await [
                client.execute(uri: "/v1/models", method: .get, headers: authorized()) { $0.headers[.requestID] },
                client.execute(uri: "/v1/files?purpose=fine-tune", method: .get, headers: authorized()) { $0.headers[.requestID] },
                client.execute(uri: "/v1/files", method: .get) { $0.headers[.requestID] },
            ]
            try await client.execute(uri: "/_rftsim/requests", method: .get) { response throws in
                let entries = try #require(try jsonObject(response)["data"] as? [[String: Any]])
                #expect(entries.count == 3)
                #expect(entries.map { $0["sequence"] as? Int } == [1, 2, 3])
                #expect(entries.map { $0["method"] as? String } == ["GET", "GET", "GET"])
                #expect(entries.map { $0["path"] as? String } == ["/v1/models", "/v1/files", "/v1/files"])
                #expect(entries.map { $0["status"] as? Int } == [429, 200, 401])
                #expect(entries[1]["query"] as? String == "purpose=fine-tune")
                #expect(entries[0]["fault"] as? String == "429")
                #expect(entries[0]["key"] as? String == "sk-…0001")
                #expect(entries[2]["key"] == nil || entries[2]["key"] is NSNull)  // no key sent, none recorded
                #expect(entries.map { $0["request_id"] as? String } == ids)
                #expect(entries.allSatisfy { ($0["duration"] as? Double).map { $0 >= 0 && $0 < 10 } == true })
            }
        }
    }

    @Test func requestIDsCountAndRestartOnReset() async throws {
        try await makeApp().test(.router) { client in
            let first = try await client.execute(uri: "/v1/models", method: .get, headers: authorized()) { $0.headers[.requestID] }
            let second = try await client.execute(uri: "/v1/nothing", method: .get) { $0.headers[.requestID] }
            #expect(first == "req_1")
            #expect(second == "req_2")
            try await client.execute(uri: "/_rftsim/reset", method: .post) { response throws in
                #expect(response.status == .ok)
            }
            let afterReset = try await client.execute(uri: "/v1/models", method: .get, headers: authorized()) { $0.headers[.requestID] }
            #expect(afterReset == "req_1")
        }
    }

    @Test func resetWithASeedChangesEveryIdAndTheSameSeedGivesTheSameIds() async throws {
        try await makeApp().test(.router) { client in
            func firstIDs(reset body: String?) async throws -> [String] {
                try await client.execute(uri: "/_rftsim/reset", method: .post, headers: jsonHeaders, body: body.map { ByteBuffer(string: $0) }) { response throws in
                    #expect(response.status == .ok, "\(String(buffer: response.body))")
                }
                let file = try await upload(client, content: rftDataset(count: 12))
                let validation = try await upload(client, filename: "valid.jsonl", content: rftDataset(count: 4, offset: 50))
                let job = try await client.execute(uri: "/v1/fine_tuning/jobs", method: .post, headers: jsonHeaders,
                                                   body: ByteBuffer(string: rftJobBody(training: file, validation: validation))) {
                    try #require(try jsonObject($0)["id"] as? String)
                }
                return [file, validation, job]
            }
            let plain = try await firstIDs(reset: nil), again = try await firstIDs(reset: "{}")
            let seven = try await firstIDs(reset: #"{"seed": 7}"#), sevenAgain = try await firstIDs(reset: #"{"seed": 7}"#)
            let eight = try await firstIDs(reset: #"{"seed": 8}"#), zero = try await firstIDs(reset: #"{"seed": 0}"#)
            #expect(plain == again && plain == zero)   // no seed is seed 0: the ids every earlier test recorded
            #expect(seven == sevenAgain)
            #expect(Set(seven).isDisjoint(with: plain) && Set(seven).isDisjoint(with: eight))
            #expect(seven.map { $0.prefix(5) } == plain.map { $0.prefix(5) })  // same kinds of id
            for bad in [#"{"seed": -1}"#, #"{"seed": 1.5}"#, #"{"seed": "7"}"#, #"{"colour": 1}"#, "[7]", "{"] {
                try await client.execute(uri: "/_rftsim/reset", method: .post, headers: jsonHeaders, body: ByteBuffer(string: bad)) { response throws in
                    #expect(response.status == .badRequest, "\(bad)")
                    _ = try errorObject(response)
                }
            }
        }
    }

    @Test func organizationUpdateKeepsMissingKeys() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/_rftsim/organization", method: .put, headers: jsonHeaders, body: body(#"{"data_sharing": true}"#)) { response throws in
                let settings = try jsonObject(response)
                #expect(settings["data_sharing"] as? Bool == true)
                #expect(settings["verified"] as? Bool == true)
                #expect(settings["isolate_by_key"] as? Bool == false)
            }
            try await client.execute(uri: "/_rftsim/organization", method: .put, headers: jsonHeaders, body: body(#"{"verified": false}"#)) { response throws in
                let settings = try jsonObject(response)
                #expect(settings["data_sharing"] as? Bool == true)
                #expect(settings["verified"] as? Bool == false)
            }
            try await client.execute(uri: "/_rftsim/organization", method: .put, headers: jsonHeaders, body: body(#"{"verified": "yes"}"#)) { response throws in
                #expect(response.status == .badRequest)
                #expect(try errorObject(response).param == "verified")
            }
        }
    }

    @Test func priceSheetSwitchesAndRefusesUnknownNames() async throws {
        let provider = Provider()
        try await makeApp(provider: provider).test(.router) { client in
            try await client.execute(uri: "/_rftsim/price-sheet", method: .get) { response throws in
                #expect(try jsonObject(response)["name"] as? String == "launch-2025")
            }
            try await client.execute(uri: "/_rftsim/price-sheet", method: .put, headers: jsonHeaders, body: body(#"{"name": "current-2026"}"#)) { response throws in
                #expect(try jsonObject(response)["name"] as? String == "current-2026")
            }
            try await client.execute(uri: "/_rftsim/price-sheet", method: .put, headers: jsonHeaders, body: body(#"{"name": "2019"}"#)) { response throws in
                #expect(response.status == .badRequest)
                let error = try errorObject(response)
                #expect(error.param == "name" && error.message.contains("launch-2025"))
            }
        }
        #expect(await provider.priceSheetName() == "current-2026")
    }

    @Test func controlBodiesAreJSONWhateverTheirLabel() async throws {
        // `curl -d '{"seconds": 60}'` labels the body application/x-www-form-urlencoded.
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/_rftsim/clock/advance", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: body(#"{"seconds": 60}"#)) { response throws in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func errorBodyKeepsKeyOrderAndEscapes() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/v1/nope\"x", method: .get) { response throws in
                #expect(String(buffer: response.body) == #"{"error":{"message":"Invalid URL (GET /v1/nope\"x)","type":"invalid_request_error","param":null,"code":null}}"#)
            }
        }
    }

    @Test func stateAndBillingAnswerJSON() async throws {
        try await makeApp().test(.router) { client in
            try await client.execute(uri: "/_rftsim/state", method: .get) { response throws in
                #expect(response.status == .ok)
                let state = try jsonObject(response)
                #expect(state["jobs"] is [Any])
                #expect(state["clock"] is [String: Any])
            }
            try await client.execute(uri: "/_rftsim/billing", method: .get) { response throws in
                #expect(response.status == .ok)
                _ = try jsonObject(response)
            }
        }
    }
}
