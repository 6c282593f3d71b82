import Foundation

/// How an ascent direction d becomes a parameter change.
public enum Optimizer: Sendable, Hashable {
    /// θ ← θ + η d.
    case sgd
    /// Adam (Kingma & Ba 2015) on the ascent direction, with bias correction:
    /// m ← β₁m + (1−β₁)d, v ← β₂v + (1−β₂)d², θ ← θ + η m̂/(√v̂ + ε).
    case adam(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8)

    func validate() throws(SimulatorError) {
        if case .adam(let beta1, let beta2, let epsilon) = self {
            guard (0..<1).contains(beta1), (0..<1).contains(beta2) else {
                throw .invalid("optimizer", "Adam needs 0 ≤ beta1 < 1 and 0 ≤ beta2 < 1, got \(beta1) and \(beta2)")
            }
            guard epsilon > 0, epsilon.isFinite else {
                throw .invalid("optimizer", "Adam needs a finite epsilon > 0, got \(epsilon)")
            }
        }
    }
}

/// The optimizer's state over raw parameter buffers; allocation-free per step.
struct OptimizerState {
    let optimizer: Optimizer
    let count: Int
    private let firstMoment: UnsafeMutablePointer<Double>
    private let secondMoment: UnsafeMutablePointer<Double>
    private(set) var updates = 0

    init(_ optimizer: Optimizer, count: Int) {
        self.optimizer = optimizer
        self.count = count
        firstMoment = .allocate(capacity: max(count, 1))
        firstMoment.initialize(repeating: 0, count: max(count, 1))
        secondMoment = .allocate(capacity: max(count, 1))
        secondMoment.initialize(repeating: 0, count: max(count, 1))
    }

    func deallocate() {
        firstMoment.deallocate()
        secondMoment.deallocate()
    }

    /// θ ← θ + step(η, d).
    mutating func apply(direction: UnsafePointer<Double>, to theta: UnsafeMutablePointer<Double>, learningRate: Double) {
        switch optimizer {
        case .sgd:
            for f in 0..<count { theta[f] += learningRate * direction[f] }
        case .adam(let beta1, let beta2, let epsilon):
            updates += 1
            let correction1 = 1 - pow(beta1, Double(updates))
            let correction2 = 1 - pow(beta2, Double(updates))
            for f in 0..<count {
                let d = direction[f]
                firstMoment[f] = beta1 * firstMoment[f] + (1 - beta1) * d
                secondMoment[f] = beta2 * secondMoment[f] + (1 - beta2) * d * d
                let mHat = firstMoment[f] / correction1
                let vHat = secondMoment[f] / correction2
                theta[f] += learningRate * mHat / (vHat.squareRoot() + epsilon)
            }
        }
    }
}
