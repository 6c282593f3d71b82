/// A failure the provider reports to its client, shaped as the platform's error object
/// (`{"error": {"message", "type", "param", "code"}}`) with the HTTP status it travels with.
///
/// Every refusal of the in-process API is one of these, so the HTTP server maps it one to one
/// and a Swift caller sees the same message a Python client would.
public struct ProviderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status (400, 401, 403, 404, 405, 409, 413, 415, 429, 500, 503).
    public var status: Int
    /// A human sentence: what failed, with which value, and what is allowed.
    public var message: String
    /// The platform's error type, e.g. `invalid_request_error`.
    public var type: String
    /// The request field at fault (`training_file`, `method.reinforcement.grader.name`), if any.
    public var param: String?
    /// A machine-readable code (`model_not_found`, `invalid_n_examples`), if any.
    public var code: String?
    /// Seconds a client should wait before retrying (sent as `Retry-After`), for 429 and 503.
    public var retryAfter: Int?

    /// Creates an error.
    public init(status: Int, message: String, type: String = "invalid_request_error", param: String? = nil,
                code: String? = nil, retryAfter: Int? = nil) {
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code
        self.retryAfter = retryAfter
    }

    public var description: String {
        var text = "\(status) \(type)"
        if let code { text += " (\(code))" }
        if let param { text += " [\(param)]" }
        return text + ": " + message
    }

    /// 400: the request is malformed or asks for something the platform does not allow.
    public static func invalid(_ message: String, param: String? = nil, code: String? = nil) -> ProviderError {
        ProviderError(status: 400, message: message, param: param, code: code)
    }

    /// 404 for an unknown object, in the platform's words ("No such File object: file-abc").
    public static func notFound(_ kind: String, id: String, param: String = "id", code: String? = nil) -> ProviderError {
        ProviderError(status: 404, message: "No such \(kind) object: \(id)", param: param, code: code)
    }

    /// 401 when the request carries no usable API key.
    public static let missingKey = ProviderError(
        status: 401,
        message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
        type: "invalid_request_error")

    /// 403 when the organisation may not do what it asks.
    public static func forbidden(_ message: String, code: String? = nil) -> ProviderError {
        ProviderError(status: 403, message: message, type: "invalid_request_error", code: code)
    }
}
