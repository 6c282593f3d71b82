import Foundation
import Graders
import Synchronization
import Testing

@testable import Provider

/// A real-time source a test moves by hand, for the scaled clock.
private final class ManualRealTime: Sendable {
    private let seconds = Mutex(1_000.0)

    func read() -> Double { seconds.withLock { $0 } }
    func advance(by delta: Double) { seconds.withLock { $0 += delta } }
}

@Suite("Cached job JSON (the polling hot path)")
struct JobViewCacheTests {
    /// Polls `id` twice through the cache and once without it, expecting three identical texts.
    private func expectSameJSON(_ provider: Provider, _ id: String, _ stage: String,
                                sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let first = try await provider.jobJSONText(id: id, as: .test)
        let second = try await provider.jobJSONText(id: id, as: .test)
        let uncached = try await provider.job(id: id, as: .test).jsonText
        #expect(first == uncached, "\(stage)", sourceLocation: sourceLocation)
        #expect(second == uncached, "\(stage): second poll", sourceLocation: sourceLocation)
        return uncached
    }

    @Test("An RFT job's cached JSON matches the built one through clock moves, pause, resume and an outcome change")
    func reinforcementThroughItsLife() async throws {
        let (provider, training, validation) = try await ProviderFixtures.providerWithFiles()
        let id = try await provider.createJob(ProviderFixtures.reinforcementJob(training: training, validation: validation), as: .test).id
        var seen: Set<String> = []
        seen.insert(try await expectSameJSON(provider, id, "validating"))
        try await provider.advanceClock(seconds: 31)
        seen.insert(try await expectSameJSON(provider, id, "queued"))
        try await provider.advanceClock(seconds: 60)
        let running = try await expectSameJSON(provider, id, "running")
        seen.insert(running)
        let finish = Double(try #require(try await provider.job(id: id, as: .test).estimatedFinish))
        let start = await provider.clockStatus().now
        try await provider.advanceClock(seconds: (finish - start) * 0.3)
        seen.insert(try await expectSameJSON(provider, id, "running later"))

        // The same clock reading, a different future: estimated_finish moves to the failure.
        let beforeOutcome = try await provider.jobJSONText(id: id, as: .test)
        _ = try await provider.setOutcome(JobOutcome(failAtStep: 5), forJob: id)
        let afterOutcome = try await expectSameJSON(provider, id, "outcome set")
        #expect(afterOutcome != beforeOutcome)

        try await provider.advanceClock(seconds: (finish - start) * 0.2)
        _ = try await provider.pauseJob(id: id, as: .test)
        let paused = try await expectSameJSON(provider, id, "paused")
        seen.insert(paused)
        try await provider.advanceClock(seconds: 5_000)
        #expect(try await expectSameJSON(provider, id, "paused later") == paused)
        _ = try await provider.resumeJob(id: id, as: .test)
        seen.insert(try await expectSameJSON(provider, id, "resumed"))
        try await provider.advanceClock(seconds: 61)
        seen.insert(try await expectSameJSON(provider, id, "running again"))
        try await provider.advanceClock(seconds: 100_000)
        let failed = try await expectSameJSON(provider, id, "failed")
        #expect(failed.contains(#""status":"failed""#))
        seen.insert(failed)
        #expect(seen.count == 8)  // every stage above shows something new
        #expect(await provider.stores.jobs.views.count == 1)  // one entry per job, however often it changed
    }

    @Test("A cancelled job and an SFT job: cached JSON matches the built one")
    func cancelAndSupervised() async throws {
        let (provider, training, validation) = try await ProviderFixtures.providerWithFiles()
        let rft = try await provider.createJob(ProviderFixtures.reinforcementJob(training: training, validation: validation), as: .test).id
        let sftFile = try await provider.uploadFile(filename: "sft.jsonl", purpose: "fine-tune", content: ProviderFixtures.supervisedLines(0..<12), as: .test)
        let sft = try await provider.createJob(
            ["model": "gpt-4.1-nano-2025-04-14", "training_file": .string(sftFile.id),
             "method": ["type": "supervised", "supervised": ["hyperparameters": ["n_epochs": 2, "batch_size": 2]]]], as: .test).id
        try await provider.advanceClock(seconds: 120)
        let running = try await expectSameJSON(provider, rft, "running")
        _ = try await provider.cancelJob(id: rft, as: .test)
        let cancelled = try await expectSameJSON(provider, rft, "cancelled")
        #expect(cancelled != running && cancelled.contains(#""status":"cancelled""#))
        for seconds in [0.0, 1, 100, 1_000_000] {
            try await provider.advanceClock(seconds: seconds)
            _ = try await expectSameJSON(provider, sft, "sft after \(seconds) s")
            _ = try await expectSameJSON(provider, rft, "cancelled after \(seconds) s")
        }
    }

    @Test("Under a scaled clock, polls in one phase share an entry unless τ moves; every poll matches the built JSON")
    func scaledClock() async throws {
        let realTime = ManualRealTime()
        let provider = Provider(configuration: ProviderConfiguration(clockMode: .scaled(1), realTime: { realTime.read() }))
        let training = try await provider.uploadFile(filename: "train.jsonl", purpose: "fine-tune", content: ProviderFixtures.arithmeticLines(0..<12), as: .test)
        let validation = try await provider.uploadFile(filename: "valid.jsonl", purpose: "fine-tune", content: ProviderFixtures.arithmeticLines(12..<16), as: .test)
        let id = try await provider.createJob(ProviderFixtures.reinforcementJob(training: training.id, validation: validation.id), as: .test).id
        let validating = try await expectSameJSON(provider, id, "validating")
        realTime.advance(by: 10)
        #expect(try await expectSameJSON(provider, id, "validating 10 s later") == validating)
        realTime.advance(by: 100)  // queued until 90 s, then running
        let running = try await expectSameJSON(provider, id, "running")
        realTime.advance(by: 0.25)
        let later = try await expectSameJSON(provider, id, "running 0.25 s later")
        #expect(later != running)  // training_seconds moved
        realTime.advance(by: 1_000_000)
        let done = try await expectSameJSON(provider, id, "succeeded")
        realTime.advance(by: 3_600)
        #expect(try await expectSameJSON(provider, id, "succeeded an hour later") == done)
    }

    @Test("After a reset a new job with a reused id is not served the old job's JSON")
    func resetForgetsViews() async throws {
        let (provider, training, validation) = try await ProviderFixtures.providerWithFiles()
        let first = try await provider.createJob(ProviderFixtures.reinforcementJob(training: training, validation: validation), as: .test).id
        let old = try await provider.jobJSONText(id: first, as: .test)
        await provider.reset()
        let file = try await provider.uploadFile(filename: "sft.jsonl", purpose: "fine-tune", content: ProviderFixtures.supervisedLines(0..<12), as: .test)
        let second = try await provider.createJob(
            ["model": "gpt-4.1-nano-2025-04-14", "training_file": .string(file.id),
             "method": ["type": "supervised", "supervised": [:]]], as: .test).id
        #expect(second == first)  // ids are deterministic: the premise of this test
        let new = try await expectSameJSON(provider, second, "after reset")
        #expect(new != old)
    }

    @Test("A hit does not rebuild; the cache holds one entry per job and at most its capacity")
    func boundedCache() {
        var cache = JobViewCache(capacity: 3)
        var builds = 0
        func text(_ id: String, _ segment: Int) -> String {
            cache.text(jobID: id, key: JobViewKey(revision: 0, segment: segment, tauBits: 0)) {
                builds += 1
                return "\(id)@\(segment)"
            }
        }
        #expect(text("a", 0) == "a@0" && text("a", 0) == "a@0")
        #expect(builds == 1)
        #expect(text("a", 1) == "a@1" && builds == 2)
        #expect(cache.count == 1)  // a new key replaces the job's entry
        for id in ["b", "c", "d", "e"] { _ = text(id, 0) }
        #expect(cache.count <= 3)
        #expect(text("e", 0) == "e@0" && builds == 6)  // the newest entry survives a clearing
        for _ in 0..<10 { _ = text("a", 2) }
        #expect(cache.count <= 3)
    }
}
