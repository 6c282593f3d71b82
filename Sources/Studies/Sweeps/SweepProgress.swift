internal import Foundation

/// Where a sweep is: cells and runs done out of this shard's, and the time so far.
public struct SweepProgress: Sendable, Hashable {
    /// Cells of this shard finished, including those found finished when it started.
    public var cellsDone: Int
    /// Cells of this shard.
    public var cellsTotal: Int
    /// Runs done by this process.
    public var runsDone: Int
    /// Runs this process has to do.
    public var runsTotal: Int
    /// Real seconds since the runs started (after the checks and the answer spaces).
    public var elapsedSeconds: Double

    /// Creates a progress report.
    public init(cellsDone: Int, cellsTotal: Int, runsDone: Int, runsTotal: Int, elapsedSeconds: Double) {
        self.cellsDone = cellsDone
        self.cellsTotal = cellsTotal
        self.runsDone = runsDone
        self.runsTotal = runsTotal
        self.elapsedSeconds = elapsedSeconds
    }

    /// `cells 12/200 ▕████░░░░▏ runs 384/6400 · 3.1 s · ~48 s left`.
    public func line(barWidth: Int = 24) -> String {
        let fraction = runsTotal > 0 ? Double(runsDone) / Double(runsTotal) : 1
        let filled = Int((fraction * Double(barWidth)).rounded())
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: max(0, barWidth - filled))
        var text = "cells \(cellsDone)/\(cellsTotal) ▕\(bar)▏ runs \(runsDone)/\(runsTotal) · " + String(format: "%.1f s", elapsedSeconds)
        if runsDone > 0, runsDone < runsTotal {
            text += String(format: " · ~%.0f s left", elapsedSeconds / Double(runsDone) * Double(runsTotal - runsDone))
        }
        return text
    }
}
