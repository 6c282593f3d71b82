internal import Foundation

/// Hands out (cell, run) pairs cell by cell, keeps each record in its slot, and writes a cell's
/// file when its last run arrives.
actor SweepCollector {
    private let runners: [SweepCellRunner]
    private let seeds: Int
    private let directory: SweepDirectory
    private var slots: [[SweepCellRunner.Record?]]
    private var remaining: [Int]
    private var handedOut = 0
    private var runsDone = 0
    private var cellsDone: Int
    private let cellsTotal: Int
    private let started: Date

    init(runners: [SweepCellRunner], seeds: Int, directory: SweepDirectory, cellsDone: Int, cellsTotal: Int, started: Date) {
        self.runners = runners
        self.seeds = seeds
        self.directory = directory
        slots = runners.map { _ in [SweepCellRunner.Record?](repeating: nil, count: seeds) }
        remaining = runners.map { _ in seeds }
        self.cellsDone = cellsDone
        self.cellsTotal = cellsTotal
        self.started = started
    }

    var progress: SweepProgress {
        SweepProgress(cellsDone: cellsDone, cellsTotal: cellsTotal, runsDone: runsDone, runsTotal: runners.count * seeds,
                      elapsedSeconds: Date().timeIntervalSince(started))
    }

    /// The next pair to run, cell-major so cells finish (and are saved) one after another.
    func next() -> (cell: Int, run: Int)? {
        guard handedOut < runners.count * seeds else { return nil }
        defer { handedOut += 1 }
        return (handedOut / seeds, handedOut % seeds)
    }

    func store(_ record: SweepCellRunner.Record, cell: Int, run: Int) throws(SweepError) -> SweepProgress {
        slots[cell][run] = record
        remaining[cell] -= 1
        runsDone += 1
        if remaining[cell] == 0 {
            try directory.write(runners[cell].result(slots[cell].map { $0! }))
            slots[cell] = []
            cellsDone += 1
        }
        return progress
    }
}
