public import Simulator
internal import Stochastics

/// `rftsim simulate`'s lines written by hand: the bytes `JSONEncoder` with `.sortedKeys` writes for
/// a ``SimulationLine`` (tested against it), written straight into caller memory, so that writing a
/// line per step costs less than the step.
extension SimulationLine {
    /// A line could not be written: a value is not finite (JSON has no NaN or infinity).
    public struct NonFiniteValue: Error, CustomStringConvertible, Sendable, Equatable {
        /// The key of the value.
        public var key: String
        public var description: String { "\(key) is not a finite number; JSON cannot hold it" }

        /// Creates the error for the value of `key`.
        public init(key: String) {
            self.key = key
        }
    }

    /// The line's JSON text with its keys sorted, without the newline.
    ///
    /// - Throws: ``NonFiniteValue`` for a NaN or infinite value, as `JSONEncoder` refuses them.
    public func jsonText() throws(NonFiniteValue) -> String {
        var bytes: [UInt8] = []
        try appendJSON(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the line's JSON text (keys sorted, no newline) to `bytes`.
    ///
    /// - Throws: ``NonFiniteValue`` for a NaN or infinite value; `bytes` is then unchanged.
    public func appendJSON(to bytes: inout [UInt8]) throws(NonFiniteValue) {
        let maximum = Self.maximumJSONLength(policyCount: policy?.count ?? 0)
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: maximum))
        do {
            let written = try bytes.withUnsafeMutableBufferPointer { (buffer) throws(NonFiniteValue) -> Int in
                try policy.withUnsafeBufferPointer { (policy) throws(NonFiniteValue) -> Int in
                    try Self.writeJSON(metrics: metrics, policy: policy, trainingSeconds: trainingSeconds, cost: cost,
                                       into: buffer.baseAddress! + start)
                }
            }
            bytes.removeLast(maximum - written)
        } catch {
            bytes.removeLast(maximum)
            throw error
        }
    }

    /// The most bytes ``writeJSON(metrics:policy:trainingSeconds:cost:into:)`` writes for a line
    /// with `policyCount` answer probabilities.
    public static func maximumJSONLength(policyCount: Int) -> Int {
        // The keys and punctuation take under 400 bytes, the 17 numbers and the step under 600.
        1_024 + policyCount * (JSONCursor.maximumNumberLength + 1)
    }

    /// Writes a line's JSON text (keys sorted, no newline) at `start`.
    ///
    /// The line is `SimulationLine(metrics:policy:trainingSeconds:cost:)`'s, from parts, so that a
    /// writer can keep a batch's answer probabilities in one buffer rather than an array a line.
    ///
    /// - Parameters:
    ///   - metrics: the step's metrics.
    ///   - policy: a bandit's answer probabilities after the step, or `nil`.
    ///   - trainingSeconds: a job's simulated training seconds so far, or `nil`.
    ///   - cost: a job's USD so far, or `nil`.
    ///   - start: room for ``maximumJSONLength(policyCount:)`` bytes.
    /// - Returns: how many bytes it wrote.
    /// - Throws: ``NonFiniteValue`` for a NaN or infinite value; the bytes at `start` are then partial.
    public static func writeJSON(
        metrics: StepMetrics, policy: UnsafeBufferPointer<Double>?, trainingSeconds: Double?, cost: Double?,
        into start: UnsafeMutablePointer<UInt8>
    ) throws(NonFiniteValue) -> Int {
        let m = metrics
        var out = JSONCursor(start)
        // Members in the order of their keys' bytes, as `.sortedKeys` orders them.
        try out.member("clip_ratio", m.clipRatio, first: true)
        try out.member("cost", cost)
        try out.member("entropy", m.entropy)
        try out.member("epoch", m.epoch)
        try out.member("frac_reward_zero_std", m.fracRewardZeroStd)
        try out.member("gold_reward_mean", m.goldRewardMean)
        try out.member("grad_norm", m.gradientNorm)
        try out.member("kl", m.kl)
        if let policy {
            out.key("policy")
            out.append("[")
            for (index, value) in policy.enumerated() {
                if index > 0 { out.append(",") }
                try out.number(value, key: "policy")
            }
            out.append("]")
        }
        try out.member("policy_expected_reward", m.policyExpectedReward)
        try out.member("reward_std", m.rewardStd)
        out.key("step")
        out.integer(m.step)
        try out.member("train_gold_reward_mean", m.trainGoldRewardMean)
        try out.member("train_reward_mean", m.trainRewardMean)
        try out.member("training_seconds", trainingSeconds)
        try out.member("valid_gold_reward_mean", m.validGoldRewardMean)
        try out.member("valid_policy_expected_reward", m.validPolicyExpectedReward)
        try out.member("valid_reward_mean", m.validRewardMean)
        out.append("}")
        return out.position - start
    }
}

extension Optional where Wrapped == [Double] {
    /// The array's elements, or `nil` for `nil`.
    fileprivate func withUnsafeBufferPointer<Result, Failure: Error>(
        _ body: (UnsafeBufferPointer<Double>?) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        guard let self else { return try body(nil) }
        return try self.withUnsafeBufferPointer { (buffer) throws(Failure) -> Result in try body(buffer) }
    }
}

/// A JSON object's text written forward from a pointer; the caller provides the room.
///
/// Numbers are `description`'s text (which `JSONEncoder` writes) by ``ShortestDecimal``, about
/// twice as fast as the standard library's and without making a `String`.
struct JSONCursor {
    /// The most bytes one number takes.
    static let maximumNumberLength = ShortestDecimal.maximumLength

    private(set) var position: UnsafeMutablePointer<UInt8>

    init(_ start: UnsafeMutablePointer<UInt8>) {
        position = start
    }

    @inline(__always)
    mutating func append(_ ascii: StaticString) {
        position.update(from: ascii.utf8Start, count: ascii.utf8CodeUnitCount)
        position += ascii.utf8CodeUnitCount
    }

    /// `,"key":` (the comma left out for the first member, the `{` put in).
    @inline(__always)
    mutating func key(_ name: StaticString, first: Bool = false) {
        append(first ? "{\"" : ",\"")
        append(name)
        append("\":")
    }

    mutating func member(_ name: StaticString, _ value: Double, first: Bool = false) throws(SimulationLine.NonFiniteValue) {
        key(name, first: first)
        try number(value, key: "\(name)")
    }

    mutating func member(_ name: StaticString, _ value: Double?) throws(SimulationLine.NonFiniteValue) {
        guard let value else { return }
        try member(name, value)
    }

    /// A whole number in decimal.
    mutating func integer(_ value: Int) {
        var magnitude = value.magnitude
        if value < 0 { append("-") }
        var digits = 1
        var scale: UInt = 1
        while magnitude / scale >= 10 { scale &*= 10; digits &+= 1 }
        for _ in 0..<digits {
            position.pointee = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude / scale)
            magnitude %= scale
            scale /= 10
            position += 1
        }
    }

    /// A double as `JSONEncoder` writes it: Swift's shortest round-trip text without a trailing ".0".
    mutating func number(_ value: Double, key: @autoclosure () -> String) throws(SimulationLine.NonFiniteValue) {
        guard value.isFinite else { throw SimulationLine.NonFiniteValue(key: key()) }
        position += ShortestDecimal.write(value, to: position)
        if (position - 2).pointee == UInt8(ascii: "."), (position - 1).pointee == UInt8(ascii: "0") {
            position -= 2
        }
    }
}
