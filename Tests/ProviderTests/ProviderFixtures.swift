import Foundation
import Graders

@testable import Provider

/// Small datasets and requests shared by the provider's tests.
enum ProviderFixtures {
    /// `count` RFT lines: "What is i + i?" with the answer in `answer`.
    static func arithmeticLines(_ range: Range<Int>) -> Data {
        let lines = range.map { i in
            #"{"messages":[{"role":"user","content":"What is \#(i) + \#(i)? Answer with the number only."}],"answer":"\#(2 * i)"}"#
        }
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// `count` SFT lines whose assistant answer is the sum.
    static func supervisedLines(_ range: Range<Int>) -> Data {
        let lines = range.map { i in
            #"{"messages":[{"role":"user","content":"What is \#(i) + \#(i)?"},{"role":"assistant","content":"\#(2 * i)"}]}"#
        }
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    static let grader: JSONValue = [
        "type": "string_check", "name": "exact_answer", "operation": "eq",
        "input": "{{sample.output_text}}", "reference": "{{item.answer}}",
    ]

    /// A reinforcement job body on `training`/`validation`, 2 epochs, B = 4, validation every 2 steps.
    static func reinforcementJob(training: String, validation: String, metadata: [String: String] = [:], extra: [String: JSONValue] = [:]) -> JSONValue {
        var body: [String: JSONValue] = [
            "model": "o4-mini-2025-04-16", "training_file": .string(training), "validation_file": .string(validation),
            "method": ["type": "reinforcement", "reinforcement": [
                "grader": grader,
                "hyperparameters": ["n_epochs": 2, "batch_size": 4, "eval_interval": 2, "eval_samples": 2, "compute_multiplier": 0.5],
            ]],
        ]
        if !metadata.isEmpty { body["metadata"] = .object(metadata.mapValues { .string($0) }) }
        for (key, value) in extra { body[key] = value }
        return .object(body)
    }

    /// A provider with an RFT training (12 lines) and validation (4 lines) file uploaded.
    static func providerWithFiles(clock: ClockMode = .virtual) async throws -> (Provider, training: String, validation: String) {
        let provider = Provider(configuration: ProviderConfiguration(clockMode: clock))
        let training = try await provider.uploadFile(filename: "train.jsonl", purpose: "fine-tune", content: arithmeticLines(0..<12), as: .test)
        let validation = try await provider.uploadFile(filename: "valid.jsonl", purpose: "fine-tune", content: arithmeticLines(12..<16), as: .test)
        return (provider, training.id, validation.id)
    }
}
