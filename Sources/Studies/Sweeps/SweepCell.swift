/// One configuration of a sweep: the scenario with one value for each varied key.
public struct SweepCell: Sendable {
    /// The position in the canonical order (grid order; draw order for ranges).
    public let index: Int
    /// A stable id: `c` and 16 hex digits of a hash of the sorted assignments, the same in every
    /// process, shard and merge.
    public let id: String
    /// The values, in the order of the `--vary` options.
    public let assignments: [SweepAssignment]
    /// The cell's scenario (the base scenario with the assignments applied).
    public let scenario: JobScenario
    /// The valid reward a run of this cell must reach.
    public let target: Double

    /// Creates a cell.
    public init(index: Int, assignments: [SweepAssignment], scenario: JobScenario, target: Double) {
        self.index = index
        self.id = Self.id(of: assignments)
        self.assignments = assignments
        self.scenario = scenario
        self.target = target
    }

    /// The id of a cell with `assignments` (their order does not matter).
    public static func id(of assignments: [SweepAssignment]) -> String {
        var hash = SweepHash()
        for line in assignments.map(\.override).sorted() { hash.combine(line) }
        return "c" + hash.hex
    }

    /// `batch_size=8, algorithm=rloo`: each key's last part and its value.
    public var label: String { Self.label(of: assignments) }

    /// The label of `assignments`; `base` for a sweep that varies nothing.
    public static func label(of assignments: [SweepAssignment]) -> String {
        guard !assignments.isEmpty else { return "base" }
        return assignments.map { "\($0.key.split(separator: ".").last.map(String.init) ?? $0.key)=\($0.value)" }.joined(separator: ", ")
    }
}

extension SweepCell {
    /// `cell 3 (batch_size=8, algorithm=rloo)`, for messages.
    public var name: String { "cell \(index + 1) (\(label))" }
}
