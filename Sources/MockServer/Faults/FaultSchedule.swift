public import Provider
internal import Synchronization

/// The scheduled faults (`POST /_rftsim/faults`), behind a lock: every `/v1` request asks for
/// one, and most find none, so the check must not hop onto an actor.
public final class FaultSchedule: Sendable {
    private let rules = Mutex<[FaultRule]>([])

    /// Creates an empty schedule.
    public init() {}

    /// The rules still scheduled, in the order they were added.
    public var scheduled: [FaultRule] { rules.withLock { $0 } }

    /// Schedules `rule` after the ones already scheduled.
    ///
    /// - Throws: `Provider/ProviderError` (invalid request) naming the rule's field at fault.
    public func add(_ rule: FaultRule) throws(ProviderError) {
        try rule.validate()
        rules.withLock { $0.append(rule) }
    }

    /// Removes every rule.
    public func clear() {
        rules.withLock { $0.removeAll() }
    }

    /// The rule to apply to a request, consuming one of its uses: the first that matches.
    public func take(method: String, path: String) -> FaultRule? {
        rules.withLock { rules in
            guard !rules.isEmpty, let index = rules.firstIndex(where: { $0.matches(method: method, path: path) }) else {
                return nil
            }
            let rule = rules[index]
            rules[index].count -= 1
            if rules[index].count <= 0 { rules.remove(at: index) }
            return rule
        }
    }
}
