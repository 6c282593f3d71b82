public import Provider

/// What the server holds beside the provider: request ids, the fault schedule, the request log.
///
/// Transport concerns live here, so the provider knows no HTTP.
///
/// `rftsim serve` keeps one to write `--state-dump` at shutdown; tests pass one to schedule
/// faults or read the log without going through the control API.
public final class ServerControls: Sendable {
    /// `x-request-id` values, `req_1` onwards.
    public let requestIDs: RequestIDGenerator
    /// Faults `/v1` requests meet before their handler.
    public let faults: FaultSchedule
    /// The `/v1` requests answered.
    public let requestLog: RequestLog
    /// Where state-changing requests are journaled (`rftsim serve --state DIR`), if anywhere.
    public let journal: StateJournal?

    /// Creates controls with no faults, an empty log and request ids from `req_1`.
    ///
    /// - Parameters:
    ///   - requestIDs: The `x-request-id` generator.
    ///   - faults: The fault schedule.
    ///   - requestLog: The request log.
    ///   - journal: The state journal the server writes to, if it persists its state.
    public init(requestIDs: RequestIDGenerator = RequestIDGenerator(), faults: FaultSchedule = FaultSchedule(),
                requestLog: RequestLog = RequestLog(), journal: StateJournal? = nil) {
        self.requestIDs = requestIDs
        self.faults = faults
        self.requestLog = requestLog
        self.journal = journal
    }

    /// Forgets faults and logged requests; request ids start again at `req_1`.
    public func reset() {
        requestIDs.reset()
        faults.clear()
        requestLog.removeAll()
    }

    /// The provider's state with the server's faults and log size (`GET /_rftsim/state`).
    public func stateDump(of provider: Provider) async -> ServerStateDump {
        ServerStateDump(provider: await provider.stateDump(), faults: faults.scheduled, requestCount: requestLog.count)
    }
}

/// A snapshot of the provider and the server (`GET /_rftsim/state`, `rftsim serve --state-dump`):
/// the provider's keys and `faults`, `request_count` at the same level.
public struct ServerStateDump: Sendable, Encodable {
    /// The provider's part.
    public var provider: StateDump
    /// The faults still scheduled.
    public var faults: [FaultRule]
    /// How many requests the log holds.
    public var requestCount: Int

    private enum CodingKeys: String, CodingKey {
        case faults, requestCount = "request_count"
    }

    public func encode(to encoder: any Encoder) throws {
        try provider.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(faults, forKey: .faults)
        try container.encode(requestCount, forKey: .requestCount)
    }
}
