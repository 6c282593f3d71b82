public import Hummingbird
public import NIOCore
public import Provider

/// The request context of every RFTSim route: Hummingbird's core storage, the connection (so a
/// fault can drop it) and the caller the auth middleware found.
public struct AppRequestContext: RequestContext {
    /// Hummingbird's own per-request storage (logger, parameters, endpoint path).
    public var coreContext: CoreRequestContextStorage
    /// The connection the request came on; `FaultMiddleware` closes it to simulate a drop.
    public let channel: any Channel
    /// The bearer key's caller, set by `AuthMiddleware` on `/v1` routes.
    public var caller: Caller?

    /// Creates the context for one request.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// The caller, or the platform's 401 when the route was reached without a key.
    ///
    /// - Throws: ``APIError/missingKey``.
    func requireCaller() throws(APIError) -> Caller {
        guard let caller else { throw APIError.missingKey }
        return caller
    }
}
