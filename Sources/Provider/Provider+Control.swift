internal import Graders

/// The clock as `GET /_rftsim/clock` reports it.
public struct ClockStatus: Sendable, Hashable, Encodable {
    /// `virtual`, `scaled` or `instant`.
    public var mode: String
    /// Simulated Unix seconds now.
    public var now: Double
    /// The scaled clock's factor (`null` otherwise).
    public var factor: Double?

    private enum CodingKeys: String, CodingKey { case mode, now, factor }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(mode, forKey: .mode)
        try c.encode(now, forKey: .now)
        try c.encode(factor, forKey: .factor)
    }
}

extension Provider {
    /// Forgets every file, job and permission; the clock and organisation return to the
    /// configuration's.
    ///
    /// Ids start over, so a replayed test gets the same ids; with `idSeed` they start over from
    /// that seed instead of the configuration's (a test that gives each run its own seed catches
    /// a stale id from another run).
    public func reset(idSeed: UInt64? = nil) {
        dropPendingPlans()
        clock = ProviderClock(mode: configuration.clockMode, start: configuration.startTime, realTime: configuration.realTime())
        // Response models are pure functions of file contents that no longer exist, and job ids
        // start again (a new job may reuse a cached view's id and revision): every store goes.
        stores = ProviderStores(configuration: configuration, idSeed: idSeed)
    }

    /// The clock now.
    public func clockStatus() -> ClockStatus {
        ClockStatus(mode: clock.mode.name, now: now, factor: clock.mode.factor)
    }

    /// Switches the clock's mode, keeping its reading.
    @discardableResult
    public func setClock(_ mode: ClockMode) async -> ClockStatus {
        if case .instant = mode { await settleJobs(visibleTo: nil) }
        clock.setMode(mode, realTime: configuration.realTime())
        if case .instant = mode {
            // Jobs already running finish now, as new ones will.
            let end = stores.jobs.all.map(\.timeline.lastScheduledTime).max() ?? 0
            if end > now { clock.advance(by: end - now, realTime: configuration.realTime()) }
        }
        return clockStatus()
    }

    /// Sets the clock's reading, keeping its mode: replaying a state journal puts each request
    /// back at the time it first arrived.
    ///
    /// - Parameter reading: Simulated Unix seconds.
    public func setClockReading(_ reading: Double) {
        clock = ProviderClock(mode: clock.mode, start: reading, realTime: configuration.realTime())
    }

    /// Moves the clock forward.
    ///
    /// - Throws: 400 naming `seconds` unless it is a finite number in 0…10 years.
    @discardableResult
    public func advanceClock(seconds: Double) throws(ProviderError) -> ClockStatus {
        guard seconds.isFinite, seconds >= 0, seconds <= 315_576_000 else {
            throw .invalid("seconds must be a number in [0, 315576000] (ten years), got \(seconds)", param: "seconds")
        }
        clock.advance(by: seconds, realTime: configuration.realTime())
        return clockStatus()
    }

    /// Decides what happens to a job from now on (see ``JobOutcome``).
    ///
    /// - Throws: 404 for an unknown job; 409 when the change would rewrite what already happened.
    public func setOutcome(_ outcome: JobOutcome, forJob id: String) async throws(ProviderError) -> JobObject {
        var record = try await settledRecord(id: id)
        let time = now
        do {
            try record.setOutcome(outcome, at: time)
        } catch {
            throw ProviderError(error, jobID: id)
        }
        stores.jobs[id] = record
        return record.object(at: time)
    }

    /// The organisation's settings.
    public func organizationSettings() -> OrganizationSettings { stores.account.organization }

    /// Changes the organisation; jobs created from now on see the new settings.
    @discardableResult
    public func setOrganization(_ settings: OrganizationSettings) -> OrganizationSettings {
        stores.account.organization = settings
        return settings
    }

    /// The name of the price sheet bills are computed with.
    public func priceSheetName() -> String { stores.account.priceSheet.name }

    /// Bills with another price sheet from now on (every bill is recomputed with it).
    ///
    /// - Parameter name: A bundled sheet (`launch-2025`, `current-2026`).
    /// - Throws: 400 naming `name` and the sheets available.
    @discardableResult
    public func setPriceSheet(named name: String) throws(ProviderError) -> String {
        try stores.account.setPriceSheet(named: name)
        return stores.account.priceSheet.name
    }

    /// Every billing event so far (of `caller`'s jobs under key isolation, else of all jobs).
    public func billing(as caller: Caller? = nil) async -> BillingReport {
        await settleJobs(visibleTo: caller)
        let records = stores.jobs.all.filter { record in caller.map { isVisible(ownerKey: record.ownerKey, to: $0) } ?? true }
        let inference = stores.inference.usage.filter { usage in caller.map { isVisible(ownerKey: usage.key.ownerKey, to: $0) } ?? true }
        return stores.account.billing(of: records, inference: inference, at: now)
    }

    /// Everything the provider holds (`GET /_rftsim/state` adds the server's faults and log size).
    public func stateDump() async -> StateDump {
        await settleJobs(visibleTo: nil)
        let time = now
        return StateDump(
            clock: clockStatus(), organization: stores.account.organization, files: stores.files.all.map(\.object) + resultFiles(at: time),
            jobs: stores.jobs.all.map { $0.object(at: time) }, billing: stores.account.billing(of: stores.jobs.all, at: time))
    }
}

/// A snapshot of the provider (`GET /_rftsim/state`, `rftsim serve --state-dump`).
public struct StateDump: Sendable, Encodable {
    public var clock: ClockStatus
    public var organization: OrganizationSettings
    public var files: [FileObject]
    public var jobs: [JobObject]
    public var billing: BillingReport
}
