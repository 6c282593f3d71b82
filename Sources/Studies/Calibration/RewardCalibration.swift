internal import Foundation
internal import Provider
internal import Simulator
internal import Stochastics

/// The scenario's base learning rate and prior success rate fitted to a pilot's reward curve
/// (docs/CALIBRATION.md) by GSL nonlinear least squares over ``RewardCurveModel``.
///
/// Parameters: z₁ = ln `trainer.base_learning_rate`, z₂ = logit `prior.success_rate`.
/// Residuals: every step's `train_reward_mean` and every validation's `valid_reward_mean` minus
/// the model's, weighted by the square root of the samples each mean averages (B × G, and
/// validation items × `eval_samples`), so a validation over few items counts less. The standard
/// errors scale (JᵀJ)⁻¹ by the residuals' own variance. The solver starts from the best point of a
/// 5 × 5 grid around the scenario's values (learning rate × ¼…4, success rate 0.1…0.9 of the
/// possible range), takes finite differences of 10⁻³ on z (the model is smooth at that scale, not
/// below: see ``RewardCurveModel``) and stops where no step improves the fit.
struct RewardCalibration: Sendable {
    /// The fitted base learning rate.
    let learningRate: Double
    /// The fitted prior success rate.
    let successRate: Double
    /// Standard errors in the values' units (delta method from z).
    let learningRateError: Double
    let successRateError: Double
    /// Covariance of (z₁, z₂), row-major.
    let covariance: [Double]
    /// The model's curves at the fit and at the scenario's values.
    let fitted: RewardCurveModel.Curves
    let uncalibrated: RewardCurveModel.Curves
    /// Root mean square of the unweighted residuals at the fit.
    let rootMeanSquare: Double

    /// The fewest steps with rewards a fit takes.
    static let minimumSteps = 4

    /// Refuses a pilot with fewer than ``minimumSteps`` steps.
    static func checkSteps(_ pilot: PilotRecord) throws(CalibrationError) {
        guard pilot.steps.count >= minimumSteps else {
            throw CalibrationError(.tooFewSteps, "\(pilot.path) has \(pilot.steps.count) step\(pilot.steps.count == 1 ? "" : "s") with rewards; fitting the learning rate and the prior to the reward curve needs at least \(minimumSteps)"
                + (pilot.timedSteps.isEmpty ? "" : " (with --fit timing the timing model alone is fitted)"))
        }
    }

    init(pilot: PilotRecord, model: RewardCurveModel, trainWeight: Double, validWeight: Double) throws(CalibrationError) {
        let trainPoints = pilot.steps.map { ($0.step, $0.trainReward) }
        let validPoints = pilot.steps.compactMap { step in step.validReward.map { (step.step, $0) } }
        try Self.checkSteps(pilot)
        let scenario = model.simulation.scenario
        let base = scenario.simulation.baseLearningRate
        let ceiling = 1 - scenario.simulation.prior.formatErrorRate
        let trainRoot = trainWeight.squareRoot(), validRoot = validWeight.squareRoot()
        let count = trainPoints.count + validPoints.count
        func rates(_ z: UnsafeBufferPointer<Double>) -> (Double, Double) {
            (exp(z[0]), ceiling / (1 + exp(-z[1])))
        }
        func residuals(_ curves: RewardCurveModel.Curves, into output: UnsafeMutableBufferPointer<Double>, weighted: Bool) {
            var slot = 0
            for (step, reward) in trainPoints {
                output[slot] = (reward - curves.train[step]!) * (weighted ? trainRoot : 1)
                slot += 1
            }
            for (step, reward) in validPoints {
                output[slot] = (reward - curves.valid[step]!) * (weighted ? validRoot : 1)
                slot += 1
            }
        }
        func objective(_ z: [Double]) throws -> Double {
            var output = [Double](repeating: 0, count: count)
            let curves = try z.withUnsafeBufferPointer { z in
                let (rate, success) = rates(z)
                return try model.curves(learningRate: rate, successRate: success)
            }
            output.withUnsafeMutableBufferPointer { residuals(curves, into: $0, weighted: true) }
            return output.reduce(0) { $0 + $1 * $1 }
        }
        // z₂ is the logit of success / ceiling.
        let startSuccess = min(max(scenario.simulation.prior.successRate / ceiling, 0.02), 0.98)
        var best = [log(base), log(startSuccess / (1 - startSuccess))], bestValue = Double.infinity
        do {
            for factor in [0.25, 0.5, 1, 2, 4] {
                for share in [0.1, 0.3, 0.5, 0.7, 0.9] {
                    let z = [log(base * factor), log(share / (1 - share))]
                    let value = try objective(z)
                    if value < bestValue { (best, bestValue) = (z, value) }
                }
            }
        } catch {
            throw CalibrationError(.scenario, "the scenario cannot be simulated for the fit: \(error)")
        }
        let fit: LeastSquaresFit
        do {
            let solver = NonlinearLeastSquares(maximumIterations: 100, stepTolerance: 1e-6, gradientTolerance: 1e-8,
                                               finiteDifferenceStep: 1e-3, acceptsNoProgress: true)
            fit = try solver.minimize(initial: best, residualCount: count) { z, output in
                let (rate, success) = rates(z)
                residuals(try model.curves(learningRate: rate, successRate: success), into: output, weighted: true)
            }
        } catch {
            throw CalibrationError(.didNotConverge, "the reward-curve fit to \(pilot.path) did not converge: \(error). Check that the scenario describes the pilot's job (data, grader, hyperparameters)")
        }
        let z = fit.parameters
        guard z.allSatisfy(\.isFinite), abs(z[0] - log(base)) < log(1e4), abs(z[1]) < 30 else {
            throw CalibrationError(.didNotConverge, "the reward-curve fit to \(pilot.path) ran off to a learning rate of \(exp(z[0])) and a success rate of \(ceiling / (1 + exp(-z[1]))): the pilot's curve does not follow the scenario's model. Check that the scenario describes the pilot's job")
        }
        let (rate, success) = z.withUnsafeBufferPointer { rates($0) }
        learningRate = rate
        successRate = success
        learningRateError = fit.standardErrors[0] * rate
        // d success / d z₂ = ceiling · σ(1 − σ).
        let sigma = success / ceiling
        successRateError = fit.standardErrors[1] * ceiling * sigma * (1 - sigma)
        // The covariance is recorded on the logit of the success rate itself (its scale in the
        // scenario): d logit(s) / d z₂ = (1 / (1 − s)) · (1 − σ)… (chain rule, exact below).
        let derivative = (1 - sigma) / (1 - success) // d logit(success) / d z₂, with success = ceiling·σ
        let c = fit.covariance
        covariance = [c[0], c[1] * derivative, c[2] * derivative, c[3] * derivative * derivative]
        let atFit: RewardCurveModel.Curves
        do {
            atFit = try model.curves(learningRate: rate, successRate: success)
            uncalibrated = try model.curves(learningRate: base, successRate: scenario.simulation.prior.successRate)
        } catch {
            throw CalibrationError(.scenario, "the scenario cannot be simulated at the fit: \(error)")
        }
        fitted = atFit
        var plain = [Double](repeating: 0, count: count)
        plain.withUnsafeMutableBufferPointer { residuals(atFit, into: $0, weighted: false) }
        rootMeanSquare = (plain.reduce(0) { $0 + $1 * $1 } / Double(count)).squareRoot()
    }
}
