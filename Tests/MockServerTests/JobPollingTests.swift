import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Provider
import Testing

@testable import MockServer

/// The polling hot path: `GET /v1/fine_tuning/jobs/{id}` and the bearer key read on every request.
struct JobPollingTests {
    /// The bearer key parser as it was before its ASCII fast path: the reference it must agree with.
    private func referenceKey(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let key = parts[1].trimmingCharacters(in: .whitespaces)
        return key.isEmpty ? nil : key
    }

    @Test(arguments: [
        "Bearer sk-load", "bearer sk-load", "BEARER sk", "BeArEr sk-a b", "Bearer  sk-two-spaces", "Bearer sk\t",
        "Bearer \t sk \t ", "Bearer", "Bearer ", "Bearer  ", "Bearer \t", "Basic abc", "Bearerx sk", "Bear sk", "",
        " Bearer sk", "  Bearer  sk  ", "\tBearer sk", "Bearer\tsk", "B\u{0065}arer sk", "Bearer sk\u{00A0}",
        "Bearer \u{3000}sk", "Bearer s\u{0301}k", "Bearer \u{0301}sk", "Bearér sk", "Bearer sk\r", "Bearer \u{2003}",
    ])
    func bearerKeyReadsAsTheGeneralParserDoes(header: String) {
        #expect(AuthMiddleware.bearerKey(header) == referenceKey(header))
    }

    @Test func polledJobIsTheProvidersJSONByteForByteAcrossChanges() async throws {
        let provider = Provider()
        try await makeApp(provider: provider).test(.router) { client in
            let training = try await upload(client, content: rftDataset(count: 12))
            let validation = try await upload(client, filename: "valid.jsonl", content: rftDataset(count: 4, offset: 50))
            let job = try await client.execute(uri: "/v1/fine_tuning/jobs", method: .post, headers: jsonHeaders,
                                               body: body(rftJobBody(training: training, validation: validation))) { response throws in
                try #require(try jsonObject(response)["id"] as? String)
            }
            func poll() async throws -> String {
                try await client.execute(uri: "/v1/fine_tuning/jobs/\(job)", method: .get, headers: authorized()) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "application/json")
                    return String(buffer: response.body)
                }
            }
            var bodies: [String] = []
            for step in ["validating", "running", "cancelled", "an hour later"] {
                switch step {
                case "running": try await provider.advanceClock(seconds: 200)
                case "cancelled": _ = try await provider.cancelJob(id: job, as: Caller(apiKey: testKey))
                case "an hour later": try await provider.advanceClock(seconds: 3_600)
                default: break
                }
                let first = try await poll(), second = try await poll()
                let built = try await provider.job(id: job, as: Caller(apiKey: testKey)).jsonText
                #expect(first == built, "\(step)")
                #expect(second == built, "\(step)")
                bodies.append(first)
            }
            #expect(Set(bodies).count == 3)  // cancelled and an hour later read the same
        }
    }
}
