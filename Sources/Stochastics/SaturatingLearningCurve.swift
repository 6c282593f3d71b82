import Foundation

/// The saturating learning curve r(t) = a − b·exp(−c·t): a reward that starts at a − b and
/// approaches its ceiling a at rate c.
///
/// It is the mean-field solution of dr/dt = c·(a − r), the shape reward curves of RL
/// fine-tuning usually take, and what cost-to-target forecasts extrapolate.
public struct SaturatingLearningCurve: Hashable, Sendable {
    /// The asymptote a, the reward the curve approaches.
    public var ceiling: Double
    /// The gap b between the ceiling and the reward at t = 0.
    public var gap: Double
    /// The rate c (per unit of t).
    public var rate: Double

    /// Creates the curve a − b·exp(−c·t).
    public init(ceiling: Double, gap: Double, rate: Double) {
        self.ceiling = ceiling
        self.gap = gap
        self.rate = rate
    }

    /// r(t).
    public func value(at t: Double) -> Double {
        ceiling - gap * exp(-rate * t)
    }

    /// The t at which the curve reaches `target`: t = −ln((a − target)/b)/c, or `nil` when it
    /// never does (the target is at or above the ceiling, or the curve is not rising toward it).
    public func time(toReach target: Double) -> Double? {
        if value(at: 0) >= target, gap >= 0 { return 0 }
        guard rate > 0, gap > 0, target < ceiling else { return nil }
        return -log((ceiling - target) / gap) / rate
    }

    /// Fits the curve to observations (tᵢ, rᵢ) by nonlinear least squares.
    ///
    /// Starting values are found from the data: a from the last observations, b from the first,
    /// and c from a grid over the observed time span, keeping the best converged fit.
    ///
    /// - Returns: the curve and the fit, whose `parameters`/`standardErrors` are (a, b, c).
    /// - Throws: ``StochasticsError`` with `.invalidArgument` for fewer than four points,
    ///   unequal counts, non-finite values or no spread in t; the last fitting error when no
    ///   start converges.
    public static func fit(
        times: [Double], rewards: [Double], weights: [Double]? = nil,
        solver: NonlinearLeastSquares = NonlinearLeastSquares()
    ) throws -> (curve: SaturatingLearningCurve, fit: LeastSquaresFit) {
        guard times.count == rewards.count, times.count >= 4 else {
            throw StochasticsError(.invalidArgument, "a learning-curve fit needs at least 4 (t, reward) pairs of equal count, got \(times.count) times and \(rewards.count) rewards")
        }
        guard let first = times.min(), let last = times.max(), last > first, first.isFinite, last.isFinite else {
            throw StochasticsError(.invalidArgument, "a learning-curve fit needs finite times spanning an interval")
        }
        let span = last - first
        let tail = max(1, rewards.count / 5)
        let a0 = rewards.suffix(tail).reduce(0, +) / Double(tail)
        let head = rewards.prefix(tail).reduce(0, +) / Double(tail)
        var best: (SaturatingLearningCurve, LeastSquaresFit)?
        var lastError: (any Error)?
        for multiple in [0.3, 1, 3, 10, 30] {
            let c0 = multiple / span
            let b0 = (a0 - head) * exp(c0 * first)
            do {
                let fit = try solver.fitCurve(x: times, y: rewards, weights: weights, initial: [a0 + 0.01 * abs(a0 - head), b0, c0]) { t, p in
                    p[0] - p[1] * exp(-p[2] * t)
                }
                if best == nil || fit.chiSquared < best!.1.chiSquared {
                    best = (SaturatingLearningCurve(ceiling: fit.parameters[0], gap: fit.parameters[1], rate: fit.parameters[2]), fit)
                }
            } catch {
                lastError = error
            }
        }
        guard let best else { throw lastError! }
        return best
    }
}
