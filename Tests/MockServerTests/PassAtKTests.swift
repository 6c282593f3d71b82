import Foundation
import Hummingbird
import HummingbirdTesting
import MockServer
import NIOCore
import Provider
import Testing

/// The exact pass@k of a job's trace against what the tuned model over HTTP actually answers.
struct PassAtKTests {
    /// The unbiased pass@k estimator from n samples with c correct, 1 − C(n−c, k)/C(n, k).
    ///
    /// It is the estimator of Chen and colleagues (2021), in its product form.
    static func estimate(n: Int, correct c: Int, k: Int) -> Double {
        guard n - c >= k else { return 1 }
        var miss = 1.0
        for i in (n - c + 1)...n { miss *= 1 - Double(k) / Double(i) }
        return 1 - miss
    }

    @Test func exactPassAtKAgreesWithSamplingTheTunedModel() async throws {
        let provider = Provider()
        let validationLines = rftDataset(count: 20, offset: 100).split(separator: "\n").map(String.init)
        try await makeApp(provider: provider).test(.router) { client in
            let training = try await upload(client, content: rftDataset(count: 40))
            let validation = try await upload(client, filename: "valid.jsonl", content: validationLines.joined(separator: "\n") + "\n")
            let request = rftJobBody(training: training, validation: validation)
                .replacingOccurrences(of: #""n_epochs": 1"#, with: #""n_epochs": 4, "learning_rate_multiplier": 2"#)
            let job = try await client.execute(uri: "/v1/fine_tuning/jobs", method: .post, headers: jsonHeaders, body: body(request)) {
                try #require(try jsonObject($0)["id"] as? String)
            }
            try await client.execute(uri: "/_rftsim/clock/advance", method: .post, headers: jsonHeaders, body: body(#"{"seconds": 8640000}"#)) { _ in }
            let model = try await client.execute(uri: "/v1/fine_tuning/jobs/\(job)", method: .get, headers: authorized()) { response throws in
                let object = try jsonObject(response)
                #expect(object["status"] as? String == "succeeded")
                return try #require(object["fine_tuned_model"] as? String)
            }
            let trace = try await provider.jobTrace(id: job, passAtK: [1, 8], as: Caller(apiKey: testKey))
            let exact = try #require(trace.finalPassAtK)
            let base = try #require(trace.initialPassAtK)
            #expect(exact[0] > base[0] + 0.1)  // the job learned

            // 256 answers per validation item: 32 requests of n = 8 with different seeds.
            var sums = [0.0, 0.0]
            for line in validationLines {
                let item = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                let answer = try #require(item["answer"] as? String)
                let prompt = try #require(((item["messages"] as? [[String: Any]])?.first?["content"]) as? String)
                var correct = 0
                for seed in 0..<32 {
                    let payload: [String: Any] = ["model": model, "n": 8, "seed": seed, "messages": [["role": "user", "content": prompt]]]
                    let request = String(decoding: try JSONSerialization.data(withJSONObject: payload), as: UTF8.self)
                    correct += try await client.execute(uri: "/v1/chat/completions", method: .post, headers: jsonHeaders, body: body(request)) { response throws in
                        #expect(response.status == .ok, "\(String(buffer: response.body))")
                        let choices = try #require(try jsonObject(response)["choices"] as? [[String: Any]])
                        return choices.filter { (($0["message"] as? [String: Any])?["content"] as? String) == answer }.count
                    }
                }
                sums[0] += Self.estimate(n: 256, correct: correct, k: 1)
                sums[1] += Self.estimate(n: 256, correct: correct, k: 8)
            }
            let sampled = sums.map { $0 / Double(validationLines.count) }
            #expect(abs(sampled[0] - exact[0]) <= 0.02, "pass@1 sampled \(sampled[0]) exact \(exact[0])")
            #expect(abs(sampled[1] - exact[1]) <= 0.02, "pass@8 sampled \(sampled[1]) exact \(exact[1])")
        }
    }
}
