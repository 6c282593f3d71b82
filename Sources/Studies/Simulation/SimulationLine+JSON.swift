internal import Simulator

/// `rftsim simulate`'s lines written by hand: the bytes `JSONEncoder` with `.sortedKeys` writes for
/// a ``SimulationLine`` (tested against it), an order of magnitude faster, so that writing a line
/// per step does not cost more than the step.
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
        var members: [(key: String, value: Member)] = [
            ("clip_ratio", .number(metrics.clipRatio)), ("entropy", .number(metrics.entropy)), ("epoch", .number(metrics.epoch)),
            ("frac_reward_zero_std", .number(metrics.fracRewardZeroStd)), ("grad_norm", .number(metrics.gradientNorm)),
            ("kl", .number(metrics.kl)), ("reward_std", .number(metrics.rewardStd)), ("step", .integer(metrics.step)),
            ("train_reward_mean", .number(metrics.trainRewardMean)),
        ]
        let optional: [(String, Double?)] = [
            ("train_gold_reward_mean", metrics.trainGoldRewardMean), ("policy_expected_reward", metrics.policyExpectedReward),
            ("gold_reward_mean", metrics.goldRewardMean), ("valid_reward_mean", metrics.validRewardMean),
            ("valid_policy_expected_reward", metrics.validPolicyExpectedReward), ("valid_gold_reward_mean", metrics.validGoldRewardMean),
            ("training_seconds", trainingSeconds), ("cost", cost),
        ]
        for case (let key, let value?) in optional { members.append((key, .number(value))) }
        if let policy { members.append(("policy", .numbers(policy))) }
        members.sort { $0.key < $1.key }

        var text = "{"
        text.reserveCapacity(64 + 24 * members.count + 24 * (policy?.count ?? 0))
        for (index, member) in members.enumerated() {
            if index > 0 { text += "," }
            text += "\"" + member.key + "\":"
            switch member.value {
            case .integer(let value): text += String(value)
            case .number(let value): text += try Self.number(value, key: member.key)
            case .numbers(let values):
                text += "["
                for (position, value) in values.enumerated() {
                    if position > 0 { text += "," }
                    text += try Self.number(value, key: member.key)
                }
                text += "]"
            }
        }
        return text + "}"
    }

    private enum Member {
        case integer(Int)
        case number(Double)
        case numbers([Double])
    }

    /// A double as `JSONEncoder` writes it: Swift's shortest round-trip text without a trailing ".0".
    private static func number(_ value: Double, key: String) throws(NonFiniteValue) -> String {
        guard value.isFinite else { throw NonFiniteValue(key: key) }
        let text = value.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
