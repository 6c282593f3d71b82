public import Graders
internal import Foundation
internal import Stochastics

extension PriceSheet {
    /// The charge for training a base model: hours of training time (RFT) or trained tokens (SFT, DPO).
    ///
    /// An hourly price is prorated per second: the amount comes from the exact seconds, the
    /// description shows hours to two decimals (9180 s → `2.55 h`). A per-token price charges
    /// `trainedTokens × price / 1e6` (100,000 tokens × 3 epochs on gpt-4o-mini → $0.90). With
    /// `dataSharing`, a ``DataSharingRule/trainingDiscount(_:)`` for the model applies; the
    /// current rule (``DataSharingRule/inferenceDiscount(_:)``) leaves training at full price.
    ///
    /// - Parameters:
    ///   - model: The base model's snapshot id or a built-in alias (`o4-mini`).
    ///   - method: The job's method; the model's price must cover it.
    ///   - trainingSeconds: Captured core training-loop time; used by hourly prices.
    ///   - trainedTokens: Billable tokens (file tokens × epochs); used by per-token prices.
    ///   - dataSharing: Whether the job was created with data sharing on (`shared_with_openai`).
    /// - Returns: One invoice line.
    /// - Throws: `PriceSheetError`: `unknownModel` (listing the priced models), `notPriced` when the
    ///   price does not cover `method`, `invalidQuantity` for a negative or non-finite quantity.
    public func trainingCharge(
        model: String, method: FineTuningMethod, trainingSeconds: Double, trainedTokens: Int, dataSharing: Bool
    ) throws(PriceSheetError) -> Charge {
        let id = try resolve(model, in: trainingPrices, table: "training")
        let price = trainingPrices[id]!
        guard price.methods.contains(method) else {
            let covered = price.methods.map(\.rawValue).joined(separator: ", ")
            throw chargeError(
                .notPriced, path: "method",
                "\(id) is priced per \(price.unit.invoiceName) for \(covered) training; there is no price for \(method.rawValue) training of it")
        }
        let discount = dataSharing && dataSharingModels.contains(id) ? dataSharingRule.trainingFraction : 0
        let label = method == .reinforcement ? "RFT" : method == .dpo ? "DPO" : "SFT"
        switch price.unit {
        case .hour:
            guard trainingSeconds.isFinite, trainingSeconds >= 0 else {
                throw chargeError(.invalidQuantity, path: "trainingSeconds", "must be a finite number of seconds ≥ 0, not \(trainingSeconds)")
            }
            let hours = Money.decimal(trainingSeconds) / 3600
            return Charge(
                description: "\(label) training, \(id): \(Money.fixed(hours, places: 2)) h × \(Money.dollars(price.price))/h"
                    + discountNote(discount),
                quantity: trainingSeconds / 3600, unit: price.unit.invoiceName, unitPrice: price.price, discount: discount,
                exactCost: Money.decimal(trainingSeconds) * Money.decimal(price.price) / 3600
            )
        case .millionTrainingTokens:
            guard trainedTokens >= 0 else {
                throw chargeError(.invalidQuantity, path: "trainedTokens", "must be ≥ 0, not \(trainedTokens)")
            }
            return Charge(
                description: "\(label) training, \(id): \(NumberText.grouped(trainedTokens)) tokens × \(Money.dollars(price.price))/1M"
                    + discountNote(discount),
                quantity: Double(trainedTokens) / 1e6, unit: price.unit.invoiceName, unitPrice: price.price, discount: discount,
                exactCost: Decimal(trainedTokens) * Money.decimal(price.price) / 1_000_000
            )
        }
    }

