internal import Graders

/// Everything the provider keeps about one job; the client's view at any time is computed from it.
struct JobRecord: Sendable {
    let id: String
    let ownerKey: String
    let organizationID: String
    let createdAt: Double
    let request: JobRequest
    let seed: Int
    /// The catalogue id of the base model (`o4-mini-2025-04-16`), also for jobs tuning a tuned model.
    let baseModel: String
    /// `ft:{base}:{org}:{suffix}:{8 chars}`, assigned at creation, revealed at success.
    let fineTunedModel: String
    let resultFileID: String
    let evalID: String?
    let sharedWithOpenAI: Bool
    /// The training file's name and line count, for events and the validation time.
    let validationSeconds: Double
    let queueSeconds: Double
    /// What `validating_files` ends with when the files are bad (or the outcome says so).
    let validationFailure: JobObject.Failure?
    /// The simulated training (nil when validation fails).
    let plan: JobPlan?
    private(set) var outcome: JobOutcome
    private(set) var actions: [JobTimeline.Action] = []
    /// Derived from the above; rebuilt when an action or outcome changes.
    private(set) var timeline: JobTimeline {
        didSet { revision += 1 }
    }
    /// How many times the timeline has been rebuilt: part of ``JobViewKey``, so a cached view
    /// never outlives a pause, resume, cancel or outcome change.
    private(set) var revision = 0
    /// θ saved by pauses, by clock time of the pause.
    var pauseSnapshots: [Double: (step: Int, parameters: [Double])] = [:]

    init(id: String, ownerKey: String, organizationID: String, createdAt: Double, request: JobRequest, seed: Int,
         baseModel: String, fineTunedModel: String, resultFileID: String, evalID: String?, sharedWithOpenAI: Bool,
         validationSeconds: Double, queueSeconds: Double, validationFailure: JobObject.Failure?, plan: JobPlan?,
         outcome: JobOutcome) {
        self.id = id
        self.ownerKey = ownerKey
        self.organizationID = organizationID
        self.createdAt = createdAt
        self.request = request
        self.seed = seed
        self.baseModel = baseModel
        self.fineTunedModel = fineTunedModel
        self.resultFileID = resultFileID
        self.evalID = evalID
        self.sharedWithOpenAI = sharedWithOpenAI
        self.validationSeconds = validationSeconds
        self.queueSeconds = queueSeconds
        self.validationFailure = validationFailure
        self.plan = plan
        self.outcome = outcome
        timeline = Self.timeline(createdAt: createdAt, validationSeconds: validationSeconds, queueSeconds: queueSeconds,
                                 plan: plan, validationFailure: validationFailure, outcome: outcome, actions: [])
    }

    private static func timeline(createdAt: Double, validationSeconds: Double, queueSeconds: Double, plan: JobPlan?,
                                 validationFailure: JobObject.Failure?, outcome: JobOutcome,
                                 actions: [JobTimeline.Action]) -> JobTimeline {
        // A requested validation failure wins over a plan; real file problems win over both.
        let failure = validationFailure ?? (outcome.failValidation ? outcome.failure(param: "training_file") : nil)
        return JobTimeline(createdAt: createdAt, validationSeconds: outcome.validationSeconds ?? validationSeconds,
                           queueSeconds: outcome.queueSeconds ?? queueSeconds, plan: plan,
                           validationFailure: failure, outcome: outcome, actions: actions)
    }

    private func makeTimeline(outcome: JobOutcome, actions: [JobTimeline.Action]) -> JobTimeline {
        Self.timeline(createdAt: createdAt, validationSeconds: validationSeconds, queueSeconds: queueSeconds, plan: plan,
                      validationFailure: validationFailure, outcome: outcome, actions: actions)
    }

    /// Takes a client's control action at `time` (see ``JobTimeline/apply(_:at:)``); a pause
    /// keeps the parameters of the last completed step, which the paused checkpoint serves.
    mutating func apply(_ action: JobAction, at time: Double) throws(JobTransitionError) {
        var next = timeline
        try next.apply(action, at: time)
        if action == .pause, let plan {
            let step = plan.stepsCompleted(at: timeline.tau(at: time))
            pauseSnapshots[time] = (step, plan.parametersAtStep(step))
        }
        actions.append(.init(kind: action, time: time))
        timeline = next
    }

    /// Replaces the outcome, refusing changes that would rewrite what a client may already have seen.
    ///
    /// - Throws: ``JobTransitionError`` for a step past the plan's last, or a change to what the
    ///   job has already done at `time` (its phase and progress).
    mutating func setOutcome(_ outcome: JobOutcome, at time: Double) throws(JobTransitionError) {
        if let step = outcome.failAtStep, let plan, step > plan.totalSteps {
            throw JobTransitionError(.stepOutOfRange(step: step, lastStep: plan.totalSteps))
        }
        let candidate = makeTimeline(outcome: outcome, actions: actions)
        // The past must not change: the phase and progress at `time` stay as they were.
        guard candidate.phase(at: time) == timeline.phase(at: time), candidate.tau(at: time) == timeline.tau(at: time) else {
            throw JobTransitionError(.outcomeInPast(status: timeline.phase(at: time).status))
        }
        if outcome.failValidation, timeline.phase(at: time) != .validating {
            throw JobTransitionError(.validationOver)
        }
        self.outcome = outcome
        timeline = candidate
    }
}
