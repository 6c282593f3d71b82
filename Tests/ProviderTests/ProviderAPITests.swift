import Foundation
import Graders
import Testing

@testable import Provider

@Suite("Provider API: files, SFT, models, graders, isolation, errors")
struct ProviderAPITests {
    @Test("An SFT job on gpt-4.1-nano trains by epochs, bills trained tokens and keeps the last three epochs")
    func supervisedJob() async throws {
        let provider = Provider()
        let training = try await provider.uploadFile(filename: "sft.jsonl", purpose: "fine-tune", content: ProviderFixtures.supervisedLines(0..<12), as: .test)
        let job = try await provider.createJob(
            ["model": "gpt-4.1-nano-2025-04-14", "training_file": .string(training.id), "suffix": "sums",
             "method": ["type": "supervised", "supervised": ["hyperparameters": ["n_epochs": 4, "batch_size": 2]]]], as: .test)
        try await provider.advanceClock(seconds: 1_000_000)
        let done = try await provider.job(id: job.id, as: .test)
        #expect(done.status == .succeeded)
        let tokens = try #require(done.trainedTokens)
        #expect(tokens > 0)
        #expect(done.fineTunedModel?.hasPrefix("ft:gpt-4.1-nano-2025-04-14:rftsim:sums:") == true)
        #expect(done.usageMetrics == nil)
        let checkpoints = try await provider.jobCheckpoints(id: job.id, as: .test).data
        #expect(checkpoints.map(\.stepNumber) == [24, 18, 12])
        let bill = await provider.billing()
        #expect(bill.events.first?.trainedTokens == tokens)
        // $1.50 per million training tokens, rounded to cents.
        #expect(abs(bill.total - (Double(tokens) * 1.5e-6 * 100).rounded() / 100) < 1e-9)
    }

    @Test("The tuned model answers chat completions by sampling its policy, the same answer for the same request")
    func tunedModelAnswers() async throws {
        let (provider, training, validation) = try await ProviderFixtures.providerWithFiles(clock: .instant)
        let job = try await provider.createJob(ProviderFixtures.reinforcementJob(training: training, validation: validation), as: .test)
        #expect(job.status == .succeeded)
        let model = try #require(job.fineTunedModel)
        let request: JSONValue = ["model": .string(model), "n": 3,
                                  "messages": [["role": "user", "content": "What is 3 + 3? Answer with the number only."]]]
        let first = try await provider.chatCompletion(request, as: .test)
        let again = try await provider.chatCompletion(request, as: .test)
        #expect(first == again)
        guard case .array(let choices)? = first["choices"] else { Issue.record("no choices"); return }
        #expect(choices.count == 3)
        #expect(choices.allSatisfy { $0["message"]?["content"]?.stringValue != nil })
        let checkpoint = try #require(try await provider.jobCheckpoints(id: job.id, as: .test).data.first)
        let response = try await provider.createResponse(["model": .string(checkpoint.fineTunedModelCheckpoint), "input": "What is 3 + 3?"], as: .test)
        #expect(response["object"] == "response")
        #expect(try await provider.model(id: model, as: .test).id == model)
        let listed = await provider.listModels(as: .test).data.map(\.id)
        #expect(listed.contains(model) && listed.contains("o4-mini-2025-04-16"))
        let base = try await provider.chatCompletion(["model": "o4-mini", "messages": [["role": "user", "content": "hi"]]], as: .test)
        #expect(base["model"] == "o4-mini")
    }

    @Test("A job may continue from a tuned model or one of its checkpoints")
    func continuesFromTunedModel() async throws {
        let (provider, training, validation) = try await ProviderFixtures.providerWithFiles(clock: .instant)
        let first = try await provider.createJob(ProviderFixtures.reinforcementJob(training: training, validation: validation), as: .test)
        let model = try #require(first.fineTunedModel)
        var body = ProviderFixtures.reinforcementJob(training: training, validation: validation)
        if case .object(var members) = body { members["model"] = .string(model); body = .object(members) }
        let second = try await provider.createJob(body, as: .test)
        #expect(second.status == .succeeded)
        #expect(second.fineTunedModel?.hasPrefix("ft:o4-mini-2025-04-16:") == true)
        let events = try await provider.jobEvents(id: second.id, limit: 100, as: .test).data
        let firstEvents = try await provider.jobEvents(id: first.id, limit: 100, as: .test).data
        // Starting from the tuned policy, the first step's reward differs from the base model's.
        let stepOne = { (list: [EventObject]) in list.last { $0.type == "metrics" }?.message }
        #expect(stepOne(events) != stepOne(firstEvents))
    }

