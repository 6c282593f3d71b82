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
    /// configuration's. Ids start over, so a replayed test gets the same ids.
    public func reset() {
        clock = ProviderClock(mode: configuration.clockMode, start: configuration.startTime, realTime: configuration.realTime())
        organization = configuration.organization
        priceSheet = configuration.priceSheet
        ids = IdentifierFactory()
        files = [:]
        fileOrder = []
        jobs = [:]
        jobOrder = []
        jobByTunedModel = [:]
        jobByResultFile = [:]
        permissions = [:]
        // Response models are pure functions of file contents that no longer exist: drop them too.
        responseModels = [:]
        planDetails = [:]
        planDetailOrder = []
        // Job ids start again: a new job may reuse a cached one's id and revision.
        jobViews.removeAll()
    }

    /// The clock now.
    public func clockStatus() -> ClockStatus {
        ClockStatus(mode: clock.mode.name, now: now, factor: clock.mode.factor)
    }

    /// Switches the clock's mode, keeping its reading.
    @discardableResult
    public func setClock(_ mode: ClockMode) -> ClockStatus {
        clock.setMode(mode, realTime: configuration.realTime())
        if case .instant = mode {
            // Jobs already running finish now, as new ones will.
            let end = jobs.values.map(\.timeline.lastScheduledTime).max() ?? 0
            if end > now { clock.advance(by: end - now, realTime: configuration.realTime()) }
        }
        return clockStatus()
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
    public func setOutcome(_ outcome: JobOutcome, forJob id: String) throws(ProviderError) -> JobObject {
        guard var record = jobs[id] else { throw ProviderError(.notFound, message: "Could not find fine tune: \(id)", param: "fine_tune_id", platformCode: "fine_tune_not_found") }
        let time = now
        do {
            try record.setOutcome(outcome, at: time)
        } catch {
            throw ProviderError(error, jobID: id)
        }
        jobs[id] = record
        return record.object(at: time)
    }

    /// The organisation's settings.
    public func organizationSettings() -> OrganizationSettings { organization }

    /// Changes the organisation; jobs created from now on see the new settings.
    @discardableResult
    public func setOrganization(_ settings: OrganizationSettings) -> OrganizationSettings {
        organization = settings
        return organization
    }

    /// The name of the price sheet bills are computed with.
    public func priceSheetName() -> String { priceSheet.name }

    /// Bills with another price sheet from now on (every bill is recomputed with it).
    ///
    /// - Parameter name: A bundled sheet (`launch-2025`, `current-2026`).
    /// - Throws: 400 naming `name` and the sheets available.
    @discardableResult
    public func setPriceSheet(named name: String) throws(ProviderError) -> String {
        guard let sheet = PriceSheet.builtin(named: name) else {
            throw .invalid("Unknown price sheet \"\(name)\"; available: \(PriceSheet.builtinNames.joined(separator: ", "))", param: "name")
        }
        priceSheet = sheet
        return sheet.name
    }

    /// Every billing event so far (of `caller`'s jobs under key isolation, else of all jobs).
    public func billing(as caller: Caller? = nil) -> BillingReport {
        let time = now, sheet = priceSheet
        var events: [BillingEvent] = []
        for id in jobOrder {
            guard let record = jobs[id], caller.map({ isVisible(ownerKey: record.ownerKey, to: $0) }) ?? true else { continue }
            events += record.billingEvents(at: time, sheet: sheet)
        }
        events.sort { ($0.time, $0.jobID) < ($1.time, $1.jobID) }
        return BillingReport(priceSheet: sheet.name, events: events, total: Self.cents(events.reduce(0) { $0 + $1.amount }),
                             totalWithoutDataSharing: Self.cents(events.reduce(0) { $0 + $1.undiscountedAmount }))
    }

    static func cents(_ amount: Double) -> Double { (amount * 100).rounded() / 100 }

    /// Everything the provider holds (`GET /_rftsim/state` adds the server's faults and log size).
    public func stateDump() -> StateDump {
        let time = now
        return StateDump(
            clock: clockStatus(), organization: organization, files: fileOrder.compactMap { files[$0]?.object } + resultFiles(at: time),
            jobs: jobOrder.compactMap { jobs[$0]?.object(at: time) }, billing: billing())
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
