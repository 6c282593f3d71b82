/// One value of one varied key in a cell.
public struct SweepAssignment: Hashable, Sendable, Codable {
    /// The dotted scenario key.
    public var key: String
    /// The value, as `--set` would take it.
    public var value: String

    /// Creates an assignment.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    /// `key=value`, the override that makes the cell.
    public var override: String { "\(key)=\(value)" }
}
