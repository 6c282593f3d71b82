import Foundation
import Hummingbird
import NIOCore
import Provider

/// Turns anything a handler throws into the platform's error, so nothing answers a bare 500.
enum ErrorMapping {
    /// The ``APIError`` an error stands for.
    ///
    /// - `APIError` as it is, `ProviderError` with the status of its code (``ErrorStatus``);
    /// - Hummingbird's `HTTPError` (an oversized body, a route that does not exist) with its status;
    /// - `DecodingError` (a control body of the wrong shape) as a 400 naming the field;
    /// - anything else as a 500 `server_error` that says what went wrong.
    static func apiError(for error: any Error, method: HTTPRequest.Method, path: String) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as ProviderError:
            return APIError(error)
        case let error as HTTPError:
            return apiError(for: error, method: method, path: path)
        case is NIOTooManyBytesError:
            return APIError(status: .contentTooLarge, message: "The request body is too large for \(method.rawValue) \(path).", code: "request_too_large")
        case let error as DecodingError:
            return APIError(JSONBody.describe(error))
        case is CancellationError:
            return APIError(status: .serviceUnavailable, message: "The request was cancelled while the server was shutting down; retry it.")
        default:
            return APIError(status: .internalServerError, message: "rftsim failed to answer \(method.rawValue) \(path): \(error)")
        }
    }

    private static func apiError(for error: HTTPError, method: HTTPRequest.Method, path: String) -> APIError {
        switch error.status {
        case .notFound:
            // The platform's words for a route that does not exist.
            return APIError(status: .notFound, message: "Invalid URL (\(method.rawValue) \(path))")
        case .contentTooLarge:
            return APIError(status: .contentTooLarge, message: error.body ?? "The request body is too large.", code: "request_too_large")
        default:
            return APIError(status: error.status, message: error.body ?? error.status.reasonPhrase)
        }
    }
}
