import Foundation
import Hummingbird
import NIOCore
import Provider

/// Writes each request that changed the server's state to the ``StateJournal`` before answering.
///
/// Journaled: `POST`/`PUT`/`DELETE` under `/v1` and `/_rftsim` that answered below 400, except
/// the ones that change nothing (`graders/run`, `graders/validate`, chat completions, responses)
/// and the fault schedule (an HTTP concern, not persisted). A successful reset starts the
/// journal over.
struct JournalMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let journal: StateJournal
    let provider: Provider
    /// The largest body collected (the upload limit): larger ones are the routes' 413.
    let bodyLimit: Int

    /// Whether a request with `method` on `path` is journaled when it succeeds.
    static func journals(_ method: HTTPRequest.Method, path: String) -> Bool {
        guard method == .post || method == .put || method == .delete || method == .patch else { return false }
        let unchanged: Set = ["/v1/fine_tuning/alpha/graders/run", "/v1/fine_tuning/alpha/graders/validate",
                              "/v1/chat/completions", "/v1/responses"]
        // An import (`POST /_rftsim/state`) writes the journal itself.
        if unchanged.contains(path) || path.hasPrefix("/_rftsim/faults") || path == "/_rftsim/state" { return false }
        return path.hasPrefix("/v1/") || path.hasPrefix("/_rftsim/")
    }

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard Self.journals(request.method, path: path) else { return try await next(request, context) }
        let now = provider.clockReading()
        if request.method == .post, path == "/v1/files" {
            return try await journalUpload(request, context: context, now: now, next: next)
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: bodyLimit)
        } catch is NIOTooManyBytesError {
            throw JSONBody.tooLarge(limit: bodyLimit, what: "requests")
        }
        let response = try await next(Request(head: request.head, body: RequestBody(buffer: body)), context)
        guard response.status.code < 400 else { return response }
        let entry = StateJournal.Entry(
            method: request.method.rawValue, path: request.uri.description, key: AuthMiddleware.apiKey(in: request),
            contentType: request.headers[.contentType], body: Data(body.readableBytesView).base64EncodedString(), bodyFile: nil, now: now)
        do {
            if path == "/_rftsim/reset" { try journal.restart(with: entry) } else { try journal.append(entry) }
        } catch {
            // The change happened but is not durable: say so rather than acknowledge it.
            throw APIError(status: .internalServerError, message: "The change was made but could not be written to the state journal: \(error)")
        }
        return response
    }

    /// An upload: its body is written to a file of the journal as it arrives (never held in
    /// memory), the route reads it back from there, and the entry names the file.
    private func journalUpload(_ request: Request, context: Context, now: Double,
                               next: (Request, Context) async throws -> Response) async throws -> Response {
        let spooled = try await journal.spool(request.body, limit: bodyLimit)
        var kept = false
        defer { if !kept { unlink(spooled.url.path) } }
        guard let chunks = FileChunks(url: spooled.url) else {
            throw APIError(status: .internalServerError, message: "The upload was written to the state journal but cannot be read back from \(spooled.url.path).")
        }
        let response = try await next(Request(head: request.head, body: RequestBody(asyncSequence: chunks)), context)
        guard response.status.code < 400 else { return response }
        let entry = StateJournal.Entry(
            method: request.method.rawValue, path: request.uri.description, key: AuthMiddleware.apiKey(in: request),
            contentType: request.headers[.contentType], body: "", bodyFile: spooled.name, now: now)
        do {
            try journal.append(entry)
        } catch {
            throw APIError(status: .internalServerError, message: "The change was made but could not be written to the state journal: \(error)")
        }
        kept = true
        return response
    }
}
