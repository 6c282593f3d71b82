import Hummingbird
import Provider

/// A route handler of the RFTSim server.
typealias Handler = @Sendable (Request, AppRequestContext) async throws -> Response

extension RouteCollection where Context == AppRequestContext {
    /// The methods a path that exists but does not take the request's method answers 405 for.
    private static var answeredMethods: [HTTPRequest.Method] { [.get, .post, .put, .patch, .delete] }

    /// Adds `path` with one handler per method, and 405s for the other common methods.
    ///
    /// The platform's paths each take one or two methods; a client that sends `DELETE` to
    /// `/v1/fine_tuning/jobs` learns which ones (`Allow` header and message) instead of a 404.
    func endpoint(_ path: RouterPath, _ handlers: KeyValuePairs<HTTPRequest.Method, Handler>) {
        for (method, handler) in handlers {
            on(path, method: method, use: handler)
        }
        let allowed = handlers.map(\.key)
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        for method in Self.answeredMethods where !allowed.contains(method) {
            on(path, method: method) { request, _ -> Response in
                var response = APIError(
                    status: .methodNotAllowed,
                    message: "Method \(request.method.rawValue) is not allowed on \(request.uri.path); it takes \(allow).",
                    code: "method_not_allowed").response
                response.headers[.allow] = allow
                return response
            }
        }
    }
}
