import ArgumentParser
import Foundation
import Stochastics

extension RFTSim {
    /// `rftsim demo`: shows the stochastics core on a learning curve, end to end.
    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo",
            abstract: "Simulate a noisy learning curve and recover it by fitting (a tour of the stochastics core).",
            discussion: """
                A success rate follows r(t) = a − b·exp(−c·t), integrated as an ODE with GSL's rk8pd. \
                Each step samples answers that succeed with probability r(t), from seeded random streams; \
                a nonlinear least-squares fit recovers (a, b, c) with standard errors, and the output \
                compares them with the truth. The same seed always prints the same numbers.

                Exit status: 0 on success, 1 when the integration or the fit fails (the message says why), 64 \
                for a usage error.
                """
        )

        @Option(help: "The run seed.")
        var seed: UInt64 = 42

        @Option(help: "Training steps to observe.")
        var steps: Int = 60

        @Option(help: "Answers sampled per step (more means less noise).")
        var samples: Int = 64

        @Option(help: "The true ceiling a of the success rate, in [0, 1].")
        var ceiling: Double = 0.85

        @Option(help: "The true success rate at step 0, in [0, ceiling].")
        var start: Double = 0.2

        @Option(help: "The true learning rate c per step, > 0.")
        var rate: Double = 0.06

        func validate() throws {
            guard steps >= 4 else { throw ValidationError("--steps must be at least 4 to fit three parameters, got \(steps).") }
            guard samples >= 1 else { throw ValidationError("--samples must be at least 1, got \(samples).") }
            guard (0...1).contains(ceiling) else { throw ValidationError("--ceiling must be in [0, 1], got \(ceiling).") }
            guard (0...ceiling).contains(start) else { throw ValidationError("--start must be in [0, --ceiling], got \(start).") }
            guard rate > 0, rate.isFinite else { throw ValidationError("--rate must be a positive number, got \(rate).") }
        }

        func run() throws {
            print(try report())
        }

        /// The text `run()` prints.
        func report() throws -> String {
            let truth = SaturatingLearningCurve(ceiling: ceiling, gap: ceiling - start, rate: rate)
            let outcome = try LearningCurveExperiment(truth: truth, steps: steps, samplesPerStep: samples, seed: seed).run()
            return DemoReport(truth: truth, outcome: outcome, samplesPerStep: samples).text
        }
    }
}

/// The demo's printed report.
struct DemoReport {
    let truth: SaturatingLearningCurve
    let outcome: LearningCurveExperiment.Outcome
    let samplesPerStep: Int

    var text: String {
        let fit = outcome.fit
        let truthValues = [truth.ceiling, truth.gap, truth.rate]
        var lines = [
            "Learning curve r(t) = a − b·exp(−c·t), \(outcome.times.count) steps × \(samplesPerStep) samples",
            "ODE (rk8pd) vs closed form: largest error \(format(outcome.largestODEError, "%.2e"))",
            "",
            "param   true      fitted    std.err   |fit−true|/se",
        ]
        for (index, name) in ["a", "b", "c"].enumerated() {
            let error = fit.standardErrors[index]
            lines.append(
                "\(name)       \(format(truthValues[index]))  \(format(fit.parameters[index]))  \(format(error))  "
                    + format(abs(fit.parameters[index] - truthValues[index]) / error, "%.2f"))
        }
        let last = outcome.lastStepInterval
        let residual = outcome.residualInterval
        lines += [
            "",
            "last step: \(format(last.estimate)) success, 95% Clopper–Pearson [\(format(last.lower)), \(format(last.upper))]"
                + " (true \(format(outcome.trueRates.last ?? .nan)))",
            "mean residual: \(format(residual.estimate, "%+.5f")), 95% t interval [\(format(residual.lower, "%+.5f")), \(format(residual.upper, "%+.5f"))]",
        ]
        let target = truth.value(at: 0) + 0.9 * truth.gap
        if let forecast = outcome.fitted.time(toReach: target), let actual = truth.time(toReach: target) {
            lines.append("steps to reach \(format(target, "%.3f")): forecast \(format(forecast, "%.1f")), true \(format(actual, "%.1f"))")
        }
        return lines.joined(separator: "\n")
    }

    private func format(_ value: Double, _ pattern: String = "%.5f") -> String {
        String(format: pattern, value)
    }
}
