import Foundation
import Stochastics
import Testing

struct NonlinearLeastSquaresTests {
    private let truth = SaturatingLearningCurve(ceiling: 0.8, gap: 0.6, rate: 0.05)
    private let times = (0..<50).map { Double($0) * 2 }

    private func noisyRewards(seed: UInt64, noise: Double = 0.02) -> [Double] {
        let stream = RandomStream(key: StreamKey(seed: seed).child("noise"))
        return times.map { truth.value(at: $0) + stream.gaussian(standardDeviation: noise) }
    }

    @Test func exactDataGivesTheExactParameters() throws {
        let fit = try NonlinearLeastSquares().fitCurve(x: times, y: times.map(truth.value(at:)), initial: [1, 1, 0.1]) { t, p in
            p[0] - p[1] * exp(-p[2] * t)
        }
        #expect(abs(fit.parameters[0] - 0.8) < 1e-8)
        #expect(abs(fit.parameters[1] - 0.6) < 1e-8)
        #expect(abs(fit.parameters[2] - 0.05) < 1e-8)
        #expect(fit.chiSquared < 1e-20)
        #expect(fit.degreesOfFreedom == 47)
    }

    @Test func noisyDataRecoversTheParametersWithinTwoStandardErrors() throws {
        let (curve, fit) = try SaturatingLearningCurve.fit(times: times, rewards: noisyRewards(seed: 2026))
        let truthValues = [truth.ceiling, truth.gap, truth.rate]
        for index in 0..<3 {
            #expect(abs(fit.parameters[index] - truthValues[index]) < 2 * fit.standardErrors[index])
            #expect(fit.standardErrors[index] > 0)
        }
        #expect(curve.ceiling == fit.parameters[0])
    }

    @Test func standardErrorsAreCalibrated() throws {
        // Over many independent data sets, the truth lies within 2 standard errors about 95% of
        // the time (t with 47 degrees of freedom: 94.9%). 200 fits: binomial sd 1.5%.
        var covered = [0, 0, 0]
        let truthValues = [truth.ceiling, truth.gap, truth.rate]
        for seed in 0..<200 {
            let fit = try SaturatingLearningCurve.fit(times: times, rewards: noisyRewards(seed: UInt64(seed), noise: 0.05)).fit
            for index in 0..<3 where abs(fit.parameters[index] - truthValues[index]) < 2 * fit.standardErrors[index] {
                covered[index] += 1
            }
        }
        for count in covered { #expect((180...198).contains(count), "coverage \(count)/200") }
    }

    @Test func absoluteWeightsGiveUnscaledErrors() throws {
        // With weights 1/σ² of the true noise, χ²/dof averages 1 (sd √(2/47) ≈ 0.21 per fit, so
        // 0.046 over 20 fits), and the unscaled errors match the residual-scaled ones on average.
        let noise = 0.02
        let weights = [Double](repeating: 1 / (noise * noise), count: times.count)
        let solver = NonlinearLeastSquares(errorScaling: .absolute)
        var reducedChiSquared = 0.0
        var errorRatio = 0.0
        for seed in 0..<20 {
            let rewards = noisyRewards(seed: UInt64(seed), noise: noise)
            let weighted = try SaturatingLearningCurve.fit(times: times, rewards: rewards, weights: weights, solver: solver).fit
            let scaled = try SaturatingLearningCurve.fit(times: times, rewards: rewards).fit
            #expect(abs(weighted.parameters[0] - scaled.parameters[0]) < 1e-6)  // the same optimum
            reducedChiSquared += weighted.chiSquared / Double(weighted.degreesOfFreedom) / 20
            errorRatio += weighted.standardErrors[0] / scaled.standardErrors[0] / 20
        }
        #expect(abs(reducedChiSquared - 1) < 0.15)
        #expect(abs(errorRatio - 1) < 0.1)
    }

    @Test func anyModelCanBeFittedThroughResiduals() throws {
        // Rosenbrock as least squares: r = (10(y − x²), 1 − x), minimum at (1, 1).
        let fit = try NonlinearLeastSquares().minimize(initial: [-1.2, 1], residualCount: 2) { p, r in
            r[0] = 10 * (p[1] - p[0] * p[0])
            r[1] = 1 - p[0]
        }
        #expect(abs(fit.parameters[0] - 1) < 1e-7)
        #expect(abs(fit.parameters[1] - 1) < 1e-7)
    }

    @Test(arguments: NonlinearLeastSquares.Method.allCases)
    func everyMethodConverges(method: NonlinearLeastSquares.Method) throws {
        let fit = try NonlinearLeastSquares(method: method).fitCurve(x: times, y: noisyRewards(seed: 9), initial: [0.7, 0.5, 0.04]) { t, p in
            p[0] - p[1] * exp(-p[2] * t)
        }
        #expect(abs(fit.parameters[0] - 0.8) < 0.05)
    }

    @Test func badInputsAreRejected() {
        let model: (Double, UnsafeBufferPointer<Double>) throws -> Double = { t, p in p[0] * t }
        #expect(throws: StochasticsError.self) { try NonlinearLeastSquares().fitCurve(x: [1, 2], y: [1], initial: [1], model: model) }
        #expect(throws: StochasticsError.self) { try NonlinearLeastSquares().fitCurve(x: [1], y: [1], initial: [1, 2], model: model) }
        #expect(throws: StochasticsError.self) { try NonlinearLeastSquares().fitCurve(x: [1, .nan], y: [1, 2], initial: [1], model: model) }
        #expect(throws: StochasticsError.self) { try NonlinearLeastSquares().fitCurve(x: [1, 2], y: [1, 2], weights: [1, 0], initial: [1], model: model) }
        #expect(throws: StochasticsError.self) { try SaturatingLearningCurve.fit(times: [1, 2, 3], rewards: [1, 2, 3]) }
        #expect(throws: StochasticsError.self) { try SaturatingLearningCurve.fit(times: [1, 1, 1, 1], rewards: [1, 2, 3, 4]) }
    }

    @Test func aModelProducingNaNIsAnErrorNotACrash() {
        #expect(throws: StochasticsError.self) {
            try NonlinearLeastSquares().fitCurve(x: [1, 2, 3], y: [1, 2, 3], initial: [1]) { _, _ in .nan }
        }
    }

    @Test func aDivergingFitReportsNonConvergence() throws {
        let error = try #require(throws: StochasticsError.self) {
            try NonlinearLeastSquares(maximumIterations: 2).fitCurve(x: times, y: noisyRewards(seed: 3), initial: [5, -3, 2]) { t, p in
                p[0] - p[1] * exp(-p[2] * t)
            }
        }
        #expect(error.code == .didNotConverge)
    }

    @Test func learningCurveForecastsTimeToTarget() {
        #expect(abs(truth.time(toReach: truth.value(at: 30))! - 30) < 1e-9)
        #expect(truth.time(toReach: 0.1) == 0)  // already above at t = 0
        #expect(truth.time(toReach: 0.8) == nil)  // the ceiling is never reached
        #expect(truth.time(toReach: 0.9) == nil)
    }
}
