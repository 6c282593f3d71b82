internal import Foundation
internal import Graders

/// How many job simulations run at once: all but one of the cooperative pool's threads (at least
/// one), so simulations, which are CPU-bound, never hold every thread the server answers on.
///
/// Only the training simulation takes a slot, not the grading of the answer space: a grader that
/// waits (a sleeping python grader, a slow judge) must not hold up other jobs.
actor PlanningSlots {
    /// The slots of this process.
    static let shared = PlanningSlots(count: max(1, ProcessInfo.processInfo.activeProcessorCount - 1))

    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(count: Int) { free = count }

    /// Waits for a free slot and takes it.
    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Gives a slot back (to the longest waiting simulation, if any).
    func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}

/// A job being planned: the task validating its files and simulating its training.
struct PendingPlan: Sendable {
    /// The provider's ``Provider/generation`` when the job was created.
    let generation: UInt64
    let task: Task<JobPlanning.Result, Never>
}

extension Provider {
    /// Starts planning a job just inserted as provisional: the work runs in a detached task (off
    /// the actor, so other requests go on), and its result is stored when it finishes, or earlier
    /// by the first read that needs it (``settledRecord(id:)``).
    func startPlanning(_ input: JobPlanning.Input) {
        let id = input.provisional.id
        let task = Task.detached(priority: .utility) { await JobPlanning.run(input) }
        let pending = PendingPlan(generation: generation, task: task)
        pendingPlans[id] = pending
        // The budget: past it the planning is cancelled and the job fails saying so.
        let budget = input.budget, seconds = configuration.planningBudgetSeconds
        let timer = Task.detached {
            try await Task.sleep(for: .seconds(seconds))
            budget.markExceeded()
            task.cancel()
        }
        Task { [weak self] in
            let result = await task.value
            timer.cancel()
            await self?.install(result, pending: pending)
        }
    }

    /// Stores a finished plan unless a reset came in between (its generation is then stale and
    /// the job no longer exists), or it was stored already.
    private func install(_ result: JobPlanning.Result, pending: PendingPlan) {
        let id = result.record.id
        guard pending.generation == generation, let current = pendingPlans[id], current.generation == pending.generation else { return }
        pendingPlans[id] = nil
        stores.jobs[id] = result.record
        if let built = result.newResponseModel, stores.jobs.responseModels[built.key] == nil {
            stores.jobs.responseModels[built.key] = built.model
        }
        if case .instant = clock.mode {
            let end = result.record.timeline.lastScheduledTime
            if end > now { clock.advance(by: end - now, realTime: configuration.realTime()) }
        }
    }

    /// Waits until job `id` is planned (if it is being planned) and stores the plan.
    ///
    /// Only this job's planning is awaited; the actor serves other requests meanwhile.
    func settle(jobID id: String) async {
        while let pending = pendingPlans[id], pending.generation == generation {
            let result = await pending.task.value
            install(result, pending: pending)
        }
    }

    /// Waits for the planning of every job `caller` can see (every job when `caller` is nil).
    func settleJobs(visibleTo caller: Caller?) async {
        let ids = pendingPlans.keys.sorted()
        for id in ids {
            guard let record = stores.jobs[id], caller.map({ isVisible(ownerKey: record.ownerKey, to: $0) }) ?? true else { continue }
            await settle(jobID: id)
        }
    }

    /// The job `id` as `caller` sees it, planned.
    ///
    /// - Throws: 404 for a job that does not exist or `caller` cannot see.
    func settledRecord(id: String, as caller: Caller? = nil) async throws(ProviderError) -> JobRecord {
        await settle(jobID: id)
        guard let record = stores.jobs[id], caller.map({ isVisible(ownerKey: record.ownerKey, to: $0) }) ?? true else {
            throw ProviderError(.notFound, message: "Could not find fine tune: \(id)", param: "fine_tune_id", platformCode: "fine_tune_not_found")
        }
        return record
    }

    /// Drops the planning begun before a reset: its tasks are cancelled and their results, when
    /// they come, are not stored (their generation is stale).
    func dropPendingPlans() {
        for pending in pendingPlans.values { pending.task.cancel() }
        pendingPlans = [:]
        generation += 1
    }
}

extension Provider {
    /// Stops the work in flight when the server shuts down: planning tasks are cancelled and the
    /// python workers killed, so a request waiting on a grader is answered at once (with the
    /// grader's server error) instead of holding the shutdown for up to the grader's 2 minutes.
    public func shutdown() async {
        for pending in pendingPlans.values { pending.task.cancel() }
        await engine.shutdown()
    }
}
