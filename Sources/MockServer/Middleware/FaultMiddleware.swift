import Hummingbird
import NIOCore

/// Applies the fault schedule (`POST /_rftsim/faults`) before a request reaches its handler.
///
/// For the first matching rule (the schedule consumes one of its `count` uses): wait `delay`
/// real seconds, then either drop the connection, answer the rule's error status, or let the
/// request through. Responses it shapes carry `x-rftsim-fault` (`429`, `delay 2s`, `drop`).
/// 429 and 5xx answers leave `x-should-retry` unset, so the official SDKs retry them as they
/// would the platform's.
struct FaultMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// The `x-rftsim-fault` value of a dropped connection.
    static let dropLabel = "drop"

    let faults: FaultSchedule

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let rule = faults.take(method: request.method.rawValue, path: request.uri.path) else {
            return try await next(request, context)
        }
        var label: [String] = []
        if let delay = rule.delay, delay > 0 {
            try? await Task.sleep(for: .seconds(delay))
            label.append("delay \(delay.formatted)s")
        }
        if rule.drop {
            // Closing the channel ends the connection without a response: the client sees the
            // server hang up (httpx: "Server disconnected without sending a response").
            // Hummingbird's attempt to write the response below then fails quietly. Without a
            // real connection (the `.router` test client) the 503 is what the client gets.
            try? await context.channel.close()
            var headers = HTTPFields()
            headers[.connection] = "close"
            headers[.rftsimFault] = Self.dropLabel
            return Response(status: .serviceUnavailable, headers: headers)
        }
        if let status = rule.status {
            label.append(String(status))
            var response = Self.error(for: rule, status: status).response
            response.headers[.rftsimFault] = label.joined(separator: ", ")
            return response
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = ErrorMapping.apiError(for: error, method: request.method, path: request.uri.path).response
        }
        response.headers[.rftsimFault] = label.joined(separator: ", ")
        return response
    }

    /// The error a rule answers: the platform's type for the status, the rule's message.
    static func error(for rule: FaultRule, status: Int) -> APIError {
        let type: String, code: String?
        switch status {
        case 429: (type, code) = ("rate_limit_error", "rate_limit_exceeded")
        case 500...: (type, code) = ("server_error", nil)
        case 401: (type, code) = ("invalid_request_error", "invalid_api_key")
        default: (type, code) = ("invalid_request_error", nil)
        }
        return APIError(status: HTTPResponse.Status(code: status), message: rule.message ?? "Simulated fault (rftsim)", type: type,
                        code: code, retryAfter: rule.retryAfter)
    }
}

extension Double {
    /// `2` for 2.0, `0.25` otherwise.
    fileprivate var formatted: String {
        self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}
