/// What a batch of grading came to: count, mean, spread over ten bins, and error counts.
public struct GradeSummary: Hashable, Sendable {
    public private(set) var count = 0
    public private(set) var sum = 0.0
    public private(set) var minimum = Double.infinity
    public private(set) var maximum = -Double.infinity
    /// Rewards per tenth of [0, 1]: bin i holds [i/10, (i+1)/10), the last also 1; rewards
    /// outside [0, 1] are counted in `belowZero` and `aboveOne`.
    public private(set) var bins = [Int](repeating: 0, count: 10)
    public private(set) var belowZero = 0
    public private(set) var aboveOne = 0
    /// How many results raised each error flag, by the platform's flag name.
    public private(set) var errorCounts: [String: Int] = [:]

    public init() {}

    /// Adds one result.
    public mutating func add(_ result: GraderResult) {
        let reward = result.reward
        count += 1
        sum += reward
        minimum = min(minimum, reward)
        maximum = max(maximum, reward)
        if reward < 0 {
            belowZero += 1
        } else if reward > 1 {
            aboveOne += 1
        } else {
            bins[min(9, Int(reward * 10))] += 1
        }
        for flag in result.metadata.errors.raised { errorCounts[flag, default: 0] += 1 }
    }

    /// The mean reward, or `nil` when nothing was graded.
    public var mean: Double? { count > 0 ? sum / Double(count) : nil }

    /// A few lines for a terminal.
    public var text: String {
        guard let mean else { return "graded 0 rows" }
        func f(_ value: Double) -> String { JSONValue.format((value * 10_000).rounded() / 10_000) }
        var lines = ["graded \(count) rows: mean reward \(f(mean)), min \(f(minimum)), max \(f(maximum))"]
        var histogram = bins.enumerated().map { index, n in "[\(f(Double(index) / 10)),\(f(Double(index + 1) / 10))\(index == 9 ? "]" : ")") \(n)" }
        if belowZero > 0 { histogram.insert("<0 \(belowZero)", at: 0) }
        if aboveOne > 0 { histogram.append(">1 \(aboveOne)") }
        lines.append("distribution: " + histogram.joined(separator: "  "))
        lines.append(errorCounts.isEmpty ? "errors: none"
                     : "errors: " + errorCounts.keys.sorted().map { "\($0) \(errorCounts[$0]!)" }.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}