    @Test("Request errors name the field: unknown key, bad hyperparameter, method the model does not take, missing files")
    func createErrors() async throws {
        let (provider, training, validation) = try await ProviderFixtures.providerWithFiles()
        func error(_ body: JSONValue) async -> ProviderError? {
            do { _ = try await provider.createJob(body, as: .test); return nil } catch { return error }
        }
        var body = ProviderFixtures.reinforcementJob(training: training, validation: validation, extra: ["colour": "blue"])
        await provider.setOrganization(OrganizationSettings(strictRequests: true))
        #expect(await error(body)?.param == "colour")
        await provider.setOrganization(OrganizationSettings())
        body = ProviderFixtures.reinforcementJob(training: training, validation: validation, extra: ["model": "gpt-4.1-nano-2025-04-14"])
        let refused = await error(body)
        #expect(refused?.code == .invalidRequest && refused?.param == "method")
        body = ProviderFixtures.reinforcementJob(training: "file-nope", validation: validation)
        #expect(await error(body)?.param == "training_file")
        body = ["model": "o4-mini", "training_file": .string(training), "validation_file": .string(validation),
                "method": ["type": "reinforcement", "reinforcement": ["grader": ProviderFixtures.grader, "hyperparameters": ["batch_size": 0]]]]
        #expect(await error(body)?.param == "method.reinforcement.hyperparameters.batch_size")
        body = ["model": "o4-mini", "training_file": .string(training), "validation_file": .string(validation),
                "method": ["type": "reinforcement", "reinforcement": ["grader": ["type": "string_check", "name": "x", "input": "a", "reference": "b", "operation": "equals"]]]]
        #expect(await error(body)?.param == "method.reinforcement.grader.operation")
        await provider.setOrganization(OrganizationSettings(verified: false))
        body = ProviderFixtures.reinforcementJob(training: training, validation: validation)
        #expect(await error(body)?.code == .forbidden)
    }

    @Test("A training file with too few examples fails validation with invalid_n_examples")
    func tooFewExamples() async throws {
        let provider = Provider()
        let small = try await provider.uploadFile(filename: "t.jsonl", purpose: "fine-tune", content: ProviderFixtures.arithmeticLines(0..<3), as: .test)
        let valid = try await provider.uploadFile(filename: "v.jsonl", purpose: "fine-tune", content: ProviderFixtures.arithmeticLines(3..<5), as: .test)
        let job = try await provider.createJob(ProviderFixtures.reinforcementJob(training: small.id, validation: valid.id), as: .test)
        #expect(job.status == .validatingFiles)
        try await provider.advanceClock(seconds: 3600)
        let failed = try await provider.job(id: job.id, as: .test)
        #expect(failed.status == .failed)
        #expect(failed.error?.code == "invalid_n_examples")
        #expect(failed.error?.param == "training_file")
        #expect(await provider.billing().events.isEmpty)
    }

    @Test("With isolation on, a key sees only its own files and jobs")
    func isolationByKey() async throws {
        let provider = Provider(configuration: ProviderConfiguration(organization: OrganizationSettings(isolateByKey: true)))
        let alice = Caller(apiKey: "sk-alice-0001"), bob = Caller(apiKey: "sk-bob-00002")
        let file = try await provider.uploadFile(filename: "a.jsonl", purpose: "fine-tune", content: ProviderFixtures.arithmeticLines(0..<12), as: alice)
        #expect(try await provider.listFiles(as: bob).data.isEmpty)
        await #expect(throws: ProviderError.notFound("File", id: file.id)) { try await provider.file(id: file.id, as: bob) }
        #expect(try await provider.file(id: file.id, as: alice).id == file.id)
    }

    @Test("Illegal transitions are 400s that say why")
    func illegalTransitions() async throws {
        let (provider, training, validation) = try await ProviderFixtures.providerWithFiles(clock: .instant)
        let job = try await provider.createJob(ProviderFixtures.reinforcementJob(training: training, validation: validation), as: .test)
        do {
            _ = try await provider.cancelJob(id: job.id, as: .test)
            Issue.record("cancel of a finished job succeeded")
        } catch {
            #expect(error.code == .invalidRequest && error.platformCode == "invalid_job_state" && error.message.contains("already completed"))
        }
        await #expect(throws: ProviderError.self) { try await provider.resumeJob(id: job.id, as: .test) }
        await #expect(throws: ProviderError.self) { try await provider.job(id: "ftjob-missing", as: .test) }
    }

    @Test("graders/run scores a sample and graders/validate names the bad field")
    func graders() async throws {
        let provider = Provider()
        let result = try await provider.runGrader(["grader": ProviderFixtures.grader, "model_sample": "4", "item": ["answer": "4"]])
        #expect(result.reward == 1)
        let miss = try await provider.runGrader(["grader": ProviderFixtures.grader, "model_sample": "5", "item": ["answer": "4"]])
        #expect(miss.reward == 0)
        do {
            _ = try await provider.validateGrader(["grader": ["type": "text_similarity", "name": "t", "input": "a", "reference": "b", "evaluation_metric": "rouge"]])
            Issue.record("bad grader accepted")
        } catch {
            #expect(error.param == "grader.evaluation_metric")
        }
        let echoed = try await provider.validateGrader(["grader": ProviderFixtures.grader])
        #expect(echoed["grader"] == ProviderFixtures.grader)
    }

    @Test("A reset forgets everything and replays ids")
    func resetReplaysIDs() async throws {
        let provider = Provider()
        let first = try await provider.uploadFile(filename: "a.jsonl", purpose: "fine-tune", content: ProviderFixtures.arithmeticLines(0..<12), as: .test)
        await provider.reset()
        #expect(try await provider.listFiles(as: .test).data.isEmpty)
        let second = try await provider.uploadFile(filename: "a.jsonl", purpose: "fine-tune", content: ProviderFixtures.arithmeticLines(0..<12), as: .test)
        #expect(first.id == second.id)
    }
}
