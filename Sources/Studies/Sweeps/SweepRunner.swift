internal import Foundation

/// Runs a sweep's shard into a folder: checks every cell, skips cells already finished there,
/// runs the rest on `jobs` workers, writes each cell's file as soon as its runs are done, and
/// the summary and report once all of the shard's cells are.
///
/// Results do not depend on `jobs`, on sharding or on interruptions: every run is a pure
/// function of (cell, run number), records go into fixed slots, and the summary is computed
/// from the cell files alone.
///
/// ```swift
/// let plan = try SweepPlan(specification)
/// let outcome = try await SweepRunner(plan: plan, jobs: 2).run(into: SweepDirectory(url)) { print($0.line()) }
/// print(outcome.summary.csv)
/// ```
public struct SweepRunner: Sendable {
    /// The sweep.
    public let plan: SweepPlan
    /// Worker tasks (≥ 1).
    public let jobs: Int

    /// Creates a runner.
    public init(plan: SweepPlan, jobs: Int) {
        self.plan = plan
        self.jobs = max(1, jobs)
    }

    /// Runs the shard's unfinished cells and writes the folder.
    ///
    /// - Parameters:
    ///   - directory: The sweep's folder.
    ///   - progress: Called after every run (from worker tasks), in no fixed order.
    /// - Returns: What ran and the summary.
    /// - Throws: ``SweepError``: `outputConflict` when the folder holds another sweep,
    ///   `invalidCell` for a cell that cannot run (before any run starts), `io` for files.
    public func run(into directory: SweepDirectory,
                    progress: @escaping @Sendable (SweepProgress) -> Void = { _ in }) async throws(SweepError) -> SweepOutcome {
        let started = Date()
        let existing = try directory.readManifest()
        if let existing, let difference = plan.manifest.difference(from: existing, ignoringShard: false) {
            throw SweepError(.outputConflict, "\(directory.url.path) holds another sweep (this one vs the folder's: \(difference)); use another --out, or delete the folder to start over")
        }
        let preparation = SweepPreparation(plan: plan)
        try preparation.checkAllCells()
        let shardCells = plan.shardCells
        let pending = existing == nil ? shardCells : shardCells.filter { !directory.hasCell($0.id) }
        let runners = try await preparation.runners(for: pending, parallelism: jobs)
        // Only now, with every cell checked, does the folder appear.
        try directory.create(manifest: plan.manifest)
        if !pending.isEmpty { directory.removeSummary() }

        let collector = SweepCollector(runners: runners, seeds: plan.specification.seeds, directory: directory,
                                       cellsDone: shardCells.count - pending.count, cellsTotal: shardCells.count, started: Date())
        progress(await collector.progress)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<min(jobs, max(1, runners.count * plan.specification.seeds)) {
                    group.addTask {
                        while !Task.isCancelled, let item = await collector.next() {
                            let record = runners[item.cell].run(item.run)
                            progress(try await collector.store(record, cell: item.cell, run: item.run))
                        }
                    }
                }
                try await group.waitForAll()
            }
        } catch let error as SweepError {
            throw error
        } catch {
            throw SweepError(.io, "the sweep stopped: \(error)")
        }

        var results: [SweepCellResult] = []
        for cell in shardCells {
            guard let result = directory.readCell(cell.id) else {
                throw SweepError(.io, "\(directory.cellURL(cell.id).path) is missing or unreadable after the run; run the sweep again to redo \(cell.name)")
            }
            results.append(result)
        }
        let summary = SweepSummary(manifest: plan.manifest, cells: results)
        try directory.writeSummary(summary)
        return SweepOutcome(summary: summary, cellsRun: pending.count, cellsResumed: shardCells.count - pending.count,
                            runs: pending.count * plan.specification.seeds, wallSeconds: Date().timeIntervalSince(started))
    }
}
