import Foundation
import Graders
import Testing

@testable import Provider

/// Where the platform is lenient, so is the provider (docs/PROVIDER.md, "Leniency"); strict mode keeps the 400s.
struct LeniencyTests {
    static func body(_ training: String, _ validation: String?, reinforcement: [String: JSONValue], extra: [String: JSONValue] = [:]) -> JSONValue {
        var members: [String: JSONValue] = ["model": "o4-mini", "training_file": .string(training),
                                            "method": ["type": "reinforcement", "reinforcement": .object(reinforcement)]]
        if let validation { members["validation_file"] = .string(validation) }
        for (key, value) in extra { members[key] = value }
        return .object(members)
    }

    @Test("Unknown top-level keys and hyperparameters are ignored; strict requests refuse them with param")
    func unknownKeys() async throws {
        let (provider, training, validation) = try await ProviderFixtures.providerWithFiles(clock: .instant)
        let request = Self.body(training, validation, reinforcement: [
            "grader": ProviderFixtures.grader, "hyperparameters": ["n_epochs": 1, "batch_size": 4, "n_epoch": 3],
        ], extra: ["test_file": .string(validation)])
        let job = try await provider.createJob(request, as: .test)
        #expect(job.status == .succeeded)
        let hyperparameters = job.method["reinforcement"]?["hyperparameters"]
        #expect(hyperparameters?["n_epoch"] == nil && hyperparameters?["n_epochs"] == 1)

        await provider.setOrganization(OrganizationSettings(strictRequests: true))
        let topLevel = await #expect(throws: ProviderError.self) { try await provider.createJob(request, as: .test) }
        #expect(topLevel?.param == "test_file")
        let withoutTestFile = Self.body(training, validation, reinforcement: [
            "grader": ProviderFixtures.grader, "hyperparameters": ["n_epochs": 1, "n_epoch": 3],
        ])
        let hyper = await #expect(throws: ProviderError.self) { try await provider.createJob(withoutTestFile, as: .test) }
        #expect(hyper?.param == "method.reinforcement.hyperparameters.n_epoch")
    }

    @Test("An RFT job without a validation file runs to success with no validation metrics")
    func withoutValidationFile() async throws {
        let (provider, training, _) = try await ProviderFixtures.providerWithFiles(clock: .instant)
        let job = try await provider.createJob(Self.body(training, nil, reinforcement: ["grader": ProviderFixtures.grader, "hyperparameters": ["n_epochs": 1, "batch_size": 4]]), as: .test)
        #expect(job.status == .succeeded && job.validationFile == nil)
        let metrics = try await provider.jobEvents(id: job.id, limit: 100, as: .test).data.filter { $0.type == "metrics" }
        #expect(!metrics.isEmpty)
        let numericValid = try NSRegularExpression(pattern: #""valid_reward_mean":[0-9]"#)
        #expect(metrics.allSatisfy { event in
            let text = event.jsonText
            return numericValid.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil
        })
    }

    @Test("A score_model grader may read {{item.messages}}; string_check still may not")
    func modelGraderReadsMessages() async throws {
        let (provider, training, validation) = try await ProviderFixtures.providerWithFiles(clock: .instant)
        let grader: JSONValue = [
            "type": "score_model", "name": "judge", "model": "gpt-4o-2024-08-06", "range": [0, 1],
            "input": [["role": "user", "content": "Conversation: {{item.messages}}\nReference: {{item.answer}}\nAnswer: {{sample.output_text}}"]],
        ]
        let job = try await provider.createJob(Self.body(training, validation, reinforcement: ["grader": grader, "hyperparameters": ["n_epochs": 1, "batch_size": 4]]), as: .test)
        #expect(job.status == .succeeded, "\(job.error?.message ?? "")")

        let check: JSONValue = ["type": "string_check", "name": "x", "operation": "eq", "input": "{{sample.output_text}}", "reference": "{{item.messages}}"]
        let refused = try await provider.createJob(Self.body(training, validation, reinforcement: ["grader": check]), as: .test)
        #expect(refused.status == .failed)
    }

    @Test("An RFT job with a response_format succeeds; its answers are JSON")
    func responseFormatJob() async throws {
        let provider = Provider(configuration: ProviderConfiguration(clockMode: .instant))
        let lines = (0..<12).map { i in #"{"messages":[{"role":"user","content":"What is \#(i) + \#(i)?"}],"answer":\#(2 * i)}"# }.joined(separator: "\n") + "\n"
        let file = try await provider.uploadFile(filename: "train.jsonl", purpose: "fine-tune", content: Data(lines.utf8), as: .test)
        let grader: JSONValue = ["type": "string_check", "name": "sum", "operation": "eq", "input": "{{sample.output_json.sum}}", "reference": "{{item.answer}}"]
        let format: JSONValue = ["type": "json_schema", "json_schema": ["name": "sum", "strict": true, "schema": [
            "type": "object", "properties": ["sum": ["type": "integer"]], "required": ["sum"], "additionalProperties": false,
        ]]]
        let job = try await provider.createJob(Self.body(file.id, file.id, reinforcement: [
            "grader": grader, "response_format": format, "hyperparameters": ["n_epochs": 1, "batch_size": 4],
        ]), as: .test)
        #expect(job.status == .succeeded, "\(job.error?.code ?? ""): \(job.error?.message ?? "")")
        let answer = try await provider.chatCompletion(InferenceTests.chat(try #require(job.fineTunedModel), "What is 3 + 3?"), as: .test)
        #expect(InferenceTests.contents(answer).count == 1)
    }

    @Test("Before validation, an RFT job without hyperparameters shows every method hyperparameter as auto (reasoning_effort: default, the spec's enum)")
    func autoHyperparameters() async throws {
        let (provider, training, validation) = try await ProviderFixtures.providerWithFiles()
        let job = try await provider.createJob(Self.body(training, validation, reinforcement: ["grader": ProviderFixtures.grader]), as: .test)
        let shown = try #require(job.method["reinforcement"]?["hyperparameters"])
        for key in ["batch_size", "learning_rate_multiplier", "n_epochs", "compute_multiplier", "eval_interval", "eval_samples"] {
            #expect(shown[key] == "auto", "\(key)")
        }
        #expect(shown["reasoning_effort"] == "default")
        #expect(job.method["reinforcement"]?["response_format"] == .null)
        let started = try await provider.jobEvents(id: job.id, as: .test).data
        #expect(started.allSatisfy { !$0.jsonText.contains("\"data\":null") })
    }
}
