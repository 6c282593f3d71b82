internal import Simulator

/// `rftsim simulate`'s lines written by hand: the bytes `JSONEncoder` with `.sortedKeys` writes for
/// a ``SimulationLine`` (tested against it), appended straight to a byte buffer, so that writing a
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

    /// Appends the line's JSON text (keys sorted, no newline) to `bytes`; with capacity reserved,
    /// it allocates nothing.
    ///
    /// - Throws: ``NonFiniteValue`` for a NaN or infinite value; `bytes` then holds part of the line.
    public func appendJSON(to bytes: inout [UInt8]) throws(NonFiniteValue) {
        var out = JSONBytes(bytes: bytes)
        bytes = []  // `out` holds the only reference, so appending does not copy the buffer
        defer { bytes = out.bytes }
        let m = metrics
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
        out.write(String(m.step))  // at most 19 digits: a small string, not allocated
        try out.member("train_gold_reward_mean", m.trainGoldRewardMean)
        try out.member("train_reward_mean", m.trainRewardMean)
        try out.member("training_seconds", trainingSeconds)
        try out.member("valid_gold_reward_mean", m.validGoldRewardMean)
        try out.member("valid_policy_expected_reward", m.validPolicyExpectedReward)
        try out.member("valid_reward_mean", m.validRewardMean)
        out.append("}")
    }
}

/// A JSON object's text appended to bytes.
///
/// `Double.write(to:)` hands its shortest round-trip digits (the text of `description`, which
/// `JSONEncoder` writes) to `_writeASCII`; implementing it appends them without making a `String`
/// first, which for 16 or more digits would be a heap allocation per number.
private struct JSONBytes: TextOutputStream {
    var bytes: [UInt8]

    mutating func write(_ string: String) { bytes.append(contentsOf: string.utf8) }

    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }

    mutating func append(_ ascii: StaticString) {
        ascii.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// `,"key":` (the comma left out for the first member, the `{` put in).
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

    /// A double as `JSONEncoder` writes it: Swift's shortest round-trip text without a trailing ".0".
    mutating func number(_ value: Double, key: @autoclosure () -> String) throws(SimulationLine.NonFiniteValue) {
        guard value.isFinite else { throw SimulationLine.NonFiniteValue(key: key()) }
        value.write(to: &self)
        let count = bytes.count
        if count >= 2, bytes[count - 1] == UInt8(ascii: "0"), bytes[count - 2] == UInt8(ascii: ".") {
            bytes.removeLast(2)
        }
    }
}
