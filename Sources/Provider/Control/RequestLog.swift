internal import Synchronization

/// The request log, outside the actor so the server records each request without a hop.
///
/// Keeps the last ``Provider/requestLogCapacity`` entries; trimming drops a whole capacity's worth
/// at once, so appending stays O(1) amortised however long the server runs.
final class RequestLog: Sendable {
    private struct State {
        var entries: [RequestLogEntry] = []
        var sequence = 0
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

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
    var entries: [RequestLogEntry] {
        state.withLock { Array($0.entries.suffix(capacity)) }
    }

    var count: Int { state.withLock { min($0.entries.count, capacity) } }

    func removeAll() {
        state.withLock { $0 = State() }
    }
}
