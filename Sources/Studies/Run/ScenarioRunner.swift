internal import Foundation
public import Provider
internal import Simulator

/// Runs a scenario's job through the in-process provider, as a client would: upload the files,
/// create the job, follow it along the clock, then read its events, checkpoints, results and bill.
///
/// ```swift
/// let result = try await ScenarioRunner(scenario: scenario).run { progress in print(progress.line) }
/// try RunOutput.write(result, to: URL(fileURLWithPath: "runs/security-compliance"))
/// ```
public struct ScenarioRunner: Sendable {
    /// The scenario.
    public var scenario: JobScenario
    /// The provider's clock: `instant` (the job is done at creation; progress is replayed) or
    /// `scaled(factor)` (the job is followed in real time × factor).
    public var clock: ClockMode

    /// Creates a runner.
    public init(scenario: JobScenario, clock: ClockMode = .instant) {
        self.scenario = scenario
        self.clock = clock
    }

    /// Runs the job to its end; `progress` is called once per step in order.
    ///
    /// - Throws: ``RunFailure`` when a file cannot be read, the provider refuses the job, or the
    ///   job fails (its validation problems or error in the message, the files named by their
    ///   paths rather than the provider's file ids).
    public func run(progress: @Sendable (RunProgress) -> Void = { _ in }) async throws -> ScenarioRunResult {
        let started = Date()
        let provider = Provider(configuration: ProviderConfiguration(
            clockMode: clock, priceSheet: scenario.priceSheet,
            organization: OrganizationSettings(verified: true, dataSharing: scenario.dataSharing)))
        let caller = Caller(apiKey: "sk-rftsim-run")
        let training = try await upload(scenario.trainingFile, to: provider, as: caller)
        var validation: String?
        if let file = scenario.validationFile { validation = try await upload(file, to: provider, as: caller) }
        // The provider names the files by id; the user knows them by path.
        var paths = [training: scenario.trainingFile.path]
        if let validation, let file = scenario.validationFile { paths[validation] = file.path }
        let body = scenario.jobRequest(trainingFileID: training, validationFileID: validation)
        var job: JobObject
        do throws(ProviderError) {
            job = try await provider.createJob(body, simulation: scenario.simulation, as: caller)
        } catch {
            let message = "\(error.message)\(error.param.map { " (\($0))" } ?? "")"
            throw RunFailure("\(scenario.path): the provider refused the job: \(Self.naming(paths, in: message))")
        }
        if case .scaled = clock {
            while !job.status.isTerminal {
                try await Task.sleep(for: .milliseconds(100))
                job = try await provider.job(id: job.id, as: caller)
                let trace = try? await provider.jobTrace(id: job.id, passAtK: scenario.passAtK, as: caller)
                if let trace, let done = job.usageMetrics?.stepsCompleted, done > 0 {
                    progress(RunProgress(trace: trace, step: done, job: job, scenario: scenario, started: started))
                }
            }
        }
        guard job.status == .succeeded else {
            let error = job.error.map { "\($0.code): \($0.message)" } ?? job.status.rawValue
            throw RunFailure("\(scenario.path): the job \(job.status.rawValue): \(Self.naming(paths, in: error))")
        }
        let trace = try await provider.jobTrace(id: job.id, passAtK: scenario.passAtK, as: caller)
        if case .instant = clock {
            for step in trace.steps.indices {
                progress(RunProgress(trace: trace, step: step + 1, job: job, scenario: scenario, started: started))
            }
        }
        var events: [EventObject] = [], after: String?
        repeat {
            let page = try await provider.jobEvents(id: job.id, after: after, limit: 1000, as: caller)
            events += page.data
            after = page.hasMore ? page.data.last?.id : nil
        } while after != nil
        let checkpoints = try await provider.jobCheckpoints(id: job.id, limit: 100, as: caller).data
        var results = ""
        if let file = job.resultFiles.first {
            results = String(decoding: try await provider.fileContent(id: file, as: caller), as: UTF8.self)
        }
        let billing = await provider.billing(as: caller)
        return ScenarioRunResult(scenario: scenario, job: job, trace: trace, events: events.reversed(), checkpoints: checkpoints,
                                 resultsCSV: results, billing: billing, wallSeconds: Date().timeIntervalSince(started))
    }

    /// `message` with every uploaded file's id replaced by its path (`paths`: id → path).
    static func naming(_ paths: [String: String], in message: String) -> String {
        paths.keys.sorted().reduce(message) { $0.replacingOccurrences(of: $1, with: paths[$1]!) }
    }

    private func upload(_ url: URL, to provider: Provider, as caller: Caller) async throws -> String {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw RunFailure("cannot read \(url.path): \(error.localizedDescription)")
        }
        do {
            return try await provider.uploadFile(filename: url.lastPathComponent, purpose: "fine-tune", content: data, as: caller).id
        } catch {
            throw RunFailure("\(url.path): \(error.message)")
        }
    }
}

/// A run that could not finish, with a message naming the file or the job's error.
public struct RunFailure: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
