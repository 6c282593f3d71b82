public import Foundation
public import Graders
public import Provider
internal import Simulator

extension CostWorkload {
    /// What the provider bills for a reinforcement job's training loop and grader models: the
    /// seconds and the tokens by grader model, read from a job planned by a fresh in-process
    /// `Provider` (instant clock).
    struct PlannedBill: Sendable {
        /// Billed seconds of training loop (the sum of the steps' full iterations).
        var trainingSeconds: Double
        /// Model-grader tokens by grader model, integers, as the provider's `usage_metrics` has them.
        var graderTokens: [String: TokenUsage]
    }

    /// A reinforcement job to dry-run: its files as uploaded, and the request that creates it.
    ///
    /// `request` builds the job's body from the file ids the provider gives the uploads (no
    /// validation id for a reinforcement job without validation, which the platform runs).
    public struct DryRun: Sendable {
        /// The training file's name and content.
        public var training: (name: String, content: Data)
        /// The validation file's name and content, if the job has one.
        public var validation: (name: String, content: Data)?
        /// The simulation options a scenario sets (answer space, prior, algorithm, dynamics).
        public var simulation: SimulationOptions
        /// The job's request body, given the training and validation file ids.
        public var request: @Sendable (_ trainingID: String, _ validationID: String?) -> JSONValue

        /// Creates a dry run.
        ///
        /// - Parameters:
        ///   - training: The training file's name and content.
        ///   - validation: The validation file's name and content, or `nil` for none.
        ///   - simulation: Simulation options (`.standard` for a job from files alone).
        ///   - request: The job's request body, given the file ids.
        public init(training: (name: String, content: Data), validation: (name: String, content: Data)?,
                    simulation: SimulationOptions = .standard,
                    request: @escaping @Sendable (_ trainingID: String, _ validationID: String?) -> JSONValue) {
            self.training = training
            self.validation = validation
            self.simulation = simulation
            self.request = request
        }
    }

    /// Plans the job on a fresh in-process provider and reads what it bills.
    ///
    /// The provider's simulation is deterministic: the same files, request and seed give the same
    /// steps, sampled answers and tokens, so this is what a run of the same job (`rftsim run`, or a
    /// fresh `rftsim serve`) bills, to the cent. It is the one computation of a job's billed
    /// training seconds and grader tokens: the estimate does not model them a second time.
    static func plannedBill(_ dryRun: DryRun) async throws(CostEstimateError) -> PlannedBill {
        let provider = Provider(configuration: ProviderConfiguration(
            clockMode: .instant, organization: OrganizationSettings(verified: true, dataSharing: false)))
        let caller = Caller(apiKey: "sk-rftsim-run")
        do throws(ProviderError) {
            let trainingID = try await provider.uploadFile(
                filename: dryRun.training.name, purpose: "fine-tune", content: dryRun.training.content, as: caller).id
            var validationID: String?
            if let validation = dryRun.validation {
                validationID = try await provider.uploadFile(
                    filename: validation.name, purpose: "fine-tune", content: validation.content, as: caller).id
            }
            var job = try await provider.createJob(dryRun.request(trainingID, validationID), simulation: dryRun.simulation, as: caller)
            // The clock is instant: the job ends as soon as the provider has planned it.
            while !job.status.isTerminal {
                await Task.yield()
                job = try await provider.job(id: job.id, as: caller)
            }
            guard job.status == .succeeded, let usage = job.usageMetrics else {
                let reason = job.error.map { "\($0.code): \($0.message)" } ?? job.status.rawValue
                throw ProviderError.invalid("the simulated job \(job.status.rawValue) (\(reason))", param: nil)
            }
            return PlannedBill(trainingSeconds: usage.trainingSeconds, graderTokens: usage.graderTokens)
        } catch {
            let param = error.param.map { " (\($0))" } ?? ""
            throw CostEstimateError(.invalidDataset, "the provider refuses this job: \(error.message)\(param)")
        }
    }

    /// Lines as a JSONL file, as they were read.
    static func jsonl(_ lines: [JSONValue]) -> String {
        lines.map(\.jsonText).joined(separator: "\n") + "\n"
    }
}
