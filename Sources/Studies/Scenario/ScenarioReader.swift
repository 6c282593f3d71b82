/// Typed reading of one mapping in a scenario, with errors that name the file, line and key,
/// and a check that no unknown key was written (a misspelt key is a silent bug otherwise).
public struct ScenarioReader {
    let members: [(key: String, value: ScenarioValue)]
    let location: ScenarioLocation
    /// The dotted path of this mapping (`trainer`), empty for the top level.
    public let path: String

    /// Reads `value` as a mapping.
    ///
    /// - Throws: ``ScenarioError`` when it is not a mapping.
    public init(_ value: ScenarioValue, path: String) throws(ScenarioError) {
        guard case .mapping(let members, let location) = value else {
            throw ScenarioError(location: value.location, key: path, message: "must be a mapping of keys, not \(value.kindName)")
        }
        self.members = members
        self.location = location
        self.path = path
    }

    /// The dotted path of `key` in this mapping.
    public func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The raw value of `key`, `nil` when absent or null.
    public func value(_ key: String) -> ScenarioValue? {
        guard let value = members.first(where: { $0.key == key })?.value else { return nil }
        if case .null = value { return nil }
        return value
    }

    /// Whether `key` is present (and not null).
    public func has(_ key: String) -> Bool { value(key) != nil }

    /// An error about `key` (at its line when present).
    public func error(_ key: String, _ message: String) -> ScenarioError {
        ScenarioError(location: value(key)?.location ?? location, key: keyPath(key), message: message)
    }

    /// Refuses keys outside `allowed`.
    public func rejectUnknownKeys(_ allowed: [String]) throws(ScenarioError) {
        for member in members where !allowed.contains(member.key) {
            throw ScenarioError(location: member.value.location, key: keyPath(member.key),
                                message: "is not a known key here; allowed keys are \(allowed.joined(separator: ", "))")
        }
    }

    /// A nested mapping.
    public func mapping(_ key: String) throws(ScenarioError) -> ScenarioReader? {
        guard let value = value(key) else { return nil }
        return try ScenarioReader(value, path: keyPath(key))
    }

    /// A number, optionally checked against a condition described by `requirement`.
    public func number(_ key: String, where condition: (Double) -> Bool = { _ in true }, _ requirement: String = "a number") throws(ScenarioError) -> Double? {
        guard let value = value(key) else { return nil }
        guard case .scalar(let text, _) = value, let number = Double(text), number.isFinite, condition(number) else {
            throw error(key, "must be \(requirement), got \(Self.show(value))")
        }
        return number
    }

    /// A whole number within `range`.
    public func integer(_ key: String, in range: ClosedRange<Int>) throws(ScenarioError) -> Int? {
        guard let value = value(key) else { return nil }
        guard case .scalar(let text, _) = value, let number = Int(text), range.contains(number) else {
            throw error(key, "must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(Self.show(value))")
        }
        return number
    }

    /// One of a closed set of words.
    public func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, as: Choice.Type) throws(ScenarioError) -> Choice?
    where Choice.RawValue == String {
        guard let value = value(key) else { return nil }
        guard case .scalar(let text, _) = value, let choice = Choice(rawValue: text) else {
            throw error(key, "must be one of \(Choice.allCases.map(\.rawValue).joined(separator: ", ")), got \(Self.show(value))")
        }
        return choice
    }

    /// A list of numbers.
    public func numbers(_ key: String) throws(ScenarioError) -> [Double]? {
        guard let value = value(key) else { return nil }
        guard case .sequence(let elements, _) = value else {
            throw error(key, "must be a list of numbers like [1.0, 0.5], got \(Self.show(value))")
        }
        var numbers: [Double] = []
        for (index, element) in elements.enumerated() {
            guard case .scalar(let text, _) = element, let number = Double(text), number.isFinite else {
                throw ScenarioError(location: element.location, key: "\(keyPath(key))[\(index)]", message: "must be a finite number, got \(Self.show(element))")
            }
            numbers.append(number)
        }
        return numbers
    }

    /// A list of whole numbers within `range`, at least one.
    public func integers(_ key: String, in range: ClosedRange<Int>) throws(ScenarioError) -> [Int]? {
        guard let value = value(key) else { return nil }
        guard case .sequence(let elements, _) = value, !elements.isEmpty else {
            throw error(key, "must be a non-empty list of whole numbers like [1, 8, 64], got \(Self.show(value))")
        }
        var integers: [Int] = []
        for (index, element) in elements.enumerated() {
            guard case .scalar(let text, _) = element, let number = Int(text), range.contains(number) else {
                throw ScenarioError(location: element.location, key: "\(keyPath(key))[\(index)]",
                                    message: "must be a whole number from \(range.lowerBound) to \(range.upperBound), got \(Self.show(element))")
            }
            integers.append(number)
        }
        return integers
    }

    /// A whole number ≥ 0 that fits in 64 bits, such as a seed.
    public func seed(_ key: String) throws(ScenarioError) -> UInt64? {
        guard let value = value(key) else { return nil }
        guard case .scalar(let text, _) = value, let number = UInt64(text) else {
            throw error(key, "must be a whole number ≥ 0, got \(Self.show(value))")
        }
        return number
    }

    static func show(_ value: ScenarioValue) -> String {
        switch value {
        case .scalar(let text, _): "\"\(text)\""
        default: value.kindName
        }
    }
}
