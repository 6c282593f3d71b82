/// A scenario file's content as a tree that remembers where each value came from, so errors
/// can name the file, the line and the key.
public indirect enum ScenarioValue: Hashable, Sendable {
    /// A scalar as written (`0.1`, `rloo`, `true`); typed readers interpret it.
    case scalar(String, ScenarioLocation)
    /// A mapping, keys in file order.
    case mapping([(key: String, value: ScenarioValue)], ScenarioLocation)
    /// A sequence.
    case sequence([ScenarioValue], ScenarioLocation)
    /// An explicit null (`~`, `null`, or nothing after the colon).
    case null(ScenarioLocation)

    /// Where the value was written.
    public var location: ScenarioLocation {
        switch self {
        case .scalar(_, let location), .mapping(_, let location), .sequence(_, let location), .null(let location): location
        }
    }

    /// A short name of the value's kind, for error messages.
    public var kindName: String {
        switch self {
        case .scalar: "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .null: "null"
        }
    }

    /// The value of `key`, if this is a mapping that has it.
    public subscript(key: String) -> ScenarioValue? {
        guard case .mapping(let members, _) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// Where the value at a dotted key path (`hyperparameters.batch_size`) was written, or its
    /// nearest ancestor when the key itself is absent (a default, e.g. `batch_size: auto`).
    public func location(ofKey keyPath: String) -> ScenarioLocation {
        var value = self
        for part in keyPath.split(separator: ".") {
            guard let child = value[String(part)] else { break }
            value = child
        }
        return value.location
    }

    public static func == (lhs: ScenarioValue, rhs: ScenarioValue) -> Bool {
        switch (lhs, rhs) {
        case (.scalar(let a, _), .scalar(let b, _)): a == b
        case (.mapping(let a, _), .mapping(let b, _)): a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        case (.sequence(let a, _), .sequence(let b, _)): a == b
        case (.null, .null): true
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .scalar(let text, _): hasher.combine(0); hasher.combine(text)
        case .mapping(let members, _): hasher.combine(1); for member in members { hasher.combine(member.key); hasher.combine(member.value) }
        case .sequence(let elements, _): hasher.combine(2); hasher.combine(elements)
        case .null: hasher.combine(3)
        }
    }
}

/// Where a value was written: a file and line, or a command-line override.
public struct ScenarioLocation: Hashable, Sendable, CustomStringConvertible {
    /// The file, or `--set` for an override.
    public let source: String
    /// The 1-based line in the file (`nil` for an override).
    public let line: Int?

    public init(source: String, line: Int?) {
        self.source = source
        self.line = line
    }

    public var description: String {
        line.map { "\(source) line \($0)" } ?? source
    }
}

/// A scenario that cannot be used, with where and what.
public struct ScenarioError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Where the offending value was written.
    public let location: ScenarioLocation
    /// The dotted key path, e.g. `trainer.learning_rate`.
    public let key: String
    /// What is wrong and what is allowed.
    public let message: String

    public init(location: ScenarioLocation, key: String, message: String) {
        self.location = location
        self.key = key
        self.message = message
    }

    public var description: String {
        key.isEmpty ? "\(location): \(message)" : "\(location), \(key): \(message)"
    }
}
