internal import Graders
internal import Simulator

/// A job's whole simulated training, in *training seconds* τ (time spent in the core loop,
/// excluding validation of files, queueing and pauses): what each step reports and when it ends.
///
/// The provider computes a plan once, when the job is created, and reveals it along the clock
/// (``JobTimeline``).
struct JobPlan: Sendable {
    /// A checkpoint the plan can produce, with the θ it saves.
    struct Checkpoint: Sendable {
        var step: Int
        var metrics: [String: Double]
        /// The score checkpoints are ranked by (RFT: `valid_reward_mean`), `nil` when the
        /// method keeps the last ones instead (SFT keeps the last three epochs).
        var rank: Double?
        var parameters: [Double]
    }

    var method: FineTuningMethod
    var resolved: ResolvedHyperparameters
    /// τ at the end of step k is `stepEnds[k - 1]`.
    var stepEnds: [Double]
    /// Candidate checkpoints, by step.
    var checkpoints: [Checkpoint]
    /// θ after the last step.
    var finalParameters: [Double]
    /// θ before the first step.
    var initialParameters: [Double]
    /// SFT: billable tokens after each step (cumulative); RFT: empty.
    var cumulativeTrainedTokens: [Int]
    /// RFT: model-grader tokens after each step (cumulative), by grader model.
    var cumulativeGraderTokens: [[String: TokenUsage]]
    /// The size of the results CSV, in bytes (its text is part of the detail).
    var resultsByteCount: Int
    /// The answer space (shared).
    var responses: SharedResponseModel
    /// Recomputes θ after any step (RFT re-runs the trainer; SFT takes the last epoch's θ).
    var parametersAtStep: @Sendable (Int) -> [Double]
    /// Recomputes what the plan does not keep: the events' data and the results CSV (replaying
    /// the same seeded training), so that 10,000 finished jobs hold only their trajectory.
    var detail: @Sendable () -> JobPlanDetail

    var totalSteps: Int { stepEnds.count }
    var totalTrainingSeconds: Double { stepEnds.last ?? 0 }

    /// Steps completed after τ seconds of training.
    func stepsCompleted(at tau: Double) -> Int {
        // Binary search: the number of step ends ≤ τ.
        var low = 0, high = stepEnds.count
        while low < high {
            let mid = (low + high) / 2
            if stepEnds[mid] <= tau { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// τ at the end of `step` (0 for step 0).
    func trainingSeconds(atStep step: Int) -> Double {
        step <= 0 ? 0 : stepEnds[min(step, stepEnds.count) - 1]
    }

}

/// The bulky part of a plan, recomputed on demand (see ``JobPlan/detail``).
struct JobPlanDetail: Sendable {
    /// Each step's metrics event: message and data.
    var stepEvents: [(message: String, data: EventData)]
    /// The trainer's metrics of each step (RFT; empty for SFT).
    var stepMetrics: [StepMetrics] = []
    /// The results CSV's header and one row per step.
    var resultsHeader: String
    var resultsRows: [String]
    /// RFT: at each validation step, how many times each candidate of the validation items was
    /// drawn (flat over the validation table, summing to items × `eval_samples`): the samples
    /// the job's eval runs show.
    var validationDraws: [Int: [Int]] = [:]

    /// The results CSV through `step`.
    func resultsCSV(throughStep step: Int) -> String {
        ([resultsHeader] + resultsRows.prefix(step)).joined(separator: "\n") + "\n"
    }
}
