public import Hummingbird
public import Provider

// `ProviderError.status` is an `Int`, and `HTTPResponseError` wants a `status` of type
// `HTTPResponse.Status`; a type cannot have both, so the error travels to Hummingbird wrapped.
// `RequestLogMiddleware` already turns every error into a response before the router sees it;
// the wrapper is the second line of defence, so that an error thrown outside that middleware
// still answers with the platform's body instead of Hummingbird's empty 500.

/// A ``Provider/ProviderError`` as Hummingbird's `HTTPResponseError`.
public struct HTTPProviderError: HTTPResponseError {
    /// The wrapped error.
    public var error: ProviderError

    /// Wraps an error.
    public init(_ error: ProviderError) {
        self.error = error
    }

    /// The error's HTTP status.
    public var status: HTTPResponse.Status { HTTPResponse.Status(code: error.status) }

    /// The platform's JSON error response, with `Retry-After` when the error sets one.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        ErrorMapping.response(for: error)
    }
}

extension ProviderError {
    /// This error as an `HTTPResponseError` Hummingbird understands.
    public var http: HTTPProviderError { HTTPProviderError(self) }
}
