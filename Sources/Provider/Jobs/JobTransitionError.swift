/// Why the job lifecycle refused a move.
///
/// `Provider` turns it into the platform's error (``ProviderError``) at its edge, where the
/// job's id is known.
struct JobTransitionError: Error, Sendable, Hashable {
    enum Reason: Sendable, Hashable {
        /// ``JobStatus/after(_:)`` has no move for `action` from `status`.
        case notAllowed(JobAction, from: JobStatus)
        /// A pause before the first training step ended: there is no checkpoint to keep.
        case noCompletedStep
        /// The outcome would change the phase or progress at the current time.
        case outcomeInPast(status: JobStatus)
        /// `fail_validation` after validation has ended.
        case validationOver
        /// `fail_at_step` beyond the plan's last step.
        case stepOutOfRange(step: Int, lastStep: Int)
    }

    var reason: Reason

    init(_ reason: Reason) {
        self.reason = reason
    }
}

extension ProviderError {
    /// The platform's error for a refused move of job `jobID`.
    init(_ error: JobTransitionError, jobID id: String) {
        let param = "fine_tuning_job_id"
        switch error.reason {
        case .notAllowed(.cancel, let status):
            let state = status == .succeeded ? "completed" : status.rawValue
            self = .invalid("Job \(id) has already \(state) and cannot be cancelled.", param: param, platformCode: "invalid_job_state")
        case .notAllowed(.pause, let status):
            self = .invalid("Job \(id) is \(status.rawValue); only a running job can be paused.", param: param, platformCode: "invalid_job_state")
        case .notAllowed(.resume, let status):
            self = .invalid("Job \(id) is \(status.rawValue); only a paused job can be resumed.", param: param, platformCode: "invalid_job_state")
        case .noCompletedStep:
            self = .invalid("Job \(id) has not completed a training step yet; pause it after its first step.", param: param,
                            platformCode: "invalid_job_state")
        case .outcomeInPast(let status):
            self = ProviderError(.conflict, message: "Job \(id) is already past the point this outcome changes (status \(status.rawValue) at the current clock); set outcomes before they happen, e.g. at creation with rftsim.* metadata.", platformCode: "outcome_in_past")
        case .validationOver:
            self = ProviderError(.conflict, message: "Job \(id) has already left validating_files; fail_validation can no longer apply.",
                                 param: "fail_validation", platformCode: "outcome_in_past")
        case .stepOutOfRange(let step, let lastStep):
            self = .invalid("fail_at_step \(step) is past the job's last step (\(lastStep))", param: "fail_at_step")
        }
    }
}
