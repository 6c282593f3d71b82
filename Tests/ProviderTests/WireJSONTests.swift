import Foundation
import Graders
import Testing

@testable import Provider

@Suite("Wire objects carry every key the OpenAPI spec requires")
struct WireJSONTests {
    /// `required` of the spec's schemas (openai-finetuning-openapi.yaml, commit f85dbe2).
    static let fineTuningJob = ["created_at", "error", "finished_at", "fine_tuned_model", "hyperparameters", "id", "model", "object",
                                "organization_id", "result_files", "status", "trained_tokens", "training_file", "validation_file", "seed"]
    static let openAIFile = ["id", "object", "bytes", "created_at", "filename", "purpose", "status"]
    static let event = ["id", "object", "created_at", "level", "message"]
    static let checkpoint = ["created_at", "fine_tuned_model_checkpoint", "fine_tuning_job_id", "id", "metrics", "object", "step_number"]

    static func keys(_ value: some WireObject) throws -> Set<String> {
        guard case .object(let members) = try JSONValue(parsing: value.jsonText) else { return [] }
        return Set(members.keys)
    }

    @Test("Jobs at every stage, files, events, checkpoints; Encodable says what the writer says")
    func requiredKeys() async throws {
        let (provider, training, validation) = try await ProviderFixtures.providerWithFiles()
        let job = try await provider.createJob(
            ProviderFixtures.reinforcementJob(training: training, validation: validation, metadata: ["team": "quote \" and \\ ünïcode"]),
            as: .test)
        var seen: Set<JobStatus> = []
        for _ in 0..<200 {
            let now = try await provider.job(id: job.id, as: .test)
            seen.insert(now.status)
            #expect(try Self.keys(now).isSuperset(of: Self.fineTuningJob))
            #expect(try JSONValue(parsing: JSONEncoder().encode(now)) == JSONValue(parsing: now.jsonText))
            try await provider.advanceClock(seconds: 25)
        }
        #expect(seen.isSuperset(of: [.validatingFiles, .queued, .running, .succeeded]))
        let done = try await provider.job(id: job.id, as: .test)
        let parsed = try JSONValue(parsing: done.jsonText)
        #expect(parsed["metadata"]?["team"] == "quote \" and \\ ünïcode")
        #expect(parsed["hyperparameters"]?["batch_size"] == 4)
        for file in try await provider.listFiles(as: .test).data { #expect(try Self.keys(file).isSuperset(of: Self.openAIFile)) }
        for event in try await provider.jobEvents(id: job.id, limit: 100, as: .test).data { #expect(try Self.keys(event).isSuperset(of: Self.event)) }
        for checkpoint in try await provider.jobCheckpoints(id: job.id, as: .test).data {
            #expect(try Self.keys(checkpoint).isSuperset(of: Self.checkpoint))
        }
        let list = try JSONValue(parsing: try await provider.listJobs(as: .test).jsonText)
        #expect(list["object"] == "list" && list["has_more"] == false && list["first_id"] == nil)
        let checkpoints = try JSONValue(parsing: try await provider.jobCheckpoints(id: job.id, as: .test).jsonText)
        #expect(checkpoints["first_id"] != nil && checkpoints["last_id"] != nil)
    }

    @Test("A metrics event's data is written with sorted keys, so the same job gives the same text")
    func metricsEventsAreCanonical() async throws {
        let (provider, training, validation) = try await ProviderFixtures.providerWithFiles(clock: .instant)
        let job = try await provider.createJob(ProviderFixtures.reinforcementJob(training: training, validation: validation), as: .test)
        let metrics = try await provider.jobEvents(id: job.id, limit: 100, as: .test).data.filter { $0.type == "metrics" }
        #expect(!metrics.isEmpty)
        for event in metrics {
            // `data` is the last member: the text between `"data":` and the closing brace.
            let text = event.jsonText
            let start = try #require(text.range(of: #","data":"#)).upperBound
            let data = String(text[start..<text.index(before: text.endIndex)])
            #expect(try JSONValue(parsing: data).jsonText == data, "step \(event.message): keys not sorted")
        }
    }
}
