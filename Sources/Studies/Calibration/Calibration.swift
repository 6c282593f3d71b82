internal import Foundation
public import Graders
internal import Provider
internal import Simulator

/// `rftsim calibrate`: a scenario's timing constants, base learning rate and prior success rate
/// fitted to a pilot job's metrics (docs/CALIBRATION.md), with the fit's uncertainty.
///
/// ```swift
/// let pilot = try PilotReader.read(path: "runs/pilot/events.jsonl")
/// let scenario = try JobScenario.load(path: "scenarios/math-exact-answer")
/// let calibration = try await Calibration.fit(pilot: pilot, scenario: scenario)
/// print(calibration.text)
/// try calibration.writeScenario(to: "calibrated/scenario.yaml")
/// ```
public struct Calibration: Sendable {
    /// What to fit.
    public enum Target: String, Sendable, CaseIterable {
        /// The timing model and the reward curve.
        case all
        /// The timing model only (a pilot with timing but too few steps for a reward curve).
        case timing
        /// The learning rate and the prior only (a results CSV has no timing).
        case rewards
    }

    /// The pilot fitted to.
    public let pilot: PilotRecord
    /// The scenario calibrated (as given).
    public let scenario: JobScenario
    /// The timing fit, unless only rewards were fitted.
    public let timing: TimingCalibration?
    /// The reward-curve fit, unless only timing was fitted.
    let reward: RewardCalibration?
    /// Seeds averaged by the reward-curve model.
    public let seeds: Int
    /// Where the pilot and the scenario disagree about the job's shape.
    public let warnings: [String]
    /// The record the calibrated scenario carries.
    public let record: ScenarioCalibration

    /// Seeds the reward-curve model averages by default.
    public static let defaultSeeds = 8

    /// Fits `scenario` to `pilot`.
    ///
    /// - Parameters:
    ///   - pilot: The pilot job's metrics (``PilotReader``).
    ///   - scenario: A reinforcement job scenario describing the pilot's job (data, grader,
    ///     hyperparameters); its values are the fit's starting point.
    ///   - target: What to fit; `.all` fits timing when the pilot has it (a results CSV has none).
    ///   - seeds: Seeds the reward-curve model averages (common random numbers).
    ///   - engine: Grades the scenario's answer space.
    /// - Returns: The fits, the warnings and the record for the calibrated scenario.
    /// - Throws: ``CalibrationError``: `tooFewSteps`, `didNotConverge`, or `scenario` when the
    ///   scenario cannot be simulated.
    public static func fit(pilot: PilotRecord, scenario: JobScenario, target: Target = .all, seeds: Int = defaultSeeds,
                           engine: GraderEngine? = nil) async throws(CalibrationError) -> Calibration {
        guard seeds >= 1 else { throw CalibrationError(.scenario, "seeds must be ≥ 1, got \(seeds)") }
        if target != .timing { try RewardCalibration.checkSteps(pilot) }
        let simulation: JobSimulation
        do {
            simulation = try JobSimulation(scenario, steps: max(pilot.steps.last?.step ?? 1, 1))
        } catch {
            throw CalibrationError(.scenario, error.description)
        }
        var warnings: [String] = []
        let workload = simulation.timing.workload
        if let total = pilot.totalSteps, total != simulation.resolved.steps {
            warnings.append("the pilot's job has \(total) steps, the scenario's \(simulation.resolved.steps): check n_epochs and batch_size")
        }
        if let samples = pilot.steps.compactMap(\.trainSamples).first, samples != workload.trainingSamples {
            warnings.append("the pilot samples \(samples) answers a step, the scenario \(workload.trainingSamples) (B × G): check batch_size and compute_multiplier")
        }
        if let samples = pilot.steps.compactMap(\.validSamples).first, samples != workload.validationSamples {
            warnings.append("the pilot validates \(samples) samples, the scenario \(workload.validationSamples) (validation items × eval_samples)")
        }

        var timing: TimingCalibration?
        let fitsTiming = target == .timing || (target == .all && !pilot.timedSteps.isEmpty)
        if fitsTiming { timing = try TimingCalibration(pilot: pilot, initial: scenario.simulation.timing) }
        if target == .all, timing == nil {
            warnings.append("the pilot has no timing (\(pilot.source == .resultsCSV ? "a results CSV" : "no timing.step")): the timing constants are the scenario's")
        }
        var reward: RewardCalibration?
        if target != .timing {
            let grading = engine ?? GraderEngine()
            let built: Result<ResponseModel, ScenarioError>
            do {
                built = .success(try await simulation.buildWholeResponses(engine: grading))
            } catch {
                built = .failure(error)
            }
            if engine == nil { await grading.shutdown() }
            let whole: ResponseModel
            switch built {
            case .success(let model): whole = model
            case .failure(let error): throw CalibrationError(.scenario, error.description)
            }
            let model = RewardCurveModel(
                simulation: simulation, whole: whole, seeds: (0..<seeds).map { SweepPlan.runSeed(scenarioSeed: scenario.seed, run: $0) },
                trainSteps: Set(pilot.steps.map(\.step)), validSteps: Set(pilot.validationSteps.map(\.step)))
            reward = try RewardCalibration(pilot: pilot, model: model, trainWeight: Double(workload.trainingSamples),
                                           validWeight: Double(max(workload.validationSamples, 1)))
        }
        return Calibration(pilot: pilot, scenario: scenario, timing: timing, reward: reward, seeds: seeds, warnings: warnings,
                           record: record(pilot: pilot, timing: timing, reward: reward))
    }

    /// The `calibration:` record: the fitted keys, estimates and covariance.
    ///
    /// The covariance is block-diagonal (the two fits are independent). A covariance the fit
    /// cannot estimate (no degrees of freedom) is recorded as 0: the parameter is then not drawn.
    static func record(pilot: PilotRecord, timing: TimingCalibration?, reward: RewardCalibration?) -> ScenarioCalibration {
        var parameters: [ScenarioCalibration.Parameter] = [], blocks: [[Double]] = []
        if let reward {
            parameters.append(.init(key: "trainer.base_learning_rate", estimate: reward.learningRate, scale: .log))
            parameters.append(.init(key: "prior.success_rate", estimate: reward.successRate, scale: .logit))
            blocks.append(reward.covariance)
        }
        if let timing {
            parameters += timing.estimates.map { .init(key: $0.key, estimate: $0.value, scale: $0.scale) }
            blocks.append(timing.covariance)
        }
        let p = parameters.count
        var covariance = [Double](repeating: 0, count: p * p), offset = 0
        for block in blocks {
            let size = Int(Double(block.count).squareRoot())
            for i in 0..<size {
                for j in 0..<size {
                    let value = block[i * size + j]
                    covariance[(offset + i) * p + offset + j] = value.isFinite ? value : 0
                }
            }
            offset += size
        }
        return ScenarioCalibration(pilot: pilot.path, parameters: parameters, covariance: covariance)
    }
}
