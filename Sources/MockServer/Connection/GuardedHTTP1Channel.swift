import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1 child channel with RFTSim's guards added.
///
/// ``HTTPConnectionGuard`` goes after
/// the request decoder, and a read-idle timer whose event the guard acts on while a request body
/// is being received (a slow body). The idle timeout between requests, which also bounds a head
/// that arrives byte by byte, is Hummingbird's own (`HTTP1Channel.Configuration.idleTimeout`).
/// Each connection gets a ``ClientDisconnect`` signal, which the guard marks when the client goes.
struct GuardedHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    let base: HTTP1Channel
    /// How long a request's body may be silent before the connection is answered 408 and closed.
    let bodyReadTimeout: TimeAmount

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let timeout = bodyReadTimeout
        return base.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let operations = channel.pipeline.syncOperations
            let decoder = try operations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            let disconnect = ClientDisconnect.register(for: channel)
            try operations.addHandler(HTTPConnectionGuard(disconnect: disconnect), position: .after(decoder))
            try operations.addHandler(IdleStateHandler(readTimeout: timeout), position: .first)
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
