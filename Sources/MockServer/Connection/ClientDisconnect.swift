import NIOCore
import Synchronization

/// Whether the client of one connection has gone: its input ended (it closed or shut down its
/// side) or the connection closed.
///
/// ``GuardedHTTP1Channel`` makes one per connection and ``HTTPConnectionGuard`` marks it when
/// NIO reports the input closed (Hummingbird allows half-closed connections, so a client that
/// closes its socket is seen as that, not as a closed channel). A route whose work outlives a
/// fast request (a python grader) runs it through ``cancellingOnDisconnect(of:_:)``, so a client
/// that gives up stops the work: the grader's sandboxed process tree is killed. As in Go's
/// `net/http`, a client that half-closes after sending its request counts as gone.
final class ClientDisconnect: Sendable {
    private struct State {
        var gone = false
        var nextToken = 0
        var handlers: [Int: @Sendable () -> Void] = [:]
    }

    private let state = Mutex(State())

    /// Marks the client gone and runs (once) every handler registered.
    func markGone() {
        let handlers = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.gone else { return [] }
            state.gone = true
            defer { state.handlers = [:] }
            return Array(state.handlers.values)
        }
        for handler in handlers { handler() }
    }

    /// Whether the client has gone.
    var isGone: Bool { state.withLock { $0.gone } }

    /// Registers `handler` to run when the client goes; runs it at once if it has gone already.
    ///
    /// - Returns: A token for ``remove(_:)``, or `nil` when the handler ran at once.
    func onGone(_ handler: @escaping @Sendable () -> Void) -> Int? {
        let token = state.withLock { state -> Int? in
            guard !state.gone else { return nil }
            state.nextToken += 1
            state.handlers[state.nextToken] = handler
            return state.nextToken
        }
        if token == nil { handler() }
        return token
    }

    /// Forgets the handler registered under `token`.
    func remove(_ token: Int?) {
        guard let token else { return }
        _ = state.withLock { $0.handlers.removeValue(forKey: token) }
    }

    // MARK: - Per connection

    private static let registry = Mutex([ObjectIdentifier: ClientDisconnect]())

    /// Makes the signal of `channel`, kept until the channel closes (which marks it gone).
    static func register(for channel: any Channel) -> ClientDisconnect {
        let signal = ClientDisconnect()
        let key = ObjectIdentifier(channel)
        registry.withLock { $0[key] = signal }
        channel.closeFuture.whenComplete { _ in
            _ = registry.withLock { $0.removeValue(forKey: key) }
            signal.markGone()
        }
        return signal
    }

    /// The signal of `channel`, if it came through ``GuardedHTTP1Channel`` and is open.
    static func of(_ channel: any Channel) -> ClientDisconnect? {
        registry.withLock { $0[ObjectIdentifier(channel)] }
    }

    /// Runs `operation` in a child task that is cancelled when the client of `channel` goes (or
    /// when the calling task is cancelled).
    ///
    /// Without a signal for `channel` (a test router, say) `operation` simply runs.
    ///
    /// - Parameters:
    ///   - channel: The request's connection.
    ///   - operation: The work to stop when nobody waits for it any more.
    /// - Returns: What `operation` returns.
    /// - Throws: What `operation` throws.
    static func cancellingOnDisconnect<Value: Sendable>(
        of channel: any Channel, _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        guard let signal = of(channel) else { return try await operation() }
        let work = Task { try await operation() }
        let token = signal.onGone { work.cancel() }
        defer { signal.remove(token) }
        return try await withTaskCancellationHandler {
            try await work.value
        } onCancel: {
            work.cancel()
        }
    }
}
