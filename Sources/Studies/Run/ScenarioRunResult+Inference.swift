internal import Foundation
internal import Provider

extension ScenarioRunResult {
    /// The job as billed, priced under every bundled price sheet (and the scenario's own) with data
    /// sharing off and on, plus the tuned model's inference for `volume`.
    ///
    /// Each sheet's data-sharing rule applies, so the lines answer "does sharing pay for this use".
    /// The computation of `rftsim cost --inference-requests`: the run's billed training seconds,
    /// trained tokens and grader tokens (``CostWorkload/init(billed:hyperparameters:trainingSeconds:trainedTokens:grader:graderTokens:)``)
    /// priced by ``CostEstimate/init(model:workload:priceSheets:dataSharing:catalogue:)``, then
    /// ``CostEstimate/priceInference(_:priceSheets:)``. The line of the scenario's own pricing is the
    /// bill.
    ///
    /// - Parameter volume: Requests to the tuned model and tokens per request.
    /// - Returns: The estimate, its ``CostEstimate/inferenceVolume`` set.
    /// - Throws: ``CostEstimateError`` when a sheet cannot price the model, its grader models or its inference.
    public func costWithInference(_ volume: CostEstimate.InferenceVolume) throws(CostEstimateError) -> CostEstimate {
        let usage = job.usageMetrics
        let workload = CostWorkload(
            billed: scenario.method, hyperparameters: trace.resolved,
            trainingSeconds: billing.events.reduce(0) { $0 + $1.trainingSeconds }, trainedTokens: job.trainedTokens ?? 0,
            grader: scenario.grader, graderTokens: usage?.graderTokens ?? [:])
        var sheets = CostEstimate.builtinPriceSheets
        if !sheets.contains(where: { $0.name == scenario.priceSheet.name }) { sheets.append(scenario.priceSheet) }
        var estimate = try CostEstimate(model: scenario.model, workload: workload, priceSheets: sheets)
        estimate.trainingFile = scenario.trainingFile.lastPathComponent
        estimate.validationFile = scenario.validationFile?.lastPathComponent
        estimate.scenario = scenario.name
        estimate.scenarioPricing = .init(sheet: scenario.priceSheet.name, dataSharing: scenario.dataSharing)
        try estimate.priceInference(volume, priceSheets: sheets)
        return estimate
    }
}
