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

    /// Creates a configuration.
    public init(host: String = "127.0.0.1", port: Int = 8089, maximumJSONBytes: Int = 1 << 20,
                multipartOverheadBytes: Int = 64 << 10) {
        self.host = host
        self.port = port
        self.maximumJSONBytes = maximumJSONBytes
        self.multipartOverheadBytes = multipartOverheadBytes
    }
}
