internal import Foundation

/// One `--vary` option: a scenario key and the values it takes, as a list for the grid or a
/// range for random search.
///
/// - `key=v1,v2,v3`: each value is read as YAML, like a `--set` value (`0.5`, `rloo`, `true`);
///   values are split at commas, so list values (`[1, 2]`) cannot be varied.
/// - `key=lo..hi`: uniform in [lo, hi] (whole numbers when both ends are whole), only with
///   `--random N`; `key=lo..hi:log` draws log-uniformly (lo > 0).
///
/// ```swift
/// let batch = try SweepVariation(parsing: "hyperparameters.batch_size=8,16,32")
/// let rate = try SweepVariation(parsing: "hyperparameters.learning_rate_multiplier=0.1..10:log")
/// ```
public struct SweepVariation: Hashable, Sendable {
    /// Where the values come from.
    public enum Domain: Hashable, Sendable {
        /// Listed values, as text.
        case values([String])
        /// A numeric interval for random search.
        case range(low: Double, high: Double, logarithmic: Bool, integer: Bool)
    }

    /// The dotted scenario key, e.g. `hyperparameters.batch_size`.
    public var key: String
    /// Its values.
    public var domain: Domain

    /// Creates a variation.
    public init(key: String, domain: Domain) {
        self.key = key
        self.domain = domain
    }

    /// Reads `key=v1,v2,...` or `key=lo..hi[:log]`.
    ///
    /// - Throws: ``SweepError`` for a missing `=`, an empty key or value, a value listed twice,
    ///   or a range that is empty, not finite, or logarithmic through zero.
    public init(parsing text: String) throws(SweepError) {
        guard let equals = text.firstIndex(of: "=") else {
            throw SweepError(.invalidSpecification, "--vary '\(text)': write key=value1,value2,… e.g. --vary hyperparameters.batch_size=8,16,32")
        }
        key = String(text[..<equals]).trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty, key.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ !$0.isEmpty }) else {
            throw SweepError(.invalidSpecification, "--vary '\(text)': the key '\(key)' has an empty part; write a dotted path such as trainer.algorithm")
        }
        let rest = String(text[text.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
        if let range = try Self.range(rest, key: key) {
            domain = range
            return
        }
        let values = rest.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !values.contains(where: \.isEmpty) else {
            throw SweepError(.invalidSpecification, "--vary \(key)=\(rest): a value is empty; list values separated by commas, e.g. --vary \(key)=1,2,4")
        }
        var seen = Set<String>()
        for value in values where !seen.insert(value).inserted {
            throw SweepError(.invalidSpecification, "--vary \(key): the value '\(value)' is listed twice")
        }
        domain = .values(values)
    }

    private static func range(_ text: String, key: String) throws(SweepError) -> Domain? {
        guard !text.contains(","), let dots = text.range(of: "..") else { return nil }
        var upperText = String(text[dots.upperBound...])
        var logarithmic = false
        if upperText.hasSuffix(":log") {
            logarithmic = true
            upperText.removeLast(4)
        }
        let lowerText = String(text[..<dots.lowerBound])
        // Neither end a number: a value that merely contains "..", such as a relative path.
        if Double(lowerText) == nil, Double(upperText) == nil { return nil }
        guard let low = Double(lowerText), let high = Double(upperText), low.isFinite, high.isFinite else {
            throw SweepError(.invalidSpecification, "--vary \(key)=\(text): a range is two finite numbers, low..high (e.g. 0.1..2 or 0.01..1:log)")
        }
        guard low < high else {
            throw SweepError(.invalidSpecification, "--vary \(key)=\(text): the range is empty; write low..high with low < high")
        }
        guard !logarithmic || low > 0 else {
            throw SweepError(.invalidSpecification, "--vary \(key)=\(text): a :log range needs low > 0")
        }
        let integer = Int(lowerText) != nil && Int(upperText) != nil
        return .range(low: low, high: high, logarithmic: logarithmic, integer: integer)
    }

    /// Whether the values are a range (random search only).
    public var isRange: Bool {
        if case .range = domain { return true }
        return false
    }

    /// The option as it is written back (`key=a,b` or `key=lo..hi[:log]`), for the manifest.
    public var canonicalText: String {
        switch domain {
        case .values(let values): return "\(key)=\(values.joined(separator: ","))"
        case .range(let low, let high, let logarithmic, let integer):
            let show = { (x: Double) in integer ? String(Int(x)) : "\(x)" }
            return "\(key)=\(show(low))..\(show(high))\(logarithmic ? ":log" : "")"
        }
    }
}
