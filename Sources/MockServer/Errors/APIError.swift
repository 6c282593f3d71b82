import Hummingbird
import Provider

/// An error as the server answers it: an HTTP status and the platform's error object
/// (`{"error": {"message", "type", "param", "code"}}`), with `Retry-After` when set.
///
/// The provider's refusals become one through ``init(_:)`` and the status table; the server's
/// own (no key, a body it cannot read, a fault) are made here with their status.
struct APIError: Error, Sendable, HTTPResponseError {
    /// The HTTP status.
    var status: HTTPResponse.Status
    /// A human sentence: what failed, with which value, and what is allowed.
    var message: String
    /// The platform's error type (`invalid_request_error`, `rate_limit_error`, `server_error`).
    var type: String
    /// The request field at fault, if any.
    var param: String?
    /// The platform's machine-readable code, if any.
    var code: String?
    /// Seconds a client should wait before retrying, sent as `Retry-After`.
    var retryAfter: Int?

    init(status: HTTPResponse.Status, message: String, type: String? = nil, param: String? = nil, code: String? = nil,
         retryAfter: Int? = nil) {
        self.status = status
        self.message = message
        self.type = type ?? (status.code >= 500 ? "server_error" : "invalid_request_error")
        self.param = param
        self.code = code
        self.retryAfter = retryAfter
    }

    /// A provider's refusal, with the status ``ErrorStatus`` gives its code.
    init(_ error: ProviderError) {
        self.init(status: ErrorStatus.of(error.code), message: error.message, type: "invalid_request_error",
                  param: error.param, code: error.platformCode)
    }

    /// 401 when the request carries no usable API key.
    static let missingKey = APIError(
        status: .unauthorized,
        message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).")

    /// The platform's JSON error response.
    ///
    /// Hummingbird calls this for an error that escapes the request-log middleware, so it never
    /// answers with its own empty 500.
    func response(from request: Request, context: some RequestContext) throws -> Response {
        response
    }

    /// The JSON response: the status, the four-key body and `Retry-After` if set.
    var response: Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: ErrorBody.text(of: self))))
    }
}
