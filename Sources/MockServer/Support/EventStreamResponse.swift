import Graders
import Hummingbird
import Provider

/// A streamed answer as server-sent events (`text/event-stream`).
///
/// Each event is `event: NAME` (responses) and `data: JSON`, followed by a blank line; chat
/// completions end with `data: [DONE]`. The answer is simulated whole before the first byte is
/// written, so the events go out in one body: clients read them exactly as they read a live stream.
enum EventStreamResponse {
    private static let headers: HTTPFields = [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"]

    /// The events of `stream` as one server-sent-events body.
    static func make(_ stream: InferenceStream) -> Response {
        Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text(of: stream))))
    }

    /// The body's text.
    static func text(of stream: InferenceStream) -> String {
        var text = ""
        for event in stream.events {
            if let name = event.name { text += "event: \(name)\n" }
            text += "data: "
            event.data.write(to: &text)
            text += "\n\n"
        }
        if stream.endsWithDone { text += "data: [DONE]\n\n" }
        return text
    }
}
