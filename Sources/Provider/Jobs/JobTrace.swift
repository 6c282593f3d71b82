public import Graders
public import Simulator

/// A job's whole simulated training, step by step, for tools that study it (`rftsim run`'s
/// report): more than the API shows (the trainer's entropy, KL, reward spread, gold reward) and
/// regardless of the clock.
public struct JobTrace: Sendable {
    /// One training step.
    public struct Step: Sendable {
        public var step: Int
        /// Training seconds at the end of the step.
        public var endTrainingSeconds: Double
        /// The trainer's metrics (reinforcement jobs).
        public var metrics: StepMetrics?
        /// The RFT metrics event's `data` (reinforcement jobs).
        public var reinforcement: RFTMetricsEventData?
        /// The SFT metrics (supervised and DPO jobs).
        public var supervised: SupervisedStepMetrics?
        /// The exact pass@k on the validation items after this step, one per ``JobTrace/passAtKValues``
        /// entry (reinforcement jobs, at validation steps).
        public var validPassAtK: [Double]?
        /// Model-grader tokens used through this step, by grader model.
        public var cumulativeGraderTokens: [String: TokenUsage]
        /// Training tokens billed through this step (supervised and DPO jobs).
        public var cumulativeTrainedTokens: Int?
    }

    public var method: FineTuningMethod
    /// The hyperparameters the job ran with.
    public var resolved: ResolvedHyperparameters
    /// The names of the reported graders (a multi grader's keys, or the grader's name).
    public var graderNames: [String]
    public var steps: [Step]
    /// The expected reward of the validation items under the base and the tuned policy
    /// (exact, no sampling), and the gold grader's, when there is one.
    public var initialValidReward: Double?, finalValidReward: Double?
    public var initialGoldReward: Double?, finalGoldReward: Double?
    /// The best validation reward the base model can reach: the mean over validation items of
    /// the highest reward among the answers it gives with probability ≥ 10⁻⁶ (RFT sharpens
    /// toward these; it does not make new answers reachable).
    public var validReachableCeiling: Double?
    /// The k of every pass@k in the trace.
    public var passAtKValues: [Int] = []
    /// The base model's exact pass@k on the validation items (θ at step 0), per ``passAtKValues``.
    public var initialPassAtK: [Double]?
    /// The tuned model's (θ after the last step).
    public var finalPassAtK: [Double]?

    /// The k values traced unless asked otherwise: 1, 8, 64, 256.
    public static let defaultPassAtKValues = [1, 8, 64, 256]
}

extension Provider {
    /// The simulated trajectory of a job whose files passed validation.
    ///
    /// - Parameters:
    ///   - id: the job's id.
    ///   - passAtK: the k of the exact pass@k on the validation items, each ≥ 1.
    ///   - caller: who asks (the job must be visible to them).
    /// - Returns: the job's steps with the trainer's metrics, the base and tuned rewards and pass@k.
    /// - Throws: 404 for an unknown job; 409 when validation failed (nothing was simulated).
    public func jobTrace(id: String, passAtK: [Int] = JobTrace.defaultPassAtKValues, as caller: Caller) async throws(ProviderError) -> JobTrace {
        let record = try await settledRecord(id: id, as: caller)
        guard let plan = record.plan, let detail = stores.jobs.planDetail(of: record) else {
            throw ProviderError(.conflict, message: "Job \(id) has no simulated training: its files failed validation.", param: "fine_tuning_job_id", platformCode: "invalid_job_state")
        }
        var steps: [JobTrace.Step] = []
        for index in 0..<plan.totalSteps {
            var reinforcement: RFTMetricsEventData?, supervised: SupervisedStepMetrics?
            switch detail.stepEvents[index].data {
            case .reinforcement(let data): reinforcement = data
            case .supervised(let data): supervised = data
            default: break
            }
            steps.append(JobTrace.Step(
                step: index + 1, endTrainingSeconds: plan.stepEnds[index],
                metrics: index < detail.stepMetrics.count ? detail.stepMetrics[index] : nil,
                reinforcement: reinforcement, supervised: supervised,
                cumulativeGraderTokens: index < plan.cumulativeGraderTokens.count ? plan.cumulativeGraderTokens[index] : [:],
                cumulativeTrainedTokens: index < plan.cumulativeTrainedTokens.count ? plan.cumulativeTrainedTokens[index] : nil))
        }
        let names: [String]
        if plan.method == .reinforcement {
            names = RFTGraderDescriptor.all(for: plan.responses.grader).map(\.name)
        } else {
            names = [plan.responses.grader.name]
        }
        var trace = JobTrace(method: plan.method, resolved: plan.resolved, graderNames: names, steps: steps)
        if let validation = plan.responses.validation {
            let before = try? Policy(table: validation.table, parameters: plan.initialParameters)
            let after = try? Policy(table: validation.table, parameters: plan.finalParameters)
            trace.initialValidReward = before?.expectedReward()
            trace.finalValidReward = after?.expectedReward()
            trace.initialGoldReward = before?.expectedGoldReward()
            trace.finalGoldReward = after?.expectedGoldReward()
            trace.validReachableCeiling = before?.reachableRewardCeiling()
            let ks = passAtK.filter { $0 >= 1 }
            if plan.method == .reinforcement, !ks.isEmpty {
                trace.passAtKValues = ks
                trace.initialPassAtK = before?.passAtK(ks)
                trace.finalPassAtK = after?.passAtK(ks)
                for checkpoint in plan.checkpoints where (1...trace.steps.count).contains(checkpoint.step) {
                    trace.steps[checkpoint.step - 1].validPassAtK = (try? Policy(table: validation.table, parameters: checkpoint.parameters))?.passAtK(ks)
                }
            }
        }
        return trace
    }
}
