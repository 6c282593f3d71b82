import Foundation

/// How the HTTP server listens and what it accepts.
public struct ServerConfiguration: Sendable {
    /// The address to bind (loopback by default: the mock has no real authentication).
    public var host: String
    /// The port; 0 picks a free one (read it in `onServerRunning`).
    public var port: Int
    /// Largest JSON request body, in bytes (default 1 MiB; larger bodies get a 413).
    ///
    /// The platform does not document its limit; 1 MiB holds any job, grader (a python grader's
    /// source is capped at 256 kB) or chat request this mock serves.
    public var maximumJSONBytes: Int
    /// Bytes allowed on top of the provider's file limit for the multipart framing of an upload.
    public var multipartOverheadBytes: Int
    /// The token `/_rftsim` requires in `X-RFTSim-Control-Token` (`nil`: the control API is open,
    /// as it is on loopback by default).
    public var controlToken: String?
    /// Seconds a connection may stay without a request in progress (between requests, or while
    /// its request head is still arriving) before it is closed: the idle and header timeout.
    public var idleTimeoutSeconds: Int64
    /// Seconds a request's body may be silent before the connection is answered 408 and closed.
    ///
    /// Hummingbird's idle timeout also runs while a body is being read and closes without an
    /// answer, so the server uses at most `idleTimeoutSeconds − 1` here.
    public var bodyReadTimeoutSeconds: Int64

    /// Where uploads are written as they arrive (`POST /v1/files` streams its file part to disk).
    ///
    /// `nil` for ``defaultUploadDirectory``; `rftsim serve --state DIR` uses `DIR/files`. Each
    /// upload's file is removed when the file is deleted or the provider reset.
    public var uploadDirectory: String?

    /// `rftsim-uploads-PID` in the temporary directory.
    public static var defaultUploadDirectory: String {
        FileManager.default.temporaryDirectory.appendingPathComponent("rftsim-uploads-\(ProcessInfo.processInfo.processIdentifier)").path
    }

    /// Creates a configuration.
    public init(host: String = "127.0.0.1", port: Int = 8089, maximumJSONBytes: Int = 1 << 20,
                multipartOverheadBytes: Int = 64 << 10, controlToken: String? = nil, idleTimeoutSeconds: Int64 = 15,
                bodyReadTimeoutSeconds: Int64 = 10) {
        self.host = host
        self.port = port
        self.maximumJSONBytes = maximumJSONBytes
        self.multipartOverheadBytes = multipartOverheadBytes
        self.controlToken = controlToken
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.bodyReadTimeoutSeconds = bodyReadTimeoutSeconds
    }

    /// Whether `host` reaches beyond this machine (anything but a loopback address or `localhost`).
    public var bindsBeyondLoopback: Bool {
        let name = host.lowercased()
        return !(name == "localhost" || name == "::1" || name == "[::1]" || name.hasPrefix("127."))
    }
}
