import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import MockServer
import NIOCore
import Provider
import Testing

/// The completions models babbage-002 and davinci-002: listed, answering, and fine-tunable with
/// supervised jobs on the completions format (`{"prompt", "completion"}` per line).
struct CompletionsModelTests {
    static func promptCompletionLines(count: Int = 12) -> String {
        (0..<count).map { #"{"prompt": "Capital of country \#($0) ->", "completion": " City \#($0)"}"# }.joined(separator: "\n") + "\n"
    }

    @Test("babbage-002 and davinci-002 are listed, answer chat completions, and take SFT on prompt/completion lines")
    func fineTunableAndAnswering() async throws {
        let provider = Provider(configuration: ProviderConfiguration(clockMode: .instant))
        try await makeApp(provider: provider).test(.router) { client in
            for model in ["babbage-002", "davinci-002"] {
                try await client.execute(uri: "/v1/models/\(model)", method: .get, headers: authorized()) { response throws in
                    #expect(response.status == .ok)
                    #expect(try jsonObject(response)["id"] as? String == model)
                }
                try await client.execute(uri: "/v1/chat/completions", method: .post, headers: jsonHeaders,
                                         body: body(#"{"model": "\#(model)", "messages": [{"role": "user", "content": "Say hello"}]}"#)) { response throws in
                    #expect(response.status == .ok)
                }
            }
            let training = try await upload(client, content: Self.promptCompletionLines())
            let job = #"{"model": "babbage-002", "training_file": "\#(training)", "method": {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 3}}}}"#
            let created = try await client.execute(uri: "/v1/fine_tuning/jobs", method: .post, headers: jsonHeaders, body: body(job)) { response throws in
                #expect(response.status == .ok)
                return try jsonObject(response)
            }
            #expect(created["status"] as? String == "succeeded", "\(created)")
            #expect((created["trained_tokens"] as? Int ?? 0) > 0)
            let tuned = try #require(created["fine_tuned_model"] as? String)
            #expect(tuned.hasPrefix("ft:babbage-002:"))
            // The tuned model answers a training prompt with what it learnt.
            let prompt = #"{"model": "\#(tuned)", "seed": 2, "messages": [{"role": "user", "content": "Capital of country 3 ->"}]}"#
            try await client.execute(uri: "/v1/chat/completions", method: .post, headers: jsonHeaders, body: body(prompt)) { response throws in
                #expect(response.status == .ok)
                let choices = try #require(try jsonObject(response)["choices"] as? [[String: Any]])
                let content = (choices.first?["message"] as? [String: Any])?["content"] as? String
                #expect(content?.hasPrefix(" City") == true, "\(choices)")
            }
        }
    }

    @Test("A completions model refuses chat-format lines, and a chat model refuses prompt/completion lines, naming the line")
    func formatsAreNotMixed() async throws {
        let provider = Provider(configuration: ProviderConfiguration(clockMode: .instant))
        try await makeApp(provider: provider).test(.router) { client in
            let chat = try await upload(client, content: (0..<12).map { #"{"messages": [{"role": "user", "content": "Q\#($0)"}, {"role": "assistant", "content": "A\#($0)"}]}"# }.joined(separator: "\n") + "\n")
            let completions = try await upload(client, filename: "pc.jsonl", content: Self.promptCompletionLines())
            for (model, file, expected) in [("davinci-002", chat, "completions format"), ("gpt-4o-mini", completions, "messages")] {
                let job = #"{"model": "\#(model)", "training_file": "\#(file)", "method": {"type": "supervised"}}"#
                let created = try await client.execute(uri: "/v1/fine_tuning/jobs", method: .post, headers: jsonHeaders, body: body(job)) { response throws in
                    #expect(response.status == .ok)
                    return try jsonObject(response)
                }
                #expect(created["status"] as? String == "failed", "\(model): \(created)")
                let error = created["error"] as? [String: Any]
                let message = error?["message"] as? String ?? ""
                #expect(message.contains("line 1") && message.contains(expected), "\(model): \(message)")
            }
        }
    }
}
