internal import Graders

extension JobRecord {
    /// The billing events issued by `time`, priced with `sheet`.
    ///
    /// Each event bills the τ captured since the previous one: a pause or cancel captures all
    /// training done; success captures the whole run; a failure captures only up to the last
    /// checkpoint (a validation checkpoint or a pause), and the rest is reported as lost. Grader
    /// tokens are billed as used, up to the step reached.
    func billingEvents(at time: Double, sheet: PriceSheet) -> [BillingEvent] {
        guard let plan else { return [] }
        var result: [BillingEvent] = []
        var billedTau = 0.0, billedTokens = 0, billedStep = 0
        for (start, phase) in timeline.segments where start <= time {
            let kind: BillingEvent.Kind, reached: Double
            var captured: Double
            switch phase {
            case .paused(let tau): (kind, reached, captured) = (.pause, tau, tau)
            case .cancelled(let tau): (kind, reached, captured) = (.cancel, tau, tau)
            case .succeeded: (kind, reached, captured) = (.success, plan.totalTrainingSeconds, plan.totalTrainingSeconds)
            case .failed(_, let tau):
                guard tau > 0 else { continue }  // failed validation: nothing ran
                let lastCheckpoint = plan.checkpoints.last { $0.step <= plan.stepsCompleted(at: tau) }.map { plan.trainingSeconds(atStep: $0.step) } ?? 0
                (kind, reached, captured) = (.failure, tau, max(lastCheckpoint, billedTau))
            default: continue
            }
            captured = max(captured, billedTau)
            let seconds = captured - billedTau
            let stepReached = plan.stepsCompleted(at: reached)
            let capturedStep = plan.stepsCompleted(at: captured)
            var tokens: Int?
            if plan.method != .reinforcement {
                let total = capturedStep > 0 ? plan.cumulativeTrainedTokens[capturedStep - 1] : 0
                tokens = max(0, total - billedTokens)
                billedTokens = max(billedTokens, total)
            }
            var graderTokens: [String: TokenUsage] = [:]
            if plan.method == .reinforcement, stepReached > billedStep {
                let now = plan.cumulativeGraderTokens[stepReached - 1]
                let before = billedStep > 0 ? plan.cumulativeGraderTokens[billedStep - 1] : [:]
                for (model, usage) in now {
                    let previous = before[model] ?? TokenUsage()
                    graderTokens[model] = TokenUsage(promptTokens: usage.promptTokens - previous.promptTokens,
                                                     completionTokens: usage.completionTokens - previous.completionTokens,
                                                     cachedTokens: usage.cachedTokens - previous.cachedTokens)
                }
                billedStep = stepReached
            }
            var charges: [Charge] = [], trainingAmount = 0.0, graderAmounts: [Double] = []
            if let charge = try? sheet.trainingCharge(model: baseModel, method: plan.method, trainingSeconds: seconds,
                                                       trainedTokens: tokens ?? 0, dataSharing: sharedWithOpenAI) {
                charges.append(charge)
                trainingAmount = charge.amount
            }
            for model in graderTokens.keys.sorted() {
                if let charge = try? sheet.graderTokenCharge(model: model, usage: graderTokens[model]!) {
                    charges.append(charge)
                    graderAmounts.append(charge.amount)
                }
            }
            result.append(BillingEvent(
                jobID: id, time: Int(start), kind: kind, trainingSeconds: seconds, lostSeconds: max(0, reached - captured),
                trainedTokens: tokens, graderTokens: graderTokens, charges: charges, trainingAmount: trainingAmount,
                graderAmount: Money.sum(graderAmounts), amount: Money.sum(charges.map(\.amount)),
                undiscountedAmount: Money.sum(charges.map(\.undiscountedAmount))))
            billedTau = captured
        }
        return result
    }
}
