public import Graders
public import Provider
public import Simulator

extension CostWorkload {
    /// What a job billed, as a workload: a finished run's (or a sweep cell's mean) training seconds,
    /// trained tokens and grader tokens, to price under every sheet with
    /// ``CostEstimate/init(model:workload:priceSheets:dataSharing:catalogue:)`` and
    /// ``CostEstimate/priceInference(_:priceSheets:)``, as `rftsim cost` prices an estimate.
    ///
    /// - Parameters:
    ///   - method: The job's method.
    ///   - hyperparameters: The job's resolved hyperparameters.
    ///   - trainingSeconds: The billed core-training-loop seconds (reinforcement).
    ///   - trainedTokens: The billed trained tokens (supervised and DPO).
    ///   - grader: The reinforcement grader, to name the graders behind each model's tokens.
    ///   - graderTokens: The billed grader tokens by grader model.
    public init(billed method: FineTuningMethod, hyperparameters: ResolvedHyperparameters, trainingSeconds: Double, trainedTokens: Int,
                grader: Grader?, graderTokens: [String: TokenUsage]) {
        self.method = method
        self.hyperparameters = hyperparameters
        self.trainingSeconds = method == .reinforcement ? trainingSeconds : 0
        self.trainedTokens = method == .reinforcement ? 0 : trainedTokens
        trainingFileTokens = method == .reinforcement ? 0 : trainedTokens / max(1, hyperparameters.nEpochs)
        stepTiming = nil
        let validations: Int
        if let reinforcement = hyperparameters.reinforcement, hyperparameters.validationExamples > 0 {
            let steps = hyperparameters.steps, interval = reinforcement.evalInterval
            validations = steps / interval + (steps % interval == 0 ? 0 : 1)
        } else {
            validations = 0
        }
        self.validations = validations
        if let grader, method == .reinforcement {
            graderCalls = Self.graderCalls(grader, resolved: hyperparameters, validations: validations,
                                           validationItems: hyperparameters.validationExamples, billed: graderTokens)
        } else {
            graderCalls = []
        }
    }
}
