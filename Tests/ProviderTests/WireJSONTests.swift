import Foundation
import Graders
import Testing

@testable import Provider

@Suite("Wire objects: the fast JSON writer says exactly what JSONEncoder says")
struct WireJSONTests {
    static func same(_ value: some Encodable & JSONTextWritable) throws {
        let viaEncoder = try JSONValue(parsing: JSONEncoder().encode(value))
        let viaWriter = try JSONValue(parsing: value.jsonText)
        #expect(viaEncoder == viaWriter)
    }

    @Test("Jobs at every stage, files, events, checkpoints, models, lists")
    func writerMatchesEncoder() async throws {
        let (provider, training, validation) = try await ProviderFixtures.providerWithFiles()
        let job = try await provider.createJob(
            ProviderFixtures.reinforcementJob(training: training, validation: validation, metadata: ["team": "quote \" and \\ ünïcode"]),
            as: .test)
        try Self.same(job)
        for _ in 0..<6 {
            try await provider.advanceClock(seconds: 700)
            try Self.same(try await provider.job(id: job.id, as: .test))
        }
        try await provider.advanceClock(seconds: 1_000_000)
        let done = try await provider.job(id: job.id, as: .test)
        #expect(done.status == .succeeded)
        try Self.same(done)
        try Self.same(try await provider.listJobs(as: .test))
        try Self.same(try await provider.listFiles(as: .test))
        try Self.same(try await provider.jobEvents(id: job.id, limit: 100, as: .test))
        try Self.same(try await provider.jobCheckpoints(id: job.id, as: .test))
        try Self.same(await provider.listModels(as: .test))
        try Self.same(try await provider.deleteFile(id: training, as: .test))
    }
}
