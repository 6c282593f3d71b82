internal import Foundation
internal import Graders
internal import Stochastics
internal import Synchronization

/// The mock fine-tuning provider: files, jobs on a simulated clock, graders, the tuned models,
/// billing, and the control levers tests pull (clock, outcomes, organisation).
///
/// A façade: the state is in `ProviderStores` (files, jobs, account, permissions), each a value
/// type with one concern; the provider serialises access to them, reads the clock and checks
/// requests.
///
/// Everything a client sees at clock time t is a pure function of what it sent and t: a job's
/// whole trajectory is simulated when it is created (off the actor, while the job is
/// `validating_files`; every read of the job waits for it), and status, events, checkpoints,
/// usage and billing are read off that trajectory at t. The HTTP server (`MockServer`) maps each route onto
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
    /// Files, jobs, the account and permissions: one store per concern (a reset replaces them).
    var stores: ProviderStores
    let engine: GraderEngine
    /// Jobs whose files are being validated and training simulated off the actor, by job id.
    var pendingPlans: [String: PendingPlan] = [:]
    /// How many resets there have been: work begun before a reset carries an older number and
    /// is dropped when it finishes, never stored into the new state.
    var generation: UInt64 = 0

    /// Creates a provider.
    public init(configuration: ProviderConfiguration = ProviderConfiguration()) {
        self.configuration = configuration
        let clock = ProviderClock(mode: configuration.clockMode, start: configuration.startTime, realTime: configuration.realTime())
        self.clock = clock
        clockSnapshot = Mutex(clock)
        stores = ProviderStores(configuration: configuration)
        engine = GraderEngine(options: configuration.graderOptions)
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
        stores.account.isVisible(ownerKey: ownerKey, to: caller)
    }
}

extension String {
    /// FNV-1a over the UTF-8 bytes: a hash that is the same in every process (unlike `hashValue`).
    var stableHash: UInt64 { FNV1a64.hash(self) }
}
