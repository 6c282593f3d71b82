/// A platform hyperparameter as the OpenAI fine-tuning API accepts it: the string `"auto"` or a number.
///
/// It encodes and decodes exactly as the API's JSON does, so `"auto"` round-trips as a string and
/// an explicit value as a JSON number:
///
/// ```swift
/// let size: HyperparameterValue<Int> = .auto        // "batch_size": "auto"
/// let rate: HyperparameterValue<Double> = .value(2)  // "learning_rate_multiplier": 2
/// ```
///
/// Decoding accepts only `"auto"` or a value of `Value`'s JSON type; ranges are checked later, by
/// ``PlatformHyperparameters/resolve(method:trainingExamples:validationExamples:baseLearningRate:)``,
/// so that the error can name the hyperparameter and its allowed range.
public enum HyperparameterValue<Value>: Sendable, Hashable, Codable
where Value: Sendable & Hashable & Codable {
    /// Let the platform choose (`"auto"`).
    case auto
    /// An explicit value.
    case value(Value)

    /// The explicit value, or `nil` for ``auto``.
    public var explicitValue: Value? {
        if case .value(let value) = self { return value }
        return nil
    }

    /// The explicit value, or `resolveAuto()` for ``auto``.
    ///
    /// - Parameter resolveAuto: The rule that picks a value for `"auto"`.
    /// - Returns: The value the job will use.
    public func resolved(_ resolveAuto: () -> Value) -> Value {
        explicitValue ?? resolveAuto()
    }

    /// Decodes `"auto"` or a `Value`.
    ///
    /// - Throws: `DecodingError.dataCorrupted` for any other string or JSON type.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Value.self) {
            self = .value(value)
            return
        }
        if let string = try? container.decode(String.self), string == "auto" {
            self = .auto
            return
        }
        throw DecodingError.dataCorruptedError(
            in: container, debugDescription: "expected \"auto\" or a \(Value.self) value")
    }

    /// Encodes `"auto"` as a string and an explicit value as itself.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .auto: try container.encode("auto")
        case .value(let value): try container.encode(value)
        }
    }
}

extension HyperparameterValue: ExpressibleByIntegerLiteral where Value: ExpressibleByIntegerLiteral {
    /// An explicit value from an integer literal (`nEpochs: 3`, `computeMultiplier: 2`).
    public init(integerLiteral value: Value.IntegerLiteralType) {
        self = .value(Value(integerLiteral: value))
    }
}

extension HyperparameterValue: ExpressibleByFloatLiteral where Value: ExpressibleByFloatLiteral {
    /// An explicit value from a floating-point literal (`learningRateMultiplier: 0.5`).
    public init(floatLiteral value: Value.FloatLiteralType) {
        self = .value(Value(floatLiteral: value))
    }
}
