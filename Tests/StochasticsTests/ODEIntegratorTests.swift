import Foundation
import Stochastics
import Testing

struct ODEIntegratorTests {
    private struct Boom: Error {}

    @Test func harmonicOscillatorMatchesCosineTo1e8() throws {
        let times = (1...20).map { Double($0) * 0.5 }
        let solution = try ODEIntegrator().solve(initial: [1, 0], from: 0, reportingAt: times) { _, y, dydt in
            dydt[0] = y[1]
            dydt[1] = -y[0]
        }
        for (t, state) in zip(solution.times, solution.states) {
            #expect(abs(state[0] - cos(t)) < 1e-8)
            #expect(abs(state[1] + sin(t)) < 1e-8)
        }
    }

    @Test func logisticGrowthMatchesItsClosedForm() throws {
        // y' = r y (1 − y), y(0) = 0.1  →  y(t) = 1 / (1 + 9 e^{−r t})
        let r = 0.7
        let times = [0, 1, 2.5, 5, 10]
        let solution = try ODEIntegrator().solve(initial: [0.1], from: 0, reportingAt: times) { _, y, dydt in
            dydt[0] = r * y[0] * (1 - y[0])
        }
        for (t, y) in zip(times, solution.component(0)) {
            #expect(abs(y - 1 / (1 + 9 * exp(-r * t))) < 1e-8)
        }
        #expect(solution.states[0] == [0.1])
    }

    @Test(arguments: ODEIntegrator.Stepper.allCases)
    func everyStepperSolvesExponentialDecay(stepper: ODEIntegrator.Stepper) throws {
        let integrator = ODEIntegrator(stepper: stepper, absoluteTolerance: 1e-10, relativeTolerance: 1e-10)
        let solution = try integrator.solve(initial: [2], from: 0, reportingAt: [1, 3]) { t, y, dydt in
            dydt[0] = -y[0] + 0 * t
        }
        #expect(abs(solution.states[1][0] - 2 * exp(-3)) < 1e-7)
    }

    @Test func integratesBackwardInTime() throws {
        let solution = try ODEIntegrator().solve(initial: [1], from: 2, reportingAt: [1, 0]) { _, y, dydt in
            dydt[0] = y[0]
        }
        #expect(abs(solution.states[1][0] - exp(-2)) < 1e-10)
    }

    @Test func aThrowingRightHandSideStopsWithItsError() {
        do {
            _ = try ODEIntegrator().solve(initial: [1], from: 0, reportingAt: [1]) { t, _, _ in
                if t > 0.5 { throw Boom() }
            }
            Issue.record("expected an error")
        } catch let error as StochasticsError {
            #expect(error.code == .callbackFailed)
            #expect(error.cause is Boom)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func aBlowUpIsAnErrorNotAnAbort() {
        // y' = y², y(0) = 1 has y = 1/(1 − t): infinite at t = 1. GSL would abort the process
        // with its default handler; here it must surface as a Swift error.
        #expect(throws: StochasticsError.self) {
            try ODEIntegrator(maximumSteps: 10_000).solve(initial: [1], from: 0, reportingAt: [2]) { _, y, dydt in
                dydt[0] = y[0] * y[0]
            }
        }
    }

    @Test func tooManyStepsIsReported() throws {
        let error = try #require(throws: StochasticsError.self) {
            try ODEIntegrator(stepper: .rk2, maximumSteps: 5).solve(initial: [1, 0], from: 0, reportingAt: [100]) { _, y, dydt in
                dydt[0] = y[1]
                dydt[1] = -y[0]
            }
        }
        #expect(error.code == .numericalFailure)
        #expect(error.message.contains("more than 5 steps"))
    }

    @Test func badInputsAreRejectedBeforeIntegrating() {
        let rhs: ODEIntegrator.RightHandSide = { _, _, dydt in dydt[0] = 0 }
        #expect(throws: StochasticsError.self) { try ODEIntegrator().solve(initial: [], from: 0, reportingAt: [1], rightHandSide: rhs) }
        #expect(throws: StochasticsError.self) { try ODEIntegrator().solve(initial: [.nan], from: 0, reportingAt: [1], rightHandSide: rhs) }
        #expect(throws: StochasticsError.self) { try ODEIntegrator().solve(initial: [1], from: 0, reportingAt: [2, 1], rightHandSide: rhs) }
        #expect(throws: StochasticsError.self) {
            try ODEIntegrator(absoluteTolerance: 0, relativeTolerance: 0).solve(initial: [1], from: 0, reportingAt: [1], rightHandSide: rhs)
        }
    }
}
