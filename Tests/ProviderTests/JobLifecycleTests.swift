import Foundation
import Graders
import Testing

@testable import Provider

@Suite("Job lifecycle on the clock")
struct JobLifecycleTests {
    @Test("An RFT job validates, queues, runs step by step and succeeds with a model and results")
    func reinforcementRunsToSuccess() async throws {
        let (provider, training, validation) = try await ProviderFixtures.providerWithFiles()
        let created = try await provider.createJob(ProviderFixtures.reinforcementJob(training: training, validation: validation), as: .test)
        #expect(created.status == .validatingFiles)
        #expect(created.fineTunedModel == nil && created.finishedAt == nil)
        try await provider.advanceClock(seconds: 31)
        #expect(try await provider.job(id: created.id, as: .test).status == .queued)
        try await provider.advanceClock(seconds: 60)
        let running = try await provider.job(id: created.id, as: .test)
        #expect(running.status == .running)
        #expect(running.estimatedFinish != nil)
        try await provider.advanceClock(seconds: 100_000)
        let done = try await provider.job(id: created.id, as: .test)
        #expect(done.status == .succeeded)
        let model = try #require(done.fineTunedModel)
        #expect(model.hasPrefix("ft:o4-mini-2025-04-16:"))
        try #require(done.resultFiles.count == 1)
        let csv = String(decoding: try await provider.fileContent(id: done.resultFiles[0], as: .test), as: UTF8.self)
        #expect(csv.hasPrefix("step,"))
        #expect(csv.split(separator: "\n").count == 7)  // header + 6 steps
        let events = try await provider.jobEvents(id: created.id, limit: 100, as: .test)
        #expect(events.data.first?.message == "The job has successfully completed")
        #expect(events.data.last?.message == "Created fine-tuning job: \(created.id)")
        #expect(events.data.filter { $0.type == "metrics" }.count == 6)
        let checkpoints = try await provider.jobCheckpoints(id: created.id, as: .test)
        #expect(checkpoints.data.count == 3)
        #expect(checkpoints.data.allSatisfy { $0.fineTunedModelCheckpoint.hasPrefix(model + ":ckpt-step-") })
        let usage = try #require(done.usageMetrics)
        #expect(usage.stepsCompleted == 6 && usage.trainingSeconds > 0)
        let bill = await provider.billing()
        #expect(bill.events.count == 1 && bill.events[0].kind == .success)
        #expect(abs(bill.events[0].trainingSeconds - usage.trainingSeconds) < 1e-9)
    }

    @Test("Ten one-hour advances read the same as one ten-hour advance")
    func advancingIsPathIndependent() async throws {
        func snapshot(steps: [Double]) async throws -> (JobObject, [EventObject]) {
            let (provider, training, validation) = try await ProviderFixtures.providerWithFiles()
            let job = try await provider.createJob(ProviderFixtures.reinforcementJob(training: training, validation: validation), as: .test)
            for seconds in steps { try await provider.advanceClock(seconds: seconds) }
            return (try await provider.job(id: job.id, as: .test), try await provider.jobEvents(id: job.id, limit: 1000, as: .test).data)
        }
        let once = try await snapshot(steps: [3600])
        let many = try await snapshot(steps: Array(repeating: 360, count: 10))
        #expect(once.0 == many.0)
        #expect(once.1 == many.1)
    }

    @Test("Pause makes a checkpoint and bills the work so far; resume continues to the same end")
    func pauseAndResume() async throws {
        let (provider, training, validation) = try await ProviderFixtures.providerWithFiles()
        let job = try await provider.createJob(ProviderFixtures.reinforcementJob(training: training, validation: validation), as: .test)
        await #expect(throws: ProviderError.self) { try await provider.pauseJob(id: job.id, as: .test) }
        try await provider.advanceClock(seconds: 91)
        let running = try await provider.job(id: job.id, as: .test)
        let finish = Double(try #require(running.estimatedFinish))
        try await provider.advanceClock(seconds: (finish - Double(await provider.clockStatus().now)) * 0.6)
        let paused = try await provider.pauseJob(id: job.id, as: .test)
        #expect(paused.status == .paused)
        let pauseBill = await provider.billing()
        #expect(pauseBill.events.map(\.kind) == [.pause])
        try await provider.advanceClock(seconds: 50_000)
        #expect(try await provider.job(id: job.id, as: .test).status == .paused)
        let checkpoints = try await provider.jobCheckpoints(id: job.id, as: .test).data
        #expect(!checkpoints.isEmpty)
        _ = try await provider.resumeJob(id: job.id, as: .test)
        try await provider.advanceClock(seconds: 100_000)
        let done = try await provider.job(id: job.id, as: .test)
        #expect(done.status == .succeeded)
        let bill = await provider.billing()
        #expect(bill.events.map(\.kind) == [.pause, .success])
        let billed = bill.events.reduce(0) { $0 + $1.trainingSeconds }
        #expect(abs(billed - (done.usageMetrics?.trainingSeconds ?? -1)) < 1e-6)
    }

    @Test("A failure at step 4 bills only up to the last checkpoint")
    func failureLosesUncheckpointedWork() async throws {
        let (provider, training, validation) = try await ProviderFixtures.providerWithFiles()
        let job = try await provider.createJob(
            ProviderFixtures.reinforcementJob(training: training, validation: validation, metadata: ["rftsim.fail_at_step": "4"]), as: .test)
        try await provider.advanceClock(seconds: 100_000)
        let failed = try await provider.job(id: job.id, as: .test)
        #expect(failed.status == .failed)
        #expect(failed.error?.code == "server_error")
        #expect(failed.usageMetrics?.stepsCompleted == 3)
        let bill = await provider.billing()
        #expect(bill.events.count == 1 && bill.events[0].kind == .failure)
        #expect(bill.events[0].lostSeconds > 0)
    }
}
