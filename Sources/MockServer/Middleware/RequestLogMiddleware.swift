import Hummingbird
import Provider

/// The outermost middleware: gives each request its `x-request-id`, turns every error into the
/// platform's JSON error (so nothing reaches Hummingbird's empty 500), and records the request in
/// the server's log (`GET /_rftsim/requests`) with the provider's clock and its real duration.
///
/// Control requests (`/_rftsim/…`) get ids and error bodies but are not logged, so the log shows
/// only what the client under test did. A dropped connection is logged with status 0.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let provider: Provider
    let controls: ServerControls

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        let requestID = controls.requestIDs.next()
        let start = ContinuousClock.now
        let path = request.uri.path
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = ErrorMapping.apiError(for: error, method: request.method, path: path).response
        }
        response.headers[.requestID] = requestID
        if !path.hasPrefix("/_rftsim") {
            let elapsed = (ContinuousClock.now - start).components
            let duration = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
            let fault = response.headers[.rftsimFault]
            let status = fault == FaultMiddleware.dropLabel ? 0 : response.status.code
            controls.requestLog.append(RequestLogEntry(
                time: provider.clockReading(), method: request.method.rawValue, path: path, query: request.uri.query,
                status: status, key: AuthMiddleware.apiKey(in: request), requestID: requestID, fault: fault, duration: duration))
        }
        return response
    }
}
