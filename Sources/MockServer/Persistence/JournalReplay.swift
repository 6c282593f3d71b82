import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded
public import Provider

/// Rebuilds a provider's state from a ``StateJournal`` (`rftsim serve --state DIR` at start).
///
/// Each entry is sent through a router of its own (no faults, no control token, no journal) at
/// its recorded clock reading, as it was answered the first time; the provider being
/// deterministic, the files, jobs, events, checkpoints and bills come back identical.
///
/// - Parameters:
///   - journal: The journal to read.
///   - provider: A provider started with the same configuration as the one that wrote it.
///   - configuration: Body limits (the control token is not needed).
/// - Returns: How many entries were replayed.
/// - Throws: ``StateJournalError`` for a damaged journal or an entry that no longer succeeds.
public func replayJournal(_ journal: StateJournal, into provider: Provider,
                          configuration: ServerConfiguration = ServerConfiguration()) async throws -> Int {
    let entries = try journal.entries()
    guard !entries.isEmpty else { return 0 }
    var replayConfiguration = configuration
    replayConfiguration.controlToken = nil
    let router = await buildRouter(provider: provider, configuration: replayConfiguration, controls: ServerControls())
    let responder = router.buildResponder()
    let channel = NIOAsyncTestingChannel()
    let logger = Logger(label: "rftsim.replay")
    for (index, entry) in entries.enumerated() {
        await provider.setClockReading(entry.now)
        guard let method = HTTPRequest.Method(entry.method), let inline = Data(base64Encoded: entry.body) else {
            throw StateJournalError(message: "\(journal.url.path), entry \(index + 1): not a request")
        }
        var fields = HTTPFields()
        if let key = entry.key { fields[.authorization] = "Bearer \(key)" }
        if let contentType = entry.contentType { fields[.contentType] = contentType }
        let body: RequestBody
        if let file = journal.bodyURL(of: entry) {
            // An upload's body, streamed from its file.
            guard let chunks = FileChunks(url: file) else {
                throw StateJournalError(message: "\(journal.url.path), entry \(index + 1): its body file \(file.path) is missing")
            }
            fields[.contentLength] = String(chunks.byteCount)
            body = RequestBody(asyncSequence: chunks)
        } else {
            fields[.contentLength] = String(inline.count)
            body = RequestBody(buffer: ByteBuffer(bytes: inline))
        }
        let head = HTTPRequest(method: method, scheme: "http", authority: "localhost", path: entry.path, headerFields: fields)
        let request = Request(head: head, body: body)
        let context = AppRequestContext(source: ApplicationRequestContextSource(channel: channel, logger: logger))
        let response: Response
        do {
            response = try await responder.respond(to: request, context: context)
        } catch let error as APIError {
            response = error.response
        }
        guard response.status.code < 400 else {
            throw StateJournalError(message: "\(journal.url.path), entry \(index + 1) (\(entry.method) \(entry.path)) answered \(response.status.code) on replay; was the server started with other options (--clock, --seed, --price-sheet)?")
        }
    }
    return entries.count
}