    /// The charge for a grader model's tokens, at that model's standard rates, as one line.
    ///
    /// `usage.promptTokens` includes the cached tokens: `promptTokens − cachedTokens` are charged
    /// at the input rate and `cachedTokens` at the cached rate; completion tokens at the output
    /// rate. The line's unit is `1M tokens` (prompt + completion) and its unit price the average;
    /// the description itemises the rates. ``graderTokenCharges(model:usage:)`` gives one line per rate.
    ///
    /// - Throws: `PriceSheetError`: `unknownModel` (listing the priced grader models), `invalidQuantity`.
    public func graderTokenCharge(model: String, usage: TokenUsage) throws(PriceSheetError) -> Charge {
        let id = try resolve(model, in: graderTokenPrices, table: "grader token")
        return try tokenCharge(label: "Grader model \(id)", prices: graderTokenPrices[id]!, usage: usage, discount: 0)
    }

    /// The grader model's tokens as up to three lines (input, cached input, output), omitting empty ones.
    public func graderTokenCharges(model: String, usage: TokenUsage) throws(PriceSheetError) -> [Charge] {
        let id = try resolve(model, in: graderTokenPrices, table: "grader token")
        return try tokenLines(label: "Grader model \(id)", prices: graderTokenPrices[id]!, usage: usage, discount: 0)
    }

    /// The charge for sampling a model fine-tuned from `baseModel`, as one line.
    ///
    /// Token accounting as ``graderTokenCharge(model:usage:)``. With `dataSharing`, an
    /// ``DataSharingRule/inferenceDiscount(_:)`` for the base model applies (`current-2026`: o4-mini
    /// FT inference at half price); the launch rule leaves inference at full price.
    ///
    /// - Parameters:
    ///   - baseModel: The snapshot id (or built-in alias) the model was tuned from.
    ///   - usage: The tokens of the request(s).
    ///   - dataSharing: Whether the tuning job was created with data sharing on.
    /// - Throws: `PriceSheetError`: `unknownModel` (listing the priced base models), `invalidQuantity`.
    public func inferenceCharge(baseModel: String, usage: TokenUsage, dataSharing: Bool) throws(PriceSheetError) -> Charge {
        let id = try resolve(baseModel, in: inferencePrices, table: "fine-tuned inference")
        return try tokenCharge(label: "Fine-tuned \(id) inference", prices: inferencePrices[id]!, usage: usage,
                               discount: inferenceDiscount(id, dataSharing))
    }

    /// The charge for a base model's chat completions and responses, as one line, at the
    /// standard list price (`base_inference`); data sharing does not discount it.
    ///
    /// - Throws: `PriceSheetError`: `unknownModel` (listing the priced base models), `invalidQuantity`.
    public func baseInferenceCharge(model: String, usage: TokenUsage) throws(PriceSheetError) -> Charge {
        let id = try resolve(model, in: baseInferencePrices, table: "base-model inference")
        return try tokenCharge(label: "\(id) inference", prices: baseInferencePrices[id]!, usage: usage, discount: 0)
    }

    /// Fine-tuned-model inference as up to three lines (input, cached input, output), omitting empty ones.
    public func inferenceCharges(baseModel: String, usage: TokenUsage, dataSharing: Bool) throws(PriceSheetError) -> [Charge] {
        let id = try resolve(baseModel, in: inferencePrices, table: "fine-tuned inference")
        return try tokenLines(label: "Fine-tuned \(id) inference", prices: inferencePrices[id]!, usage: usage,
                              discount: inferenceDiscount(id, dataSharing))
    }

    /// The fraction data sharing takes off the inference of a model tuned from `baseModel`: the
    /// sheet's ``DataSharingRule`` for the model as the sheet names it (an alias resolves to its
    /// snapshot, as ``inferenceCharge(baseModel:usage:dataSharing:)`` resolves it).
    ///
    /// - Returns: 0 without sharing, under a rule that discounts training, or for a model the
    ///   sheet does not list.
    public func inferenceDiscount(baseModel: String, dataSharing: Bool) -> Double {
        let id = (try? resolve(baseModel, in: inferencePrices, table: "fine-tuned inference")) ?? baseModel
        return inferenceDiscount(id, dataSharing)
    }

    private func inferenceDiscount(_ id: String, _ dataSharing: Bool) -> Double {
        dataSharing && dataSharingModels.contains(id) ? dataSharingRule.inferenceFraction : 0
    }
}
