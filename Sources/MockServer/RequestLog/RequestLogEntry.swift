/// One request the HTTP server answered, for `GET /_rftsim/requests`.
public struct RequestLogEntry: Sendable, Hashable, Encodable {
    /// Position in the log, from 1.
    public var sequence: Int
    /// The provider clock when the request arrived (Unix seconds).
    public var time: Double
    public var method: String
    public var path: String
    /// The query string, without `?`.
    public var query: String?
    /// The status answered.
    public var status: Int
    /// The key's last four characters (`sk-…abcd`), never the whole key.
    public var key: String?
    /// The `x-request-id` sent back.
    public var requestID: String
    /// The fault applied, if any (`429`, `drop`, `delay 2s`).
    public var fault: String?
    /// Seconds the server spent on the request (real time, including any fault delay).
    public var duration: Double?

    /// Creates an entry (the log assigns ``sequence``; the server stamps ``time``).
    public init(time: Double = 0, method: String, path: String, query: String?, status: Int, key: String?,
                requestID: String, fault: String? = nil, duration: Double? = nil) {
        sequence = 0
        self.time = time
        self.method = method
        self.path = path
        self.query = query
        self.status = status
        self.key = key.map(Self.redact)
        self.requestID = requestID
        self.fault = fault
        self.duration = duration
    }

    static func redact(_ key: String) -> String {
        key.count <= 8 ? "sk-…" : "sk-…" + key.suffix(4)
    }

    private enum CodingKeys: String, CodingKey {
        case sequence, time, method, path, query, status, key, requestID = "request_id", fault, duration
    }
}
