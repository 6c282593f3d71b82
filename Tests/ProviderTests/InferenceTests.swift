import Foundation
import Graders
import Testing

@testable import Provider

/// Base models answer, tuned models are deleted, answers stream, usage is billed.
struct InferenceTests {
    static func chat(_ model: String, _ prompt: String, seed: Int? = nil, n: Int = 1, extra: [String: JSONValue] = [:]) -> JSONValue {
        var body: [String: JSONValue] = ["model": .string(model), "messages": [["role": "user", "content": .string(prompt)]], "n": .number(Double(n))]
        if let seed { body["seed"] = .number(Double(seed)) }
        for (key, value) in extra { body[key] = value }
        return .object(body)
    }

    static func contents(_ completion: JSONValue) -> [String] {
        guard case .array(let choices)? = completion["choices"] else { return [] }
        return choices.compactMap { $0["message"]?["content"]?.stringValue }
    }

    @Test("A base model samples its step-0 policy on a job's items: the baseline agrees with the job's initial expected valid reward")
    func baselineAgreesWithStepZero() async throws {
        let (provider, training, validation) = try await ProviderFixtures.providerWithFiles(clock: .instant)
        let job = try await provider.createJob(ProviderFixtures.reinforcementJob(training: training, validation: validation), as: .test)
        let trace = try await provider.jobTrace(id: job.id, as: .test)
        let expected = try #require(trace.initialValidReward)
        // Validation items 12..<16: "What is i + i?" answered "2i"; 8 requests × n = 8 per item.
        var rewards: [Double] = []
        for i in 12..<16 {
            let prompt = "What is \(i) + \(i)? Answer with the number only."
            for seed in 0..<8 {
                let completion = try await provider.chatCompletion(Self.chat("o4-mini", prompt, seed: seed, n: 8), as: .test)
                rewards += Self.contents(completion).map { $0 == String(2 * i) ? 1 : 0 }
            }
        }
        #expect(rewards.count == 256)
        let mean = rewards.reduce(0, +) / Double(rewards.count)
        // Binomial sampling error of the mean (items differ, so this bounds it from above).
        let sd = (expected * (1 - expected) / Double(rewards.count)).squareRoot()
        #expect(abs(mean - expected) <= 4 * sd + 1e-9, "baseline \(mean) vs step-0 expected \(expected) (sd \(sd))")
        // The tuned model answers from its trained policy, not from the base prior.
        let tuned = try await provider.chatCompletion(Self.chat(try #require(job.fineTunedModel), "What is 12 + 12? Answer with the number only.", n: 8), as: .test)
        #expect(Self.contents(tuned).count == 8)
    }

    @Test("A prompt of an uploaded file (no job yet) is answered from that file's answer space")
    func baselineBeforeAnyJob() async throws {
        let (provider, _, _) = try await ProviderFixtures.providerWithFiles()
        let prompt = "What is 3 + 3? Answer with the number only."
        var answers: [String] = []
        for seed in 0..<16 {
            answers += Self.contents(try await provider.chatCompletion(Self.chat("gpt-4.1-mini", prompt, seed: seed), as: .test))
        }
        // The candidates are the file's answers (its reference "6", other items' answers, perturbations).
        #expect(answers.contains("6"))
        #expect(answers.allSatisfy { !$0.hasPrefix("Simulated answer") })
    }

    @Test("Other prompts get a deterministic answer from the responder: text, a score in the named range, a label from the schema")
    func responderAnswers() async throws {
        let provider = Provider()
        let text = try await provider.chatCompletion(Self.chat("gpt-4o", "Write a haiku about autumn."), as: .test)
        let again = try await provider.chatCompletion(Self.chat("gpt-4o", "Write a haiku about autumn."), as: .test)
        #expect(text == again)
        #expect(Self.contents(text).first?.isEmpty == false)
        #expect(text["system_fingerprint"]?.stringValue?.hasPrefix("fp_") == true)

        let judge = """
            Score the response from 0 to 10 against the reference.
            Reference answer: The capital of France is Paris.
            Response: Paris is the capital of France.
            Reply with the score only.
            """
        let score = try #require(Self.contents(try await provider.chatCompletion(Self.chat("gpt-4.1", judge), as: .test)).first)
        let value = try #require(Double(score), "not a number: \(score)")
        #expect(value > 5 && value <= 10)

        let schema: JSONValue = ["type": "json_schema", "json_schema": ["name": "verdict", "schema": [
            "type": "object", "properties": ["verdict": ["type": "string", "enum": ["correct", "incorrect"]], "reason": ["type": "string"]],
            "required": ["verdict", "reason"],
        ]]]
        let labelled = try await provider.createResponse(
            ["model": "o3", "input": "Is the answer correct?\nExpected: 42\nAnswer: 42", "text": ["format": [
                "type": "json_schema", "name": "verdict", "schema": schema["json_schema"]!["schema"]!,
            ]]], as: .test)
        let output = try #require(labelled["output"]?.arrayValue?.first?["content"]?.arrayValue?.first?["text"]?.stringValue)
        let parsed = try JSONValue(parsing: output)
        #expect(parsed["verdict"] == "correct", "\(output)")
        #expect(labelled["usage"]?["input_tokens_details"]?["cache_write_tokens"] == 0)
        #expect(labelled["metadata"] == .object([:]))
    }

    @Test("Every catalogue model answers chat completions and responses")
    func everyModelAnswers() async throws {
        let provider = Provider()
        for model in ModelCatalogue.builtin.models {
            let chat = try await provider.chatCompletion(Self.chat(model.id, "hello"), as: .test)
            #expect(Self.contents(chat).first?.isEmpty == false, "\(model.id)")
            let response = try await provider.createResponse(["model": .string(model.id), "input": "hello"], as: .test)
            #expect(response["status"] == "completed", "\(model.id)")
        }
        await #expect(throws: ProviderError.self) {
            try await provider.chatCompletion(Self.chat("gpt-9", "hello"), as: .test)
        }
    }

    @Test("Usage is billed at the model's inference price: base models at list price, tuned models at the fine-tuned price")
    func usageIsBilled() async throws {
        let (provider, training, validation) = try await ProviderFixtures.providerWithFiles(clock: .instant)
        let job = try await provider.createJob(ProviderFixtures.reinforcementJob(training: training, validation: validation), as: .test)
        let before = await provider.billing().total
        _ = try await provider.chatCompletion(Self.chat("gpt-4o", String(repeating: "word ", count: 40_000)), as: .test)
        _ = try await provider.chatCompletion(Self.chat(try #require(job.fineTunedModel), "What is 3 + 3?"), as: .test)
        let bill = await provider.billing()
        let base = try #require(bill.inference.first { !$0.fineTuned })
        #expect(base.model == "gpt-4o-2024-08-06" && base.requests == 1)
        let listPrice = try #require(PriceSheet.default.baseInferencePrices["gpt-4o-2024-08-06"])
        let cost = Double(base.usage.promptTokens) * listPrice.input / 1e6 + Double(base.usage.completionTokens) * listPrice.output / 1e6
        #expect(abs(base.charge.amount - (cost * 100).rounded() / 100) < 1e-9)
        #expect(bill.inference.contains { $0.fineTuned && $0.model == "o4-mini-2025-04-16" })
        #expect(bill.total > before)
    }

    @Test("DELETE of a tuned model or checkpoint: it stops answering (404); base models and non-owners are refused (403)")
    func deleteModels() async throws {
        let (provider, training, validation) = try await ProviderFixtures.providerWithFiles(clock: .instant)
        let job = try await provider.createJob(ProviderFixtures.reinforcementJob(training: training, validation: validation), as: .test)
        let model = try #require(job.fineTunedModel)
        let checkpoint = try #require(try await provider.jobCheckpoints(id: job.id, as: .test).data.first).fineTunedModelCheckpoint

        await provider.setOrganization(OrganizationSettings(ownerRole: false))
        let notOwner = await #expect(throws: ProviderError.self) { try await provider.deleteModel(id: model, as: .test) }
        #expect(notOwner?.code == .forbidden)
        await provider.setOrganization(OrganizationSettings())

        let base = await #expect(throws: ProviderError.self) { try await provider.deleteModel(id: "o4-mini", as: .test) }
        #expect(base?.code == .forbidden)

        let deleted = try await provider.deleteModel(id: model, as: .test)
        #expect(deleted.id == model && deleted.object == "model")
        #expect(await !provider.listModels(as: .test).data.map(\.id).contains(model))
        let gone = await #expect(throws: ProviderError.self) { try await provider.chatCompletion(Self.chat(model, "What is 3 + 3?"), as: .test) }
        #expect(gone?.code == .notFound && gone?.platformCode == "model_not_found")
        let twice = await #expect(throws: ProviderError.self) { try await provider.deleteModel(id: model, as: .test) }
        #expect(twice?.code == .notFound)
        // The checkpoint is a model of its own until it is deleted too.
        _ = try await provider.chatCompletion(Self.chat(checkpoint, "What is 3 + 3?"), as: .test)
        _ = try await provider.deleteModel(id: checkpoint, as: .test)
        await #expect(throws: ProviderError.self) { try await provider.model(id: checkpoint, as: .test) }
    }

    @Test("stream: chat chunks rebuild the whole answer; responses' typed events end with response.completed")
    func streaming() async throws {
        let provider = Provider()
        let body = Self.chat("gpt-4.1-nano", "Tell me about rivers.", extra: ["stream": true, "stream_options": ["include_usage": true]])
        let whole = try await provider.chatCompletion(body, as: .test)
        let stream = try await provider.chatCompletionStream(body, as: .test)
        #expect(stream.endsWithDone)
        let chunks = stream.events.map(\.data)
        #expect(chunks.allSatisfy { $0["object"] == "chat.completion.chunk" && $0["id"] == whole["id"] })
        #expect(chunks.first?["choices"]?.arrayValue?.first?["delta"]?["role"] == "assistant")
        let text = chunks.compactMap { $0["choices"]?.arrayValue?.first?["delta"]?["content"]?.stringValue }.joined()
        #expect(text == Self.contents(whole).first)
        #expect(chunks.dropLast().last?["choices"]?.arrayValue?.first?["finish_reason"] == "stop")
        #expect(chunks.last?["choices"] == .array([]) && chunks.last?["usage"] == whole["usage"])

        let request: JSONValue = ["model": "gpt-4.1-nano", "input": "Tell me about rivers.", "stream": true]
        let response = try await provider.createResponse(request, as: .test)
        let events = try await provider.createResponseStream(request, as: .test).events
        #expect(events.map(\.name) == [
            "response.created", "response.in_progress", "response.output_item.added", "response.content_part.added",
        ] + Array(repeating: "response.output_text.delta", count: events.count - 8) + [
            "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed",
        ])
        #expect(events.enumerated().allSatisfy { $0.element.data["sequence_number"] == .number(Double($0.offset)) })
        #expect(events.last?.data["response"] == response)
        let deltas = events.filter { $0.name == "response.output_text.delta" }.compactMap { $0.data["delta"]?.stringValue }.joined()
        #expect(deltas == response["output"]?.arrayValue?.first?["content"]?.arrayValue?.first?["text"]?.stringValue)
    }

    static let weatherTool: JSONValue = ["type": "function", "function": [
        "name": "get_weather", "description": "Weather of a city",
        "parameters": ["type": "object", "properties": ["city": ["type": "string"], "days": ["type": "integer"]], "required": ["city"]],
    ]]

    /// SFT lines that call get_weather, then answer from the tool's result.
    static func toolLines(_ range: Range<Int>) -> Data {
        let lines = range.map { i in
            #"{"messages":[{"role":"user","content":"What is the weather in City\#(i)?"},{"role":"assistant","tool_calls":[{"id":"call_\#(i)","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"City\#(i)\"}"}}]},{"role":"tool","tool_call_id":"call_\#(i)","content":"sunny"},{"role":"assistant","content":"It is sunny in City\#(i)."}],"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]}"#
        }
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    @Test("A model tuned on tool_calls answers with calls from its policy; required always calls; parallel_tool_calls false keeps one")
    func toolCalls() async throws {
        let provider = Provider(configuration: ProviderConfiguration(clockMode: .instant))
        let file = try await provider.uploadFile(filename: "tools.jsonl", purpose: "fine-tune", content: Self.toolLines(0..<12), as: .test)
        let job = try await provider.createJob(["model": "gpt-4.1-nano", "training_file": .string(file.id),
                                                "method": ["type": "supervised", "supervised": ["hyperparameters": ["n_epochs": 3]]]], as: .test)
        #expect(job.status == .succeeded, "\(job.error?.message ?? "")")
        let model = try #require(job.fineTunedModel)
        let prompt = "What is the weather in City3?"
        var calls = 0
        for seed in 0..<8 {
            let completion = try await provider.chatCompletion(Self.chat(model, prompt, seed: seed, n: 4, extra: ["tools": [Self.weatherTool]]), as: .test)
            for choice in completion["choices"]?.arrayValue ?? [] {
                if let call = choice["message"]?["tool_calls"]?.arrayValue?.first {
                    calls += 1
                    #expect(choice["finish_reason"] == "tool_calls" && choice["message"]?["content"] == .null)
                    #expect(call["function"]?["name"] == "get_weather" && call["id"]?.stringValue?.hasPrefix("call_") == true)
                }
            }
        }
        #expect(calls > 16, "a model tuned on calls mostly calls (\(calls) of 32)")
        for seed in 0..<8 {
            let required = try await provider.chatCompletion(Self.chat(model, prompt, seed: seed, n: 4, extra: [
                "tools": [Self.weatherTool], "tool_choice": "required", "parallel_tool_calls": false,
            ]), as: .test)
            for choice in required["choices"]?.arrayValue ?? [] {
                #expect(choice["message"]?["tool_calls"]?.arrayValue?.count == 1)
            }
        }
        // Without tools the model answers in text only.
        let plain = try await provider.chatCompletion(Self.chat(model, prompt, n: 8), as: .test)
        #expect(Self.contents(plain).allSatisfy { !$0.hasPrefix("{\"tool_calls\"") })
        // The Responses API gives function_call items.
        let response = try await provider.createResponse([
            "model": .string(model), "input": .string(prompt), "tool_choice": "required",
            "tools": [["type": "function", "name": "get_weather", "parameters": Self.weatherTool["function"]!["parameters"]!]],
        ], as: .test)
        let item = try #require(response["output"]?.arrayValue?.first)
        #expect(item["type"] == "function_call" && item["name"] == "get_weather" && item["call_id"]?.stringValue?.hasPrefix("call_") == true)
        // A base model that must call synthesizes typed arguments.
        let base = try await provider.chatCompletion(Self.chat("gpt-4o", "Plan my week.", extra: ["tools": [Self.weatherTool], "tool_choice": "required"]), as: .test)
        let arguments = try #require(base["choices"]?.arrayValue?.first?["message"]?["tool_calls"]?.arrayValue?.first?["function"]?["arguments"]?.stringValue)
        let parsed = try JSONValue(parsing: arguments)
        #expect(parsed["city"] == "" && parsed["days"] == 0)
    }

    @Test("An empty sampled answer is incomplete (max_output_tokens), never completed with empty text")
    func emptyAnswerIsIncomplete() throws {
        let request = try InferenceRequest(responses: ["model": "o4-mini", "input": "x"])
        let answer = InferenceAnswer(choices: [.init(text: "")], promptTokens: 3, seed: 1, model: "o4-mini", created: 0)
        let response = ResponseWire.response(answer, request: request)
        #expect(response["status"] == "incomplete" && response["incomplete_details"]?["reason"] == "max_output_tokens")
        #expect(response["output"] == .array([]))
        #expect(ResponseWire.events(answer, request: request).map(\.name) == ["response.created", "response.in_progress", "response.incomplete"])
        let chat = ChatCompletionWire.completion(answer)
        #expect(chat["choices"]?.arrayValue?.first?["finish_reason"] == "length")
    }
}

extension JSONValue {
    var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }
}
