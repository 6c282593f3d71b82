import Synchronization

/// Hands out `x-request-id` values: `req_1`, `req_2`, … in arrival order.
///
/// Deterministic (no random or time component) so a replayed test sees the same ids; a reset
/// through `POST /_rftsim/reset` starts the count again. Lock-free: one atomic add per request.
public final class RequestIDGenerator: Sendable {
    private let counter = Atomic<Int>(0)

    /// Creates a generator whose first id is `req_1`.
    public init() {}

    /// The next id.
    public func next() -> String {
        let value = counter.wrappingAdd(1, ordering: .relaxed).newValue
        return "req_" + String(value)
    }

    /// Starts again at `req_1`.
    public func reset() {
        counter.store(0, ordering: .relaxed)
    }
}
