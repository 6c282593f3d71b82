import HTTPTypes
import NIOCore
import NIOHTTP1

/// Guards one HTTP/1 connection where Hummingbird would answer without the platform's error body
/// or keep a connection that should close.
///
/// It sits right after NIO's request decoder, on HTTP/1 parts:
/// - a request the decoder cannot parse (a bad chunk size, a chunk cut short, header fields too
///   large, a malformed request line) is answered 400 (431 for oversized headers) with the
///   OpenAI error body, then the connection closes; if a response is already under way, the
///   connection just closes, since a second response cannot be written into it;
/// - a request that does not keep the connection alive (HTTP/1.0 without `Connection: keep-alive`,
///   or `Connection: close`) is marked `Connection: close`, so the server closes after answering;
/// - a request whose body stops arriving for longer than the read timeout (``IdleStateHandler``'s
///   read event while a body is being received) is answered 408 and closed;
/// - when the client's side of the connection ends (NIO's `inputClosed`: Hummingbird allows
///   half-closure, so a client closing its socket shows as this), the connection's
///   ``ClientDisconnect`` is marked, which cancels work a route runs on the client's behalf.
final class HTTPConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// A request head arrived and its end has not.
    private var receivingRequest = false
    /// A response head went out and its end has not.
    private var responding = false
    /// The connection was answered by this guard and is closing.
    private var closing = false
    /// Marked when the client goes.
    private let disconnect: ClientDisconnect

    init(disconnect: ClientDisconnect) {
        self.disconnect = disconnect
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closing else { return }
        switch unwrapInboundIn(data) {
        case .head(var head):
            receivingRequest = true
            if !head.isKeepAlive, head.headers["connection"].first?.lowercased() != "close" {
                // HTTP/1.0 without keep-alive: Hummingbird only looks for `Connection: close`.
                head.headers.replaceOrAdd(name: "connection", value: "close")
                context.fireChannelRead(wrapInboundOut(.head(head)))
                return
            }
        case .body: break
        case .end: receivingRequest = false
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head: responding = true
        case .body: break
        case .end: responding = false
        }
        context.write(data, promise: promise)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        if case .headerOverflow = parserError {
            answer(context, status: .requestHeaderFieldsTooLarge,
                   message: "The request's header fields are larger than rftsim accepts (\(Self.headerLimitDescription)); send smaller headers.",
                   code: "request_header_fields_too_large")
        } else {
            answer(context, status: .badRequest, message: "The HTTP request could not be parsed: \(Self.describe(parserError)).",
                   code: "invalid_http_request")
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read, receivingRequest {
            answer(context, status: .requestTimeout,
                   message: "The request's body stopped arriving; rftsim closes a connection whose request is silent for the read timeout.",
                   code: "request_timeout")
            return
        }
        if let channelEvent = event as? ChannelEvent, channelEvent == .inputClosed {
            disconnect.markGone()
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// Writes the platform's error response unless one is under way, then closes.
    private func answer(_ context: ChannelHandlerContext, status: HTTPResponseStatus, message: String, code: String) {
        guard !closing else { return }
        closing = true
        if !responding {
            let body = ErrorBody.text(of: APIError(status: .init(code: Int(status.code)), message: message, code: code))
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: "application/json")
            headers.add(name: "content-length", value: String(body.utf8.count))
            headers.add(name: "connection", value: "close")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
        context.close(promise: nil)
    }

    /// The decoder's header limit, as the server configures it (Hummingbird's default).
    static let headerLimitDescription = "80 KiB"

    /// A parser error in words.
    static func describe(_ error: HTTPParserError) -> String {
        switch error {
        case .invalidChunkSize: "invalid chunk size in a chunked body"
        case .invalidEOFState: "the body ended before its declared length or final chunk"
        case .invalidContentLength: "invalid Content-Length"
        case .unexpectedContentLength: "a Content-Length where none is allowed"
        case .invalidMethod: "invalid method"
        case .invalidURL: "invalid request target"
        case .invalidVersion: "invalid HTTP version"
        case .invalidHeaderToken: "invalid character in a header"
        case .invalidConstant: "malformed request"
        case .lfExpected: "malformed line ending"
        case .closedConnection: "the connection closed in the middle of the request"
        default: "\(error)"
        }
    }
}
