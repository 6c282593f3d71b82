import Foundation
import Hummingbird
import NIOCore
import Provider

/// Turns anything a handler throws into the platform's error, so nothing answers a bare 500.
enum ErrorMapping {
    /// The `ProviderError` an error stands for.
    ///
    /// - `ProviderError` (also wrapped) as it is;
    /// - Hummingbird's `HTTPError` (an oversized body, a route that does not exist) with its status;
    /// - `DecodingError` (a control body of the wrong shape) as a 400 naming the field;
    /// - anything else as a 500 `server_error` that says what went wrong.
    static func providerError(for error: any Error, method: HTTPRequest.Method, path: String) -> ProviderError {
        switch error {
        case let error as ProviderError:
            return error
        case let error as HTTPProviderError:
            return error.error
        case let error as HTTPError:
            return providerError(for: error, method: method, path: path)
        case is NIOTooManyBytesError:
            return ProviderError(status: 413, message: "The request body is too large for \(method.rawValue) \(path).", code: "request_too_large")
        case let error as DecodingError:
            return JSONBody.describe(error)
        case is CancellationError:
            return ProviderError(status: 503, message: "The request was cancelled while the server was shutting down; retry it.",
                                 type: "server_error")
        default:
            return ProviderError(status: 500, message: "rftsim failed to answer \(method.rawValue) \(path): \(error)",
                                 type: "server_error")
        }
    }

    private static func providerError(for error: HTTPError, method: HTTPRequest.Method, path: String) -> ProviderError {
        switch error.status {
        case .notFound:
            // The platform's words for a route that does not exist.
            return ProviderError(status: 404, message: "Invalid URL (\(method.rawValue) \(path))")
        case .contentTooLarge:
            return ProviderError(status: 413, message: error.body ?? "The request body is too large.",
                                 code: "request_too_large")
        default:
            let type = error.status.code >= 500 ? "server_error" : "invalid_request_error"
            return ProviderError(status: error.status.code, message: error.body ?? error.status.reasonPhrase, type: type)
        }
    }

    /// The JSON response for an error: its status, the four-key body and `Retry-After` if set.
    static func response(for error: ProviderError) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if let retryAfter = error.retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: HTTPResponse.Status(code: error.status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(string: ErrorBody.text(of: error))))
    }
}
