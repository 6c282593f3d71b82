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
    /// A reinforcement job is planned by the provider as `rftsim run` runs it (the same files,
    /// request, seed and simulation), so the estimate equals the run's bill to the cent.
    ///
    /// Every sheet in `priceSheets` is priced with and without sharing, so the scenario's own
    /// choice (`pricing.sheet`, `pricing.data_sharing`, kept in ``scenarioPricing``) can be
    /// compared with the others.
    ///
    /// - Parameters:
    ///   - scenario: A loaded job scenario (``JobScenario/load(path:overrides:)``).
    ///   - priceSheets: The sheets to price with (default: every bundled sheet).
    ///   - dataSharing: The data-sharing settings to price (default: off, then on).
    ///   - assumptions: The timing constants (default: the scenario's, `timing:`).
    /// - Throws: ``CostEstimateError``, as ``estimate(model:method:trainingFile:validationFile:grader:hyperparameters:priceSheets:dataSharing:assumptions:dryRun:)``.
    public static func estimate(
        scenario: JobScenario, priceSheets: [PriceSheet] = builtinPriceSheets, dataSharing: [Bool] = [false, true],
        assumptions: CostAssumptions = .default
    ) async throws(CostEstimateError) -> CostEstimate {
        var dryRun: CostWorkload.DryRun?
        if scenario.method == .reinforcement, let validationFile = scenario.validationFile {
            // The files as `rftsim run` uploads them, in the same order, so the provider plans the same job.
            let read = { (url: URL) throws(CostEstimateError) -> Data in
                do {
                    return try Data(contentsOf: url)
                } catch {
                    throw CostEstimateError(.unreadableFile, "cannot read \(url.path): \(error.localizedDescription)")
                }
            }
            let job = scenario
            dryRun = CostWorkload.DryRun(
                training: (scenario.trainingFile.lastPathComponent, try read(scenario.trainingFile)),
                validation: (validationFile.lastPathComponent, try read(validationFile)), simulation: scenario.simulation
            ) { trainingID, validationID in
                job.jobRequest(trainingFileID: trainingID, validationFileID: validationID)
            }
        }
        var estimate = try await estimate(
            model: scenario.model, method: scenario.method, trainingFile: scenario.trainingFile.path,
            validationFile: scenario.validationFile?.path, grader: scenario.grader, hyperparameters: scenario.hyperparameters,
            priceSheets: priceSheets, dataSharing: dataSharing,
            // A calibrated scenario's timing constants (its `timing:` keys) unless others are given.
            assumptions: assumptions == .default ? CostAssumptions(timing: scenario.simulation.timing) : assumptions, dryRun: dryRun)
        estimate.scenario = scenario.name
        estimate.scenarioPricing = Pricing(sheet: scenario.priceSheet.name, dataSharing: scenario.dataSharing)
        return estimate
    }
}
