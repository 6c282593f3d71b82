internal import Graders
internal import Provider
internal import Simulator

/// The model-grader tokens of a run so far, by grader model, and what they cost at a price
/// sheet: as `rftsim run` bills them (training and validation calls, standard token rates).
struct GraderTokenMeter: Sendable {
    /// Tokens so far, by grader model.
    private(set) var usage: [String: TokenUsage] = [:]

    /// Adds one step's tokens, from its metrics event.
    mutating func add(_ event: RFTMetricsEventData) {
        for (model, step) in event.modelGradersTokenUsage {
            usage[model, default: TokenUsage()] = usage[model, default: TokenUsage()] + TokenUsage(
                promptTokens: step.trainPromptTokens + step.evalPromptTokens,
                completionTokens: step.trainCompletionTokens + step.evalCompletionTokens,
                cachedTokens: step.trainCachedTokens + step.evalCachedTokens)
        }
    }

    /// USD of the tokens so far, models in name order (a model the sheet does not price adds 0).
    func cost(at priceSheet: PriceSheet) -> Double {
        usage.keys.sorted().reduce(0.0) { total, model in
            total + ((try? priceSheet.graderTokenCharge(model: model, usage: usage[model]!))?.amount ?? 0)
        }
    }
}
