internal import Synchronization

/// The requests the server answered (`GET /_rftsim/requests`), behind a lock so each request is
/// recorded without an actor hop.
///
/// Keeps the last `capacity` entries; trimming drops a whole capacity's worth at once, so
/// appending stays O(1) amortised however long the server runs.
public final class RequestLog: Sendable {
    private struct State {
        var entries: [RequestLogEntry] = []
        var sequence = 0
    }

    private let state = Mutex(State())
    /// The most entries kept (oldest dropped first).
    public let capacity: Int

    /// The default ``capacity``.
    public static let defaultCapacity = 10_000

    /// Creates an empty log.
    public init(capacity: Int = RequestLog.defaultCapacity) {
        self.capacity = capacity
    }

    /// Appends `entry`, numbering it from 1.
    func append(_ entry: RequestLogEntry) {
        state.withLock { state in
            var entry = entry
            state.sequence += 1
            entry.sequence = state.sequence
            state.entries.append(entry)
            if state.entries.count >= 2 * capacity { state.entries.removeFirst(capacity) }
        }
    }

    /// The last `capacity` entries, oldest first.
    public var entries: [RequestLogEntry] {
        state.withLock { Array($0.entries.suffix(capacity)) }
    }

    /// How many entries ``entries`` holds.
    public var count: Int { state.withLock { min($0.entries.count, capacity) } }

    /// Forgets every entry; numbering starts again at 1.
    public func removeAll() {
        state.withLock { $0 = State() }
    }
}
