/// The evals (`/v1/evals`) and their runs, in creation order.
///
/// Evals that RFT jobs create are not here: they are derived from their job (`JobEval`), as
/// results files are. The store checks nothing: `Provider` checks requests before storing, so
/// nothing is half-created.
struct EvalStore: Sendable {
    private var evals: [String: EvalRecord] = [:]
    private var evalOrder: [String] = []
    private var runs: [String: EvalRunRecord] = [:]
    /// Run ids per eval, in creation order.
    private var runOrder: [String: [String]] = [:]

    /// The eval `id`, if it exists.
    subscript(eval id: String) -> EvalRecord? { evals[id] }

    /// The run `id` of eval `evalID`, if both exist.
    func run(_ id: String, of evalID: String) -> EvalRunRecord? {
        guard let run = runs[id], run.evalID == evalID else { return nil }
        return run
    }

    /// Every eval, oldest first.
    var allEvals: [EvalRecord] { evalOrder.compactMap { evals[$0] } }

    /// The runs of eval `id`, oldest first.
    func runs(of id: String) -> [EvalRunRecord] { (runOrder[id] ?? []).compactMap { runs[$0] } }

    /// Adds an eval.
    mutating func add(_ eval: EvalRecord) {
        evals[eval.id] = eval
        evalOrder.append(eval.id)
    }

    /// Replaces an eval (its name or metadata changed).
    mutating func update(_ eval: EvalRecord) {
        precondition(evals[eval.id] != nil, "update(_:) replaces an eval added before")
        evals[eval.id] = eval
    }

    /// Removes eval `id` and its runs.
    mutating func removeEval(_ id: String) {
        evals[id] = nil
        evalOrder.removeAll { $0 == id }
        for run in runOrder[id] ?? [] { runs[run] = nil }
        runOrder[id] = nil
    }

    /// Adds a run to its eval.
    mutating func add(_ run: EvalRunRecord) {
        runs[run.id] = run
        runOrder[run.evalID, default: []].append(run.id)
    }

    /// Records that run `id` was cancelled at `time`.
    mutating func cancelRun(_ id: String, at time: Double) {
        runs[id]?.canceledAt = time
    }

    /// Removes run `id`.
    mutating func removeRun(_ id: String) {
        guard let run = runs.removeValue(forKey: id) else { return }
        runOrder[run.evalID]?.removeAll { $0 == id }
    }
}
