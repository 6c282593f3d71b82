/// How the provider's clock moves.
///
/// - `virtual`: only when told (``Provider/advanceClock(seconds:)``); the default, for tests.
/// - `scaled(factor)`: real time × `factor` (3600 makes a simulated hour pass each second).
/// - `instant`: a new job runs to its end at creation: the clock jumps to its finish.
public enum ClockMode: Sendable, Hashable, CustomStringConvertible {
    case virtual
    case scaled(Double)
    case instant

    /// Parses `virtual`, `instant`, `scaled` (factor 1) or `scaled:FACTOR`.
    ///
    /// - Throws: A 400 ``ProviderError`` naming `mode` or `factor` and what is allowed.
    public init(parsing text: String, factor: Double? = nil) throws(ProviderError) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        switch parts.first ?? "" {
        case "virtual" where parts.count == 1: self = .virtual
        case "instant" where parts.count == 1: self = .instant
        case "scaled":
            var value = factor ?? 1
            if parts.count == 2 {
                guard let parsed = Double(parts[1]) else {
                    throw .invalid("the clock factor must be a number, got \"\(parts[1])\"", param: "factor")
                }
                value = parsed
            }
            guard value.isFinite, value > 0, value <= 1e9 else {
                throw .invalid("the clock factor must be a number in (0, 1e9], got \(value)", param: "factor")
            }
            self = .scaled(value)
        default:
            throw .invalid("unknown clock mode \"\(text)\"; allowed: virtual, scaled, scaled:FACTOR, instant", param: "mode")
        }
    }

    /// `virtual`, `scaled` or `instant`.
    public var name: String {
        switch self {
        case .virtual: "virtual"
        case .scaled: "scaled"
        case .instant: "instant"
        }
    }

    /// The scaled clock's factor, `nil` otherwise.
    public var factor: Double? {
        if case .scaled(let factor) = self { return factor }
        return nil
    }

    public var description: String {
        if case .scaled(let factor) = self { return "scaled:\(factor)" }
        return name
    }
}
