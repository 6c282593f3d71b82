import Foundation
import Testing

@testable import Simulator

/// Helpers shared by the simulator's tests.
enum TestSupport {
    static func softmax(_ logits: [Double]) -> [Double] {
        let m = logits.max()!
        let e = logits.map { exp($0 - m) }
        let s = e.reduce(0, +)
        return e.map { $0 / s }
    }

    /// s(p, G) of policy-gradient-dynamics.md §2.4: the GRPO drift factor for binary rewards.
    static func grpoScale(p: Double, groupSize g: Int) -> Double {
        var sum = 0.0
        let gd = Double(g)
        for c in 1..<g {
            let cd = Double(c)
            let logChoose: Double = lgamma(gd + 1) - lgamma(cd + 1) - lgamma(gd - cd + 1)
            let logMass: Double = cd * log(p) + (gd - cd) * log(1 - p)
            let binomial = exp(logChoose + logMass)
            let sigma = (cd * (gd - cd) / (gd * (gd - 1))).squareRoot()
            sum += binomial * (cd * (gd - cd) / gd) / (sigma + 1e-4)
        }
        return sum / (gd * p * (1 - p))
    }

    /// Runs `steps` steps of a session, discarding metrics; returns the last step's metrics.
    @discardableResult
    static func advance(_ session: TrainingSession, steps: Int) -> StepMetrics? {
        var last: StepMetrics?
        for _ in 0..<steps { last = session.step() }
        return last
    }

    static func maxAbsDifference(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }
}
