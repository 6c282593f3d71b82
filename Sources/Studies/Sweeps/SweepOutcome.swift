/// What a sweep run did.
public struct SweepOutcome: Sendable {
    /// The shard's summary (also in `summary.csv` and `report.html`).
    public var summary: SweepSummary
    /// Cells run by this process.
    public var cellsRun: Int
    /// Cells found finished in the folder and not run again.
    public var cellsResumed: Int
    /// Runs done by this process.
    public var runs: Int
    /// Real seconds.
    public var wallSeconds: Double
}
