/// Python grader runners, one per isolation key (an organisation), with a bound on how many
/// workers live at once.
///
/// Each key gets a ``PythonGraderRunner`` of its own, so organisations never share an
/// interpreter: one key's grader cannot patch another's module state, read its sources from the
/// worker's cache, or forge replies to its calls. Within a key the worker is reused (and calls
/// take turns). When a new key needs a runner and ``maximumWorkers`` are alive, the least
/// recently used idle runner is shut down; if every runner is busy, the new key waits for one
/// to become idle.
///
/// ```swift
/// let pool = PythonGraderPool(configuration: .init(), maximumWorkers: 8)
/// let outcome = try await pool.grade(source: source, sampleJSON: sample, itemJSON: item, isolationKey: "org-a")
/// ```
public actor PythonGraderPool {
    /// The configuration of every runner.
    public let configuration: PythonGraderRunner.Configuration
    /// How many runners (each with one worker process) may exist at once; at least 1.
    public let maximumWorkers: Int
    private var entries: [String: Entry] = [:]
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var tick = 0
    private var isShutDown = false

    private struct Entry {
        var runner: PythonGraderRunner
        var callsInProgress = 0
        var lastUse = 0
    }

    /// A pool of runners with `configuration`, at most `maximumWorkers` at once (default 8).
    public init(configuration: PythonGraderRunner.Configuration = .init(), maximumWorkers: Int = 8) {
        self.configuration = configuration
        self.maximumWorkers = max(1, maximumWorkers)
    }

    /// The keys that have a runner now.
    public var isolationKeys: [String] { entries.keys.sorted() }

    /// The runner of `isolationKey`, if it has one now (for inspection; grade through the pool).
    public func runner(for isolationKey: String) -> PythonGraderRunner? { entries[isolationKey]?.runner }

    /// Grades with the runner of `isolationKey`; see ``PythonGraderRunner/grade(source:sampleJSON:itemJSON:)``.
    ///
    /// - Throws: what the runner throws; `shutDown` after ``shutdown()``; `CancellationError`.
    public func grade(source: String, sampleJSON: String, itemJSON: String, isolationKey: String) async throws -> PythonGradeOutcome {
        let runner = try await acquire(isolationKey)
        defer { release(isolationKey) }
        return try await runner.grade(source: source, sampleJSON: sampleJSON, itemJSON: itemJSON)
    }

    /// Shuts every runner down; later calls throw `shutDown`.
    public func shutdown() async {
        isShutDown = true
        let runners = entries.values.map(\.runner)
        entries.removeAll()
        for continuation in waiting { continuation.resume() }
        waiting.removeAll()
        for runner in runners { await runner.shutdown() }
    }

    private func acquire(_ key: String) async throws -> PythonGraderRunner {
        while true {
            guard !isShutDown else { throw PythonGraderRunnerError(.shutDown, "The python grader pool has been shut down.") }
            try Task.checkCancellation()
            tick += 1
            if entries[key] != nil {
                entries[key]!.callsInProgress += 1
                entries[key]!.lastUse = tick
                return entries[key]!.runner
            }
            if entries.count < maximumWorkers {
                let runner = PythonGraderRunner(configuration: configuration)
                entries[key] = Entry(runner: runner, callsInProgress: 1, lastUse: tick)
                return runner
            }
            if let idle = entries.filter({ $0.value.callsInProgress == 0 }).min(by: { $0.value.lastUse < $1.value.lastUse }) {
                entries[idle.key] = nil
                await idle.value.runner.shutdown()
                continue
            }
            await withCheckedContinuation { waiting.append($0) }
        }
    }

    private func release(_ key: String) {
        guard entries[key] != nil else { return }
        entries[key]!.callsInProgress -= 1
        if entries[key]!.callsInProgress == 0 {
            let woken = waiting
            waiting.removeAll()
            for continuation in woken { continuation.resume() }
        }
    }
}
