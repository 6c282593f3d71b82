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
        guard let key = Self.apiKey(in: request) else { throw APIError.missingKey }
        var context = context
        context.caller = Caller(apiKey: key)
        return try await next(request, context)
    }

    /// The bearer key of a request, if it has a non-empty one.
    static func apiKey(in request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        return bearerKey(header)
    }

    /// The key of an `Authorization` value: `Bearer <key>` (scheme in any case, the key trimmed of
    /// spaces and tabs), `nil` for another scheme or an empty key.
    static func bearerKey(_ header: String) -> String? {
        // Called twice per request (here and by the request log): ASCII values, all of them in
        // practice, are read byte by byte; the general path goes through Foundation's trimming.
        if case .read(let key)? = header.utf8.withContiguousStorageIfAvailable(ASCIIBearer.read) { return key }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let key = parts[1].trimmingCharacters(in: .whitespaces)
        return key.isEmpty ? nil : key
    }

    /// ``bearerKey(_:)`` for a value of ASCII bytes without CR: there each byte is one `Character`
    /// and the only whitespace to trim is space and tab, so this reads it as the general path does.
    private enum ASCIIBearer {
        case read(String?)
        /// Not ASCII (or holds a CR): take the general path.
        case general

        static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> ASCIIBearer {
            let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
            guard bytes.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "\r") }) else { return .general }
            // The scheme is the first run of non-spaces; the key is what follows the space after it.
            guard let schemeStart = bytes.firstIndex(where: { $0 != space }),
                  let schemeEnd = bytes[schemeStart...].firstIndex(of: space),
                  schemeEnd - schemeStart == 6,
                  zip(bytes[schemeStart..<schemeEnd], "bearer".utf8).allSatisfy({ $0 | 0x20 == $1 })
            else { return .read(nil) }
            var start = schemeEnd + 1, end = bytes.endIndex
            while start < end, bytes[start] == space || bytes[start] == tab { start += 1 }
            while end > start, bytes[end - 1] == space || bytes[end - 1] == tab { end -= 1 }
            guard start < end else { return .read(nil) }
            return .read(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
        }
    }
}
