public import Provider

/// A scheduled failure: the next `count` requests matching `route` fail (or stall) this way.
///
/// Routes are `METHOD /path`, where a `{name}` segment matches any one segment and `*` matches
/// any method or (as the whole path) any path: `POST /v1/fine_tuning/jobs`,
/// `GET /v1/fine_tuning/jobs/{id}`, `* *`.
public struct FaultRule: Sendable, Hashable, Codable {
    /// The route pattern.
    public var route: String
    /// The HTTP status to answer: 429, 500, 503 or any other in 400...599.
    ///
    /// `nil` with `delay` only stalls.
    public var status: Int?
    /// How many matching requests this rule affects.
    public var count: Int
    /// `Retry-After` seconds sent with the error.
    public var retryAfter: Int?
    /// Seconds (real time) to wait before answering.
    public var delay: Double?
    /// Close the connection without answering.
    public var drop: Bool
    /// The error message (a default names the fault).
    public var message: String?

    /// Creates a rule.
    public init(route: String, status: Int? = nil, count: Int = 1, retryAfter: Int? = nil, delay: Double? = nil,
                drop: Bool = false, message: String? = nil) {
        self.route = route
        self.status = status
        self.count = count
        self.retryAfter = retryAfter
        self.delay = delay
        self.drop = drop
        self.message = message
    }

    private enum CodingKeys: String, CodingKey {
        case route, status, count, retryAfter = "retry_after", delay, drop, message
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        route = try c.decode(String.self, forKey: .route)
        status = try c.decodeIfPresent(Int.self, forKey: .status)
        count = try c.decodeIfPresent(Int.self, forKey: .count) ?? 1
        retryAfter = try c.decodeIfPresent(Int.self, forKey: .retryAfter)
        delay = try c.decodeIfPresent(Double.self, forKey: .delay)
        drop = try c.decodeIfPresent(Bool.self, forKey: .drop) ?? false
        message = try c.decodeIfPresent(String.self, forKey: .message)
    }

    /// Checks the rule.
    ///
    /// - Throws: 400 naming the field at fault.
    public func validate() throws(ProviderError) {
        let parts = route.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, parts[1] == "*" || parts[1].hasPrefix("/") else {
            throw .invalid("route must be \"METHOD /path\" (e.g. \"POST /v1/fine_tuning/jobs\", \"* *\"), got \"\(route)\"", param: "route")
        }
        guard count >= 1 else { throw .invalid("count must be ≥ 1, got \(count)", param: "count") }
        if let status, !(400...599).contains(status) {
            throw .invalid("status must be an HTTP error status in 400...599, got \(status)", param: "status")
        }
        if let delay, !(delay.isFinite && delay >= 0 && delay <= 600) {
            throw .invalid("delay must be seconds in [0, 600], got \(delay)", param: "delay")
        }
        if let retryAfter, retryAfter < 0 { throw .invalid("retry_after must be ≥ 0, got \(retryAfter)", param: "retry_after") }
        guard status != nil || delay != nil || drop else {
            throw .invalid("a fault needs a status, a delay or drop: true", param: "status")
        }
    }

    /// Whether the rule applies to a request.
    func matches(method: String, path: String) -> Bool {
        let parts = route.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2 else { return false }
        guard parts[0] == "*" || parts[0].uppercased() == method.uppercased() else { return false }
        if parts[1] == "*" { return true }
        let pattern = parts[1].split(separator: "/"), segments = path.split(separator: "/")
        guard pattern.count == segments.count else { return false }
        return zip(pattern, segments).allSatisfy { expected, actual in
            (expected.hasPrefix("{") && expected.hasSuffix("}")) || expected == actual
        }
    }
}
