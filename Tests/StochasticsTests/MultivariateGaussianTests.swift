import Foundation
import Stochastics
import Testing

@Suite("Multivariate normal draws")
struct MultivariateGaussianTests {
    @Test("Draws have the asked mean and covariance, and a seeded stream repeats them")
    func momentsAndDeterminism() throws {
        let mean = [1.0, -2.0, 5.0]
        let covariance = [0.5, 0.3, 0, 0.3, 0.4, 0, 0, 0, 0]
        let stream = RandomStream(seed: 7)
        var draws: [[Double]] = []
        for _ in 0..<20_000 { draws.append(try stream.multivariateGaussian(mean: mean, covariance: covariance)) }
        let n = Double(draws.count)
        let means = (0..<3).map { i in draws.reduce(0) { $0 + $1[i] } / n }
        #expect(abs(means[0] - 1) < 0.02 && abs(means[1] + 2) < 0.02)
        #expect(draws.allSatisfy { $0[2] == 5 }, "a zero variance keeps the mean")
        let c01 = draws.reduce(0) { $0 + ($1[0] - means[0]) * ($1[1] - means[1]) } / (n - 1)
        let v0 = draws.reduce(0) { $0 + ($1[0] - means[0]) * ($1[0] - means[0]) } / (n - 1)
        #expect(abs(c01 - 0.3) < 0.02 && abs(v0 - 0.5) < 0.02)
        let again = RandomStream(seed: 7)
        #expect(try again.multivariateGaussian(mean: mean, covariance: covariance) == draws[0])
    }

    @Test("A covariance that is not positive definite, or of the wrong size, is refused")
    func refusals() {
        let stream = RandomStream(seed: 1)
        #expect(throws: StochasticsError.self) { try stream.multivariateGaussian(mean: [0, 0], covariance: [1, 2, 2, 1]) }
        #expect(throws: StochasticsError.self) { try stream.multivariateGaussian(mean: [0, 0], covariance: [1]) }
    }

    @Test("A coarser finite-difference step still fits a smooth curve; no-progress can be accepted")
    func solverOptions() throws {
        let x = (0..<20).map(Double.init)
        let y = x.map { 2 - 1.5 * exp(-0.3 * $0) }
        let fit = try NonlinearLeastSquares(finiteDifferenceStep: 1e-4, acceptsNoProgress: true)
            .fitCurve(x: x, y: y, initial: [1, 1, 0.1]) { x, p in p[0] - p[1] * exp(-p[2] * x) }
        #expect(abs(fit.parameters[2] - 0.3) < 1e-4)
        #expect(throws: StochasticsError.self) {
            _ = try NonlinearLeastSquares(finiteDifferenceStep: 0).fitCurve(x: x, y: y, initial: [1, 1, 0.1]) { x, p in p[0] }
        }
    }
}
