internal import Foundation
internal import Graders
internal import Stochastics
internal import Synchronization

/// The mock fine-tuning provider: files, jobs on a simulated clock, graders, the tuned models,
/// billing, and the control levers tests pull (clock, outcomes, organisation).
///
/// Everything a client sees at clock time t is a pure function of what it sent and t: a job's
/// whole trajectory is simulated when it is created, and status, events, checkpoints, usage and
/// billing are read off that trajectory at t. The HTTP server (`MockServer`) maps each route onto
/// one method here; Swift tests can call them directly.
///
/// ```swift
/// let provider = Provider()
/// let file = try await provider.uploadFile(filename: "train.jsonl", purpose: "fine-tune", content: data, as: .test)
/// ```
public actor Provider {
    /// How the provider was started (a reset returns to it).
    public let configuration: ProviderConfiguration
    var clock: ProviderClock {
        // Mirrored outside the actor so the server's request log can stamp times without a hop.
        didSet { clockSnapshot.withLock { $0 = clock } }
    }
    nonisolated let clockSnapshot: Mutex<ProviderClock>
    var organization: OrganizationSettings
    /// The price sheet bills are computed with (the configuration's until changed).
    var priceSheet: PriceSheet
    var ids = IdentifierFactory()
    var files: [String: StoredFile] = [:]
    /// File ids in upload order.
    var fileOrder: [String] = []
    var jobs: [String: JobRecord] = [:]
    /// Job ids in creation order.
    var jobOrder: [String] = []
    /// Job id by fine-tuned model name (`ft:…`), assigned at creation.
    var jobByTunedModel: [String: String] = [:]
    /// Job id by its results file id.
    var jobByResultFile: [String: String] = [:]
    var permissions: [String: [PermissionRecord]] = [:]
    /// Response models shared by jobs on the same files and grader.
    var responseModels: [ResponseModelKey: SharedResponseModel] = [:]
    let engine: GraderEngine
    /// Recently used plan details (events' data, results CSV), least recently used first.
    var planDetails: [String: JobPlanDetail] = [:]
    var planDetailOrder: [String] = []
    /// How many plan details stay cached.
    static let planDetailCapacity = 32
    /// The JSON of recently polled jobs, by job id (`GET /v1/fine_tuning/jobs/{id}`).
    var jobViews = JobViewCache(capacity: Provider.jobViewCapacity)
    /// How many jobs' JSON stays cached (1–2 KB each).
    static let jobViewCapacity = 1024

    /// Creates a provider.
    public init(configuration: ProviderConfiguration = ProviderConfiguration()) {
        self.configuration = configuration
        let clock = ProviderClock(mode: configuration.clockMode, start: configuration.startTime, realTime: configuration.realTime())
        self.clock = clock
        clockSnapshot = Mutex(clock)
        organization = configuration.organization
        priceSheet = configuration.priceSheet
        engine = GraderEngine()
    }

    /// The clock's reading now.
    var now: Double { clock.now(realTime: configuration.realTime()) }

    /// The clock's reading now, without a hop onto the actor (the HTTP server stamps its request
    /// log with it).
    public nonisolated func clockReading() -> Double {
        clockSnapshot.withLock { $0.now(realTime: configuration.realTime()) }
    }

    /// Whether `caller` may see an object owned by `ownerKey`.
    func isVisible(ownerKey: String, to caller: Caller) -> Bool {
        !organization.isolateByKey || ownerKey == caller.apiKey
    }

    /// The organisation id `caller` acts for.
    func organizationID(of caller: Caller) -> String {
        guard organization.isolateByKey else { return "org-rftsim" }
        return "org-" + IdentifierFactory.token("org", UInt64(truncatingIfNeeded: caller.apiKey.stableHash), length: 24)
    }
}

extension String {
    /// FNV-1a over the UTF-8 bytes: a hash that is the same in every process (unlike `hashValue`).
    var stableHash: UInt64 { FNV1a64.hash(self) }
}
