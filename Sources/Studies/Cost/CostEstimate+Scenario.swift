internal import Foundation
public import Provider

extension CostEstimate {
    /// A price sheet and a data-sharing setting: the pricing a scenario asks for.
    public struct Pricing: Sendable, Hashable {
        /// The price sheet's name.
        public var sheet: String
        /// Whether the organisation shares its data.
        public var dataSharing: Bool

        /// Creates a pricing.
        public init(sheet: String, dataSharing: Bool) {
            self.sheet = sheet
            self.dataSharing = dataSharing
        }
    }

    /// Estimates the job a scenario describes (docs/SCENARIOS.md), checking its files first.
    ///
    /// Every sheet in `priceSheets` is priced with and without sharing, so the scenario's own
    /// choice (`pricing.sheet`, `pricing.data_sharing`, kept in ``scenarioPricing``) can be
    /// compared with the others.
    ///
    /// - Parameters:
    ///   - scenario: A loaded job scenario (``JobScenario/load(path:overrides:)``).
    ///   - priceSheets: The sheets to price with (default: every bundled sheet).
    ///   - dataSharing: The data-sharing settings to price (default: off, then on).
    ///   - assumptions: The timing and grader-token constants.
    /// - Throws: ``CostEstimateError``, as ``estimate(model:method:trainingFile:validationFile:grader:hyperparameters:priceSheets:dataSharing:assumptions:)``.
    public static func estimate(
        scenario: JobScenario, priceSheets: [PriceSheet] = builtinPriceSheets, dataSharing: [Bool] = [false, true],
        assumptions: CostAssumptions = .default
    ) throws(CostEstimateError) -> CostEstimate {
        var estimate = try estimate(
            model: scenario.model, method: scenario.method, trainingFile: scenario.trainingFile.path,
            validationFile: scenario.validationFile?.path, grader: scenario.grader, hyperparameters: scenario.hyperparameters,
            priceSheets: priceSheets, dataSharing: dataSharing, assumptions: assumptions)
        estimate.scenario = scenario.name
        estimate.scenarioPricing = Pricing(sheet: scenario.priceSheet.name, dataSharing: scenario.dataSharing)
        return estimate
    }
}
