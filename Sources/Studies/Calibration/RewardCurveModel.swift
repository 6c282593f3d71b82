internal import Foundation
internal import Graders
internal import Provider
internal import Simulator

/// The deterministic expected reward curve a scenario gives for a learning rate and a prior
/// success rate: the stochastic trainer run with a few fixed seeds (common random numbers), the
/// *exact* expected reward of each seed's policy averaged over the seeds (docs/CALIBRATION.md).
///
/// Why not the mean-field ODE: it covers SGD without the job's dynamics (transfer, trust region,
/// length normalisation) and enumerates group compositions, which a job's inferred answer space
/// (K ≈ 9, G = 8: 12,870 per item) makes slow; a job's simulation is what the calibrated scenario
/// will run, so it is what is fitted. Why exact expectations: a sampled reward is a step function
/// of the parameters (a draw changes only when a probability crosses its uniform), the expected
/// reward of a seed's policy moves smoothly with them between the rare draws that flip, and the
/// seeds' fixed draws (inverse CDF of fixed uniforms) keep those flips few.
///
/// The train curve at step n is the expected reward over the training items of the policy that
/// sampled step n (θ before its update), as `train_reward_mean` averages that policy's samples;
/// the valid curve at step n is the expected reward over the validation items after step n's
/// update, as the platform validates.
struct RewardCurveModel {
    let simulation: JobSimulation
    /// The graded answer space of all items under the scenario's prior.
    let whole: ResponseModel
    let seeds: [UInt64]
    /// η / base learning rate (the scenario's `learning_rate_multiplier`).
    let multiplier: Double
    let steps: Int
    let trainSteps: Set<Int>
    let validSteps: Set<Int>

    init(simulation: JobSimulation, whole: ResponseModel, seeds: [UInt64], trainSteps: Set<Int>, validSteps: Set<Int>) {
        self.simulation = simulation
        self.whole = whole
        self.seeds = seeds
        multiplier = simulation.configuration.learningRate / simulation.scenario.simulation.baseLearningRate
        steps = max(trainSteps.max() ?? 0, validSteps.max() ?? 0)
        self.trainSteps = trainSteps
        self.validSteps = validSteps
    }

    /// The seed-averaged expected rewards at each asked step.
    struct Curves: Sendable, Hashable {
        var train: [Int: Double]
        var valid: [Int: Double]
        /// The validation reward of the base model (step 0).
        var initialValid: Double
    }

    /// The curves at base learning rate `learningRate` and prior success rate `successRate`.
    ///
    /// - Throws: `SimulatorError` when the trainer or the prior refuses the values.
    func curves(learningRate: Double, successRate: Double) throws(SimulatorError) -> Curves {
        var prior = simulation.scenario.simulation.prior
        prior.successRate = min(successRate, 1 - prior.formatErrorRate)
        let responses: JobSimulation.Responses
        do {
            responses = try simulation.split(try whole.withPrior(prior, seed: simulation.responsesSeed))
        } catch let error as SimulatorError {
            throw error
        } catch {
            throw SimulatorError(.invalidInput, field: nil, "\(error)")
        }
        var configuration = simulation.configuration
        configuration.learningRate = learningRate * multiplier
        configuration.steps = steps
        configuration.policyMetricsInterval = Int.max
        configuration.evalInterval = nil
        var train = [Int: Double](), valid = [Int: Double]()
        let initialValid = try Policy(table: responses.validation.table, parameters: configuration.initialParameters).expectedReward()
        for seed in seeds {
            configuration.seed = seed
            let session = try Trainer(table: responses.train.table, validation: nil, configuration: configuration).makeSession()
            for step in 1...max(steps, 1) {
                if trainSteps.contains(step) { train[step, default: 0] += session.policy.expectedReward() }
                session.step()
                if validSteps.contains(step) {
                    valid[step, default: 0] += try Policy(table: responses.validation.table, parameters: session.parameters).expectedReward()
                }
            }
        }
        let n = Double(seeds.count)
        return Curves(train: train.mapValues { $0 / n }, valid: valid.mapValues { $0 / n }, initialValid: initialValid)
    }
}
