/// A job's life on the clock: which phase starts when.
///
/// The phases follow from the job's plan, outcome and the control actions (pause, resume,
/// cancel) taken so far. The one home of the lifecycle: the clock's moves
/// are laid out here, and a client's moves go through ``apply(_:at:)``, which checks them against
/// ``JobStatus/after(_:)``.
///
/// Built by replaying the actions in order over the schedule the plan implies, so what a client
/// sees at time t depends only on (job, t, actions): advancing the clock in one jump or in many
/// small steps reads the same segments. Training progress is measured in τ, seconds of core
/// training; a `running` segment advances τ at the clock's rate from its `tauStart`.
struct JobTimeline: Sendable {
    enum Phase: Sendable, Equatable {
        case validating
        case queued
        case running(tauStart: Double)
        case paused(tau: Double)
        case succeeded
        case failed(JobObject.Failure, tau: Double)
        case cancelled(tau: Double)

        var status: JobStatus {
            switch self {
            case .validating: .validatingFiles
            case .queued: .queued
            case .running: .running
            case .paused: .paused
            case .succeeded: .succeeded
            case .failed: .failed
            case .cancelled: .cancelled
            }
        }
    }

    /// A control action taken at a clock time.
    struct Action: Sendable, Equatable {
        var kind: JobAction
        var time: Double
    }

    /// Phases in time order; each lasts until the next one starts.
    private(set) var segments: [(start: Double, phase: Phase)] = []
    /// τ at the end of training (0 when validation fails).
    let totalTau: Double
    /// τ at which the outcome fails the job, if it does.
    let failureTau: Double?
    let failure: JobObject.Failure?
    let queueSeconds: Double
    /// τ at the end of the first training step (`nil` without a plan or steps): a pause needs it.
    let firstStepTau: Double?

    /// Lays out the schedule, then replays `actions`.
    ///
    /// `validationFailure` is the error `validating_files` ends with, or `nil` to go on.
    init(createdAt: Double, validationSeconds: Double, queueSeconds: Double, plan: JobPlan?,
         validationFailure: JobObject.Failure?, outcome: JobOutcome, actions: [Action]) {
        totalTau = plan?.totalTrainingSeconds ?? 0
        self.queueSeconds = queueSeconds
        firstStepTau = plan.flatMap { $0.totalSteps > 0 ? $0.trainingSeconds(atStep: 1) : nil }
        if let plan, let step = outcome.failAtStep, step <= plan.totalSteps {
            // Midway through the failing step: the steps before it complete.
            failureTau = (plan.trainingSeconds(atStep: step - 1) + plan.trainingSeconds(atStep: step)) / 2
            failure = outcome.failure(param: nil)
        } else {
            failureTau = nil
            failure = nil
        }
        segments = [(createdAt, .validating)]
        if let validationFailure {
            segments.append((createdAt + validationSeconds, .failed(validationFailure, tau: 0)))
        } else {
            segments.append((createdAt + validationSeconds, .queued))
            startRunning(at: createdAt + validationSeconds + queueSeconds, from: 0)
        }
        // Actions already taken were checked when they were taken; replaying them re-lays the
        // schedule after each (an outcome change replays them over the new schedule).
        for action in actions { replay(action) }
    }

    /// Takes a client's control action at `time`, if the lifecycle allows it then.
    ///
    /// - Throws: ``JobTransitionError`` when ``JobStatus/after(_:)`` has no move from the status
    ///   at `time`, or for a pause before the first training step ends (no checkpoint to keep).
    mutating func apply(_ action: JobAction, at time: Double) throws(JobTransitionError) {
        let status = phase(at: time).status
        guard status.after(action) != nil else { throw JobTransitionError(.notAllowed(action, from: status)) }
        if action == .pause {
            guard let firstStepTau, tau(at: time) >= firstStepTau else { throw JobTransitionError(.noCompletedStep) }
        }
        replay(Action(kind: action, time: time))
    }

    /// Appends `running` from τ, then its natural end (success or the outcome's failure).
    private mutating func startRunning(at start: Double, from tau: Double) {
        segments.append((start, .running(tauStart: tau)))
        if let failureTau, let failure, failureTau > tau {
            segments.append((start + failureTau - tau, .failed(failure, tau: failureTau)))
        } else {
            segments.append((start + max(0, totalTau - tau), .succeeded))
        }
    }

    private mutating func replay(_ action: Action) {
        let tau = self.tau(at: action.time)
        segments.removeAll { $0.start > action.time }
        switch action.kind {
        case .pause: segments.append((action.time, .paused(tau: tau)))
        case .cancel: segments.append((action.time, .cancelled(tau: tau)))
        case .resume:
            segments.append((action.time, .queued))
            startRunning(at: action.time + queueSeconds, from: tau)
        }
    }

    /// The index of the segment in force at `time` (the last starting at or before it).
    func segmentIndex(at time: Double) -> Int {
        var low = 0, high = segments.count
        while low < high {
            let mid = (low + high) / 2
            if segments[mid].start <= time { low = mid + 1 } else { high = mid }
        }
        return max(0, low - 1)
    }

    /// The phase at `time`.
    func phase(at time: Double) -> Phase {
        segments[segmentIndex(at: time)].phase
    }

    /// Training seconds done by `time`.
    func tau(at time: Double) -> Double {
        let index = segmentIndex(at: time)
        switch segments[index].phase {
        case .running(let tauStart): return min(totalTau, tauStart + (time - segments[index].start))
        case .paused(let tau), .cancelled(let tau), .failed(_, let tau): return tau
        case .succeeded: return totalTau
        case .validating, .queued:
            // Before the first run τ is 0; while queued after a resume it is the paused τ.
            for earlier in segments[..<index].reversed() {
                if case .paused(let tau) = earlier.phase { return tau }
            }
            return 0
        }
    }

    /// The clock time at which τ first reaches `target`, if it does in this timeline.
    func time(reachingTau target: Double) -> Double? {
        for (index, segment) in segments.enumerated() {
            guard case .running(let tauStart) = segment.phase else { continue }
            let end = index + 1 < segments.count ? segments[index + 1].start : .infinity
            let reached = segment.start + (target - tauStart)
            if target >= tauStart, reached <= end { return reached }
        }
        return nil
    }

    /// When the job reached a terminal phase, if it has by `time`.
    func finishedAt(by time: Double) -> Double? {
        let segment = segments[segmentIndex(at: time)]
        return segment.phase.status.isTerminal ? segment.start : nil
    }

    /// The end of the current run if it goes on uninterrupted (`estimated_finish`), while running.
    func estimatedFinish(at time: Double) -> Double? {
        let index = segmentIndex(at: time)
        guard case .running = segments[index].phase, index + 1 < segments.count else { return nil }
        return segments[index + 1].start
    }

    /// The last scheduled time (the end of the job if nothing intervenes).
    var lastScheduledTime: Double { segments.last?.start ?? 0 }
}
