import Hummingbird

/// Answers `HEAD` wherever `GET` works: the request is routed as a `GET`, and the answer keeps
/// its status and headers (`Content-Length` included) without the body.
///
/// A responder around the router rather than a middleware, because the router looks a route up
/// by method before any middleware runs.
struct HeadResponder<Base: HTTPResponder>: HTTPResponder where Base.Context == AppRequestContext {
    typealias Context = AppRequestContext

    let base: Base

    func respond(to request: Request, context: Context) async throws -> Response {
        guard request.method == .head else { return try await base.respond(to: request, context: context) }
        var head = request.head
        head.method = .get
        var response: Response
        do {
            response = try await base.respond(to: Request(head: head, body: request.body), context: context)
        } catch {
            response = ErrorMapping.apiError(for: error, method: .get, path: request.uri.path).response
        }
        let length = response.body.contentLength.map(String.init) ?? response.headers[.contentLength]
        response.body = ResponseBody()
        response.headers[.contentLength] = length
        return response
    }
}
