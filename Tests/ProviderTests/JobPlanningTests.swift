import Foundation
import Graders
import Testing

@testable import Provider

/// A judge that holds every model-grader call until the test opens it, so a job's planning can be
/// caught in the middle.
actor PlanningGate {
    private var isOpen = false
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private(set) var calls = 0

    func pass() async {
        calls += 1
        if isOpen { return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func open() {
        isOpen = true
        for continuation in waiting { continuation.resume() }
        waiting.removeAll()
    }
}

struct PlanningGateJudge: Judge {
    let gate: PlanningGate
    func reply(to request: JudgeRequest) async throws -> JudgeReply {
        await gate.pass()
        return try await BuiltinJudge().reply(to: request)
    }
}

@Suite("Job planning off the actor: create at once, reads wait only for their job, resets drop stale work")
struct JobPlanningTests {
    static let modelGrader: JSONValue = [
        "type": "score_model", "name": "judge", "model": "o3-mini-2025-01-31", "range": [0, 1],
        "input": [["role": "user", "content": "Score {{sample.output_text}} against {{item.answer}}"]],
    ]

    /// A provider whose model graders wait on `gate`, with isolation by key and a verified organisation.
    static func gatedProvider(_ gate: PlanningGate, clock: ClockMode = .virtual) -> Provider {
        var configuration = ProviderConfiguration(clockMode: clock, organization: OrganizationSettings(verified: true, isolateByKey: true))
        configuration.graderOptions = GraderEngine.Options(judge: PlanningGateJudge(gate: gate))
        return Provider(configuration: configuration)
    }

    static let stringGrader: JSONValue = [
        "type": "string_check", "name": "exact", "operation": "eq", "input": "{{sample.output_text}}", "reference": "{{item.answer}}",
    ]

    static func rftBody(training: String, validation: String) -> JSONValue {
        ["model": "o4-mini-2025-04-16", "training_file": .string(training), "validation_file": .string(validation),
         "method": ["type": "reinforcement", "reinforcement": [
             "grader": modelGrader, "hyperparameters": ["n_epochs": 2, "batch_size": 4, "eval_interval": 2, "eval_samples": 2],
         ]]]
    }

    static func upload(_ provider: Provider, as caller: Caller) async throws -> (training: String, validation: String) {
        let training = try await provider.uploadFile(filename: "train.jsonl", purpose: "fine-tune",
                                                     content: ProviderFixtures.arithmeticLines(0..<12), as: caller)
        let validation = try await provider.uploadFile(filename: "valid.jsonl", purpose: "fine-tune",
                                                       content: ProviderFixtures.arithmeticLines(12..<16), as: caller)
        return (training.id, validation.id)
    }

    static func waitUntilGraded(_ gate: PlanningGate) async {
        while await gate.calls == 0 { await Task.yield() }
    }

    @Test("A job is created before it is planned; another key's reads answer while it is still planning")
    func otherKeysAreNotBlocked() async throws {
        let gate = PlanningGate()
        let provider = Self.gatedProvider(gate)
        let alice = Caller(apiKey: "sk-alice-0001"), bob = Caller(apiKey: "sk-bob-00002")
        let aliceFiles = try await Self.upload(provider, as: alice)
        let created = try await provider.createJob(Self.rftBody(training: aliceFiles.training, validation: aliceFiles.validation), as: alice)
        #expect(created.status == .validatingFiles)
        await Self.waitUntilGraded(gate)

        // Bob's job (supervised: no model grader) is created, planned and read while Alice's waits.
        let bobTraining = try await provider.uploadFile(filename: "sft.jsonl", purpose: "fine-tune",
                                                        content: ProviderFixtures.supervisedLines(0..<12), as: bob)
        let bobJob = try await provider.createJob(
            ["model": "gpt-4.1-nano-2025-04-14", "training_file": .string(bobTraining.id)], as: bob)
        let bobRead = try await provider.job(id: bobJob.id, as: bob)
        #expect(bobRead.id == bobJob.id)
        let bobList = try await provider.listJobs(as: bob)
        #expect(bobList.data.map(\.id) == [bobJob.id])
        #expect(await provider.pendingPlans[created.id] != nil, "Alice's job is still being planned")

        await gate.open()
        try await provider.advanceClock(seconds: 10_000_000)
        let done = try await provider.job(id: created.id, as: alice)
        #expect(done.status == .succeeded)
        #expect(await provider.pendingPlans.isEmpty)
    }

    @Test("What a client reads does not depend on when the planning finished")
    func planningTimeIsInvisible() async throws {
        func run(openFirst: Bool) async throws -> [String] {
            let gate = PlanningGate()
            if openFirst { await gate.open() }
            let provider = Self.gatedProvider(gate)
            let files = try await Self.upload(provider, as: .test)
            let job = try await provider.createJob(Self.rftBody(training: files.training, validation: files.validation), as: .test)
            var texts = [job.jsonText]
            if !openFirst {
                await Self.waitUntilGraded(gate)
                Task { try? await Task.sleep(for: .milliseconds(50)); await gate.open() }
            }
            for seconds in [10.0, 100, 1000, 100_000] {
                try await provider.advanceClock(seconds: seconds)
                texts.append(try await provider.jobJSONText(id: job.id, as: .test))
                texts.append(try await provider.jobEvents(id: job.id, limit: 100, as: .test).jsonText)
            }
            return texts
        }
        let early = try await run(openFirst: true)
        let late = try await run(openFirst: false)
        #expect(early == late)
    }

    @Test("The instant clock still answers a finished job from create")
    func instantClockFinishesAtCreation() async throws {
        let gate = PlanningGate()
        await gate.open()
        let provider = Self.gatedProvider(gate, clock: .instant)
        let files = try await Self.upload(provider, as: .test)
        let job = try await provider.createJob(Self.rftBody(training: files.training, validation: files.validation), as: .test)
        #expect(job.status == .succeeded)
        #expect(try await provider.job(id: job.id, as: .test).status == .succeeded)
    }

    @Test("A reset drops planning begun before it: the new job with the same id is the new one")
    func resetDropsStalePlanning() async throws {
        let gate = PlanningGate()
        let provider = Self.gatedProvider(gate)
        let files = try await Self.upload(provider, as: .test)
        let old = try await provider.createJob(Self.rftBody(training: files.training, validation: files.validation), as: .test)
        await Self.waitUntilGraded(gate)
        await provider.reset()
        let training = try await provider.uploadFile(filename: "sft.jsonl", purpose: "fine-tune",
                                                     content: ProviderFixtures.supervisedLines(0..<12), as: .test)
        let new = try await provider.createJob(["model": "gpt-4.1-nano-2025-04-14", "training_file": .string(training.id)], as: .test)
        #expect(new.id == old.id, "ids start over after a reset")
        await gate.open()
        // Let the old planning finish and try to store itself.
        for _ in 0..<50 { await Task.yield() }
        try await Task.sleep(for: .milliseconds(100))
        let read = try await provider.job(id: new.id, as: .test)
        #expect(read.model == "gpt-4.1-nano-2025-04-14")
        #expect(read.method.jsonText.contains("supervised"))
        let all = try await provider.listJobs(as: .test)
        #expect(all.data.count == 1)
    }

    @Test("eval_samples above Azure's 10 and work beyond the job bound are 400s naming the hyperparameter")
    func workBounds() async throws {
        let (provider, training, validation) = try await ProviderFixtures.providerWithFiles()
        await provider.setOrganization(OrganizationSettings(verified: true))
        var body = ProviderFixtures.reinforcementJob(training: training, validation: validation)
        body = Self.replacingHyperparameters(body, ["eval_samples": 11])
        await #expect {
            _ = try await provider.createJob(body, as: .test)
        } throws: { error in
            let error = error as? ProviderError
            return error?.param == "method.reinforcement.hyperparameters.eval_samples" && error?.message.contains("1...10") == true
        }
        body = Self.replacingHyperparameters(body, ["n_epochs": 50, "batch_size": 1, "compute_multiplier": 10, "eval_samples": 1])
        // 12 examples × 50 epochs × G 80 is fine; the bound needs a bigger file.
        let big = try await provider.uploadFile(filename: "big.jsonl", purpose: "fine-tune",
                                                content: ProviderFixtures.arithmeticLines(0..<2_000), as: .test)
        body = Self.replacingFile(body, big.id)
        await #expect {
            _ = try await provider.createJob(body, as: .test)
        } throws: { error in
            let error = error as? ProviderError
            return error?.param == "method.reinforcement.hyperparameters.n_epochs" && error?.message.contains("5000000") == true
        }
        #expect(try await provider.listJobs(as: .test).data.isEmpty, "nothing half-created")
    }

    static func replacingHyperparameters(_ body: JSONValue, _ values: [String: JSONValue]) -> JSONValue {
        guard case .object(var members) = body, case .object(var method)? = members["method"],
              case .object(var inner)? = method["reinforcement"], case .object(var hyperparameters)? = inner["hyperparameters"] else { return body }
        for (key, value) in values { hyperparameters[key] = value }
        inner["hyperparameters"] = .object(hyperparameters)
        method["reinforcement"] = .object(inner)
        members["method"] = .object(method)
        return .object(members)
    }

    static func replacingFile(_ body: JSONValue, _ id: String) -> JSONValue {
        guard case .object(var members) = body else { return body }
        members["training_file"] = .string(id)
        return .object(members)
    }
}

