import Hummingbird
import Provider

/// The one table from the provider's error codes to HTTP statuses.
enum ErrorStatus {
    static let table: [ProviderError.Code: HTTPResponse.Status] = [
        .invalidRequest: .badRequest,
        .forbidden: .forbidden,
        .notFound: .notFound,
        .conflict: .conflict,
        .contentTooLarge: .contentTooLarge,
    ]

    /// The status a provider error travels with; a code missing from the table (a new one not
    /// yet mapped) is a 500, and `ErrorStatusTests` fails until it is added.
    static func of(_ code: ProviderError.Code) -> HTTPResponse.Status {
        table[code] ?? .internalServerError
    }
}
