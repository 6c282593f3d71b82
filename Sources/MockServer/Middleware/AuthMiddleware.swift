import Foundation
import Hummingbird
import Provider

/// Requires `Authorization: Bearer <key>` on `/v1` routes and puts the caller in the context.
///
/// Any non-empty key is accepted (the mock has no key registry); with key isolation on, each key
/// is its own organisation. No key gives the platform's 401.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let key = Self.apiKey(in: request) else { throw ProviderError.missingKey }
        var context = context
        context.caller = Caller(apiKey: key)
        return try await next(request, context)
    }

    /// The bearer key of a request, if it has a non-empty one.
    static func apiKey(in request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let key = parts[1].trimmingCharacters(in: .whitespaces)
        return key.isEmpty ? nil : key
    }
}
