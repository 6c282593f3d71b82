import Graders
import Hummingbird
import Provider

/// A streamed answer as server-sent events (`text/event-stream`).
///
/// Each event is `event: NAME` (responses) and `data: JSON`, followed by a blank line; chat
/// completions end with `data: [DONE]`. The answer is simulated before the first byte (so a bad
/// request is still a 400 with an error body, never a broken stream); then each event is encoded
/// and written to the response body writer as its own chunk (HTTP/1.1 chunked framing, no
/// `content-length`), so clients receive and parse events one by one as from a live stream.
enum EventStreamResponse {
    private static let headers: HTTPFields = [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"]

    /// The events of `stream`, written one chunk per event.
    static func make(_ stream: InferenceStream) -> Response {
        Response(status: .ok, headers: headers, body: ResponseBody { writer in
            for event in stream.events {
                try await writer.write(ByteBuffer(string: text(of: event)))
            }
            if stream.endsWithDone { try await writer.write(ByteBuffer(string: done)) }
            try await writer.finish(nil)
        })
    }

    /// The whole body's text: every event's, in order.
    static func text(of stream: InferenceStream) -> String {
        stream.events.map(text(of:)).joined() + (stream.endsWithDone ? done : "")
    }

    /// One event's text: its `event:` line (when named), its `data:` line and the blank line.
    static func text(of event: InferenceEvent) -> String {
        var text = ""
        if let name = event.name { text += "event: \(name)\n" }
        text += "data: "
        event.data.write(to: &text)
        text += "\n\n"
        return text
    }

    private static let done = "data: [DONE]\n\n"
}