/// A judge that sleeps (cancellably) for ten minutes: a grader still working when its job is cancelled.
struct SleepingJudge: Judge {
    let calls: PlanningGate
    func reply(to request: JudgeRequest) async throws -> JudgeReply {
        await calls.open()
        await calls.pass()
        try await Task.sleep(for: .seconds(600))
        return try await BuiltinJudge().reply(to: request)
    }
}

@Suite("Cancelling a job being planned")
struct PlanningCancellationTests {
    // The limit only has to be below the judge's 600 s sleep: under a full-suite load on two cores
    // the planning waited over a minute for a thread before the judge was called.
    @Test("A job cancelled while its grader sleeps is cancelled at once, its planning stopped and nothing of it kept",
          .timeLimit(.minutes(5)))
    func cancelStopsTheGrader() async throws {
        let calls = PlanningGate()
        var configuration = ProviderConfiguration(clockMode: .virtual, organization: OrganizationSettings(verified: true))
        configuration.graderOptions = GraderEngine.Options(judge: SleepingJudge(calls: calls))
        let provider = Provider(configuration: configuration)
        let files = try await JobPlanningTests.upload(provider, as: .test)
        let job = try await provider.createJob(JobPlanningTests.rftBody(training: files.training, validation: files.validation), as: .test)
        await JobPlanningTests.waitUntilGraded(calls)
        // Without the cancellation reaching the grader this waits for its ten minutes (and the time limit fails it).
        let cancelled = try await provider.cancelJob(id: job.id, as: .test)
        #expect(cancelled.status == .cancelled)
        #expect(await provider.pendingPlans.isEmpty)
        #expect(await provider.stores.jobs.responseModels.isEmpty, "grades from a cancelled planning are not kept for later jobs")
        try await provider.advanceClock(seconds: 1_000_000)
        let later = try await provider.job(id: job.id, as: .test)
        #expect(later.status == .cancelled)
        #expect(later.error == nil)
    }
}

