import Stochastics
import Testing

/// Moment checks with fixed seeds: each bound is several standard errors wide, and the seed
/// makes the outcome deterministic, so these neither flake nor pass vacuously.
struct SamplingTests {
    private let n = 200_000

    @Test func gaussianHasTheRequestedMeanAndSpread() {
        let stream = RandomStream(seed: 1)
        let draws = (0..<n).map { _ in stream.gaussian(mean: 3, standardDeviation: 2) }
        #expect(abs(Statistics.mean(draws)! - 3) < 5 * 2 / Double(n).squareRoot())
        #expect(abs(Statistics.standardDeviation(draws)! - 2) < 0.02)
    }

    @Test func betaHasItsMeanAndVariance() {
        let (a, b) = (2.0, 5.0)
        let stream = RandomStream(seed: 2)
        let draws = (0..<n).map { _ in stream.beta(alpha: a, beta: b) }
        let mean = a / (a + b)
        let variance = a * b / ((a + b) * (a + b) * (a + b + 1))
        #expect(draws.allSatisfy { (0...1).contains($0) })
        #expect(abs(Statistics.mean(draws)! - mean) < 5 * (variance / Double(n)).squareRoot())
        #expect(abs(Statistics.variance(draws)! - variance) < 0.02 * variance)
    }

    @Test func bernoulliSucceedsAtItsRate() {
        let stream = RandomStream(seed: 3)
        let successes = (0..<n).filter { _ in stream.bernoulli(0.3) }.count
        #expect(abs(Double(successes) / Double(n) - 0.3) < 5 * (0.3 * 0.7 / Double(n)).squareRoot())
    }

    @Test func dirichletDrawsAreDistributionsWithTheRightMean() {
        let alphas = [1.0, 2.0, 7.0]
        let stream = RandomStream(seed: 4)
        var sums = [0.0, 0.0, 0.0]
        for _ in 0..<20_000 {
            let draw = stream.dirichlet(alphas)
            #expect(abs(draw.reduce(0, +) - 1) < 1e-12)
            #expect(draw.allSatisfy { $0 >= 0 })
            for k in 0..<3 { sums[k] += draw[k] }
        }
        for k in 0..<3 {
            #expect(abs(sums[k] / 20_000 - alphas[k] / 10) < 0.01)
        }
    }

    @Test func multinomialCountsSumToTheTrials() {
        let stream = RandomStream(seed: 5)
        var totals = [0, 0, 0]
        for _ in 0..<2_000 {
            let counts = stream.multinomial(trials: 100, weights: [1, 1, 2])
            #expect(counts.reduce(0, +) == 100)
            for k in 0..<3 { totals[k] += counts[k] }
        }
        #expect(abs(Double(totals[2]) / 200_000 - 0.5) < 0.01)
        #expect(abs(Double(totals[0]) / 200_000 - 0.25) < 0.01)
    }

    @Test func indexFromWeightsFollowsTheWeightsAndSkipsZeros() {
        let weights = [0.0, 1.0, 0.0, 3.0]
        let stream = RandomStream(seed: 6)
        var counts = [0, 0, 0, 0]
        for _ in 0..<n { counts[stream.index(weights: weights)] += 1 }
        #expect(counts[0] == 0 && counts[2] == 0)
        #expect(abs(Double(counts[3]) / Double(n) - 0.75) < 0.005)
    }

    @Test func discreteDistributionMatchesItsWeights() throws {
        let distribution = try DiscreteDistribution(weights: [1, 1, 2])
        #expect(distribution.count == 3)
        #expect(abs(distribution.probability(of: 2) - 0.5) < 1e-12)
        #expect(distribution.probability(of: 7) == 0)
        let stream = RandomStream(seed: 7)
        var counts = [0, 0, 0]
        for _ in 0..<n { counts[distribution.sample(using: stream)] += 1 }
        #expect(abs(Double(counts[2]) / Double(n) - 0.5) < 0.005)
    }

    @Test(arguments: [[Double](), [0, 0], [1, -1], [1, .nan], [.infinity]])
    func discreteDistributionRejectsBadWeights(weights: [Double]) {
        #expect(throws: StochasticsError.self) { try DiscreteDistribution(weights: weights) }
    }
}
