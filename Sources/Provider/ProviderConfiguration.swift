public import Foundation
public import Graders

/// How a ``Provider`` starts: its clock, catalogue, prices, organisation and limits.
public struct ProviderConfiguration: Sendable {
    /// The clock's mode at start and after a reset.
    public var clockMode: ClockMode
    /// The clock's reading at start and after a reset (Unix seconds; default 2026-01-01T00:00:00Z).
    public var startTime: Double
    /// Which base models take which methods.
    public var catalogue: ModelCatalogue
    /// The price sheet billing uses.
    public var priceSheet: PriceSheet
    /// The organisation at start and after a reset.
    public var organization: OrganizationSettings
    /// Largest accepted upload, in bytes (default 512 MiB, the platform's 512 MB; `rftsim serve`
    /// streams uploads to disk, so this is not held in memory).
    public var maximumFileBytes: Int
    /// Simulated seconds a job spends in `validating_files` (plus 1 ms per line).
    public var validationSeconds: Double
    /// Simulated seconds a job waits in `queued` unless its outcome says otherwise.
    public var queueSeconds: Double
    /// Real time in seconds, read by the scaled clock and for request delays.
    public var realTime: @Sendable () -> Double
    /// Mixed into every generated id (`rftsim serve --seed`).
    ///
    /// The same seed gives the same ids, another seed other ids, so a test that keeps a stale id
    /// from another run fails. 0 by default.
    public var idSeed: UInt64 = 0
    /// The most bytes of uploaded files one organisation may hold at once (default 1 GiB).
    ///
    /// The platform allows 2.5 TB per project; RFTSim keeps files on its disk (or in memory, in
    /// process), so its quota is the bound on what one organisation (one key under isolation) can
    /// make the server keep.
    public var maximumStorageBytesPerOrganization: Int = 1 << 30
    /// Wall-clock seconds a job's planning (validating its files, grading its answer space,
    /// simulating its training) may take before it is stopped and the job fails with
    /// `planning_budget_exceeded` (default 600).
    ///
    /// The work bound (`JobWorkBound`) keeps the training simulation to seconds; what this bounds
    /// is grading, whose python or model graders may each take up to their own limits (a python
    /// grader 2 minutes per call). Stopping cancels the graders in flight.
    public var planningBudgetSeconds: Double = 600
    /// How the provider's graders behave (the judge of model graders, the python sandbox);
    /// the defaults grade as `rftsim serve` does.
    public var graderOptions = GraderEngine.Options()
    /// Who answers model graders (`score_model`, `label_model`) and base-model prompts that match
    /// no uploaded dataset (``PromptResponder``): the built-in rule by default, or a
    /// `RuleTableJudge` or `CommandJudge` (`rftsim serve --judge-rules/--judge-command`).
    ///
    /// The judge of ``graderOptions``, named here because inference uses it too.
    public var judge: any Judge {
        get { graderOptions.judge }
        set { graderOptions.judge = newValue }
    }

    /// Creates a configuration.
    public init(clockMode: ClockMode = .virtual, startTime: Double = 1_767_225_600,
                catalogue: ModelCatalogue = .builtin, priceSheet: PriceSheet = .default,
                organization: OrganizationSettings = OrganizationSettings(),
                maximumFileBytes: Int = 512 << 20, validationSeconds: Double = 30, queueSeconds: Double = 60,
                realTime: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.clockMode = clockMode
        self.startTime = startTime
        self.catalogue = catalogue
        self.priceSheet = priceSheet
        self.organization = organization
        self.maximumFileBytes = maximumFileBytes
        self.validationSeconds = validationSeconds
        self.queueSeconds = queueSeconds
        self.realTime = realTime
    }
}