@Suite("The planning budget")
struct PlanningBudgetTests {
    @Test("A job whose grading outlasts the planning budget is stopped and fails saying so", .timeLimit(.minutes(5)))
    func overBudgetFails() async throws {
        let calls = PlanningGate()
        var configuration = ProviderConfiguration(clockMode: .virtual, organization: OrganizationSettings(verified: true))
        configuration.graderOptions = GraderEngine.Options(judge: SleepingJudge(calls: calls))
        configuration.planningBudgetSeconds = 0.5
        let provider = Provider(configuration: configuration)
        let files = try await JobPlanningTests.upload(provider, as: .test)
        let job = try await provider.createJob(JobPlanningTests.rftBody(training: files.training, validation: files.validation), as: .test)
        try await provider.advanceClock(seconds: 1_000_000)
        let failed = try await provider.job(id: job.id, as: .test)
        #expect(failed.status == .failed)
        #expect(failed.error?.code == "planning_budget_exceeded")
        #expect(failed.error?.message.contains("0.5 seconds") == true, "\(String(describing: failed.error))")
        #expect(await provider.stores.jobs.responseModels.isEmpty)
    }
}

@Suite("Storage quota per organisation")
struct StorageQuotaTests {
    @Test("An upload beyond the organisation's quota is refused; another key under isolation has its own")
    func quotaPerOrganization() async throws {
        var configuration = ProviderConfiguration(organization: OrganizationSettings(isolateByKey: true))
        configuration.maximumStorageBytesPerOrganization = 2_000
        let provider = Provider(configuration: configuration)
        let alice = Caller(apiKey: "sk-alice-0001"), bob = Caller(apiKey: "sk-bob-00002")
        let lines = ProviderFixtures.arithmeticLines(0..<12)
        #expect(lines.count > 1_000 && lines.count < 2_000)
        let first = try await provider.uploadFile(filename: "a.jsonl", purpose: "fine-tune", content: lines, as: alice)
        await #expect {
            _ = try await provider.uploadFile(filename: "b.jsonl", purpose: "fine-tune", content: lines, as: alice)
        } throws: { error in
            (error as? ProviderError)?.platformCode == "storage_quota_exceeded"
        }
        _ = try await provider.uploadFile(filename: "b.jsonl", purpose: "fine-tune", content: lines, as: bob)
        _ = try await provider.deleteFile(id: first.id, as: alice)
        _ = try await provider.uploadFile(filename: "c.jsonl", purpose: "fine-tune", content: lines, as: alice)
    }
}
