import Stochastics
import Testing

struct LearningCurveExperimentTests {
    private let experiment = LearningCurveExperiment(
        truth: SaturatingLearningCurve(ceiling: 0.85, gap: 0.65, rate: 0.06), steps: 60, samplesPerStep: 64, seed: 42
    )

    @Test func theSameSeedGivesBitIdenticalOutcomes() throws {
        let first = try experiment.run()
        let second = try experiment.run()
        #expect(first.observedRates == second.observedRates)
        #expect(first.fit.parameters == second.fit.parameters)
        var other = experiment
        other.seed = 43
        #expect(try other.run().observedRates != first.observedRates)
    }

    @Test func theODEFollowsTheClosedFormAndTheFitFindsTheCurve() throws {
        let outcome = try experiment.run()
        #expect(outcome.largestODEError < 1e-10)
        #expect(outcome.residualInterval.contains(0))
        #expect(abs(outcome.fitted.ceiling - 0.85) < 4 * outcome.fit.standardErrors[0])
        #expect(abs(outcome.fitted.rate - 0.06) < 4 * outcome.fit.standardErrors[2])
    }

    @Test func impossibleRatesAreRejected() {
        var bad = experiment
        bad.truth = SaturatingLearningCurve(ceiling: 1.5, gap: 0.5, rate: 0.1)
        #expect(throws: StochasticsError.self) { try bad.run() }
        bad = experiment
        bad.steps = 3
        #expect(throws: StochasticsError.self) { try bad.run() }
    }
}
