internal import Provider
internal import Simulator
internal import Stochastics

/// One run's parameters drawn from a calibrated scenario's fit (`rftsim sweep
/// --parameter-uncertainty`, docs/CALIBRATION.md): z ~ N(ẑ, Σ) on the parameters' scales with
/// GSL's multivariate normal, from the stream `StreamKey(runSeed).child("parameter-uncertainty")`,
/// so the same run draws the same values in any order, shard or thread.
///
/// The draws set the run's base learning rate, its prior success rate (the answer space
/// repriced, `ResponseModel.withPrior(_:seed:)`) and its timing constants (so its hours and
/// cost). A success rate is capped at 1 − `format_error_rate`; an overhead below 0 is 0.
struct SweepParameterDraw {
    /// The values drawn, by scenario key.
    let values: [String: Double]
    /// The run's answer space (repriced when the prior success rate is drawn).
    let responses: JobSimulation.Responses
    /// The run's base learning rate, when drawn.
    let baseLearningRate: Double?
    /// The base model's expected valid reward under the drawn prior.
    let initialValidReward: Double
    /// The run's timing model at the drawn constants (the simulation's when none is drawn).
    let timing: TimingModel

    init(calibration: ScenarioCalibration, simulation: JobSimulation, responses: JobSimulation.Responses, seed: UInt64) {
        let stream = RandomStream(key: StreamKey(seed: seed).child("parameter-uncertainty"))
        // The scenario reader checked the covariance's shape and symmetry; one that is not
        // positive definite is drawn from its diagonal.
        let scaled = (try? stream.multivariateGaussian(mean: calibration.scaledEstimates, covariance: calibration.covariance))
            ?? zip(calibration.scaledEstimates, calibration.parameters.indices).map { mean, i in
                let variance = calibration.covariance[i * calibration.parameters.count + i]
                return variance > 0 ? stream.gaussian(mean: mean, standardDeviation: variance.squareRoot()) : mean
            }
        var values: [String: Double] = [:]
        for (parameter, z) in zip(calibration.parameters, scaled) { values[parameter.key] = parameter.scale.inverse(z) }
        self.values = values
        let scenario = simulation.scenario
        baseLearningRate = values["trainer.base_learning_rate"]
        var drawnResponses = responses
        if let success = values["prior.success_rate"], let whole = responses.whole {
            var prior = scenario.simulation.prior
            prior.successRate = min(success, 1 - prior.formatErrorRate)
            // The prior was valid when the answer space was built; a success rate in [0, 1 − f] keeps it valid.
            if let repriced = try? simulation.split(try whole.withPrior(prior, seed: simulation.responsesSeed)) { drawnResponses = repriced }
        }
        self.responses = drawnResponses
        initialValidReward = (try? Policy(table: drawnResponses.validation.table, parameters: simulation.configuration.initialParameters)
            .expectedReward()) ?? 0
        var parameters = simulation.timing.parameters
        if let rate = values["timing.sampling_tokens_per_second"] { parameters.aggregateDecodeTokensPerSecond = rate }
        if let rate = values["timing.training_tokens_per_second"] { parameters.trainingTokensPerSecond = rate }
        if let seconds = values["timing.eval_overhead_seconds"] { parameters.evalOverheadSeconds = max(0, seconds) }
        if let seconds = values["timing.iteration_overhead_seconds"] { parameters.iterationOverheadSeconds = max(0, seconds) }
        timing = (try? TimingModel(parameters: parameters, workload: simulation.timing.workload)) ?? simulation.timing
    }
}
