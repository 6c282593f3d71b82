import ArgumentParser
import Foundation
import Graders
import Provider
import Simulator
import Studies

extension RFTSim {
    /// `rftsim simulate`: runs the stochastic trainer alone on a scenario, job or bandit.
    struct Simulate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "simulate",
            abstract: "Run the policy-gradient trainer alone on a scenario and write its metrics, one JSON object per step.",
            discussion: """
                SCENARIO is a job (a folder with scenario.yaml, or the YAML file; docs/SCENARIOS.md) or a bandit \
                (K answers with fixed rewards; see scenarios/bandit-plateau.yaml). A job is trained as one run of \
                `rftsim sweep` trains it, without the provider: the answer space is built from the data and the \
                grader, the hyperparameters are resolved as the platform resolves them, and the trainer's seed is \
                the scenario's.

                Each line has step, train_reward_mean, reward_std, frac_reward_zero_std, entropy, kl and \
                policy_expected_reward (the exact expected reward of the policy after the step, over the training \
                items). A job's lines add training_seconds and cost (simulated training time and USD so far, from \
                the timing model and the scenario's price sheet) and, at validation steps only (absent at the \
                others), valid_policy_expected_reward (the exact expected validation reward: the valid reward that \
                rftsim run reports and a sweep summarises) and valid_reward_mean (its sampled estimate, eval_samples \
                answers per item). A bandit's lines add policy (the answer probabilities after the step). A summary \
                goes to stderr, with a warning when no step had any learning signal. The same scenario and seed \
                always give the same bytes.

                Exit status: 0 on success, 1 when the scenario cannot be read or simulated (the message says why), \
                64 for a usage error.
                """
        )

        @Argument(help: ArgumentHelp("The scenario: a folder with scenario.yaml, or the YAML file (job or bandit form).", valueName: "SCENARIO"))
        var scenario: String

        @Option(name: .customLong("set"), help: ArgumentHelp("Override a scenario key, e.g. --set hyperparameters.n_epochs=1 (repeatable).", valueName: "key=value"))
        var overrides: [String] = []

        @Option(help: ArgumentHelp("Training steps (default: from the hyperparameters, or a bandit's trainer.steps).", valueName: "N"))
        var steps: Int?

        @Option(help: ArgumentHelp("Where the per-step metrics go: a file, or - for stdout.", valueName: "FILE|-"))
        var metrics: String = "-"

        @Option(help: ArgumentHelp("A bandit with lengths only: write an SVG of the incorrect answers' mean length per step under GRPO and Dr. GRPO, over 16 seeds.", valueName: "FILE.svg"))
        var lengthFigure: String?

        @OptionGroup var python: PythonGraderOptions

        func validate() throws {
            if let steps, steps < 1 { throw ValidationError("--steps \(steps): a run needs at least 1 step") }
        }

        func run() async throws {
            python.apply()
            let summary = try await simulate()
            FileHandle.standardError.write(Data((summary + "\n").utf8))
        }

        /// Reads the scenario, trains it writing the metrics, and returns the summary for stderr.
        func simulate() async throws -> String {
            do {
                switch try SimulationScenario.load(path: scenario, overrides: overrides) {
                case .job(let job): return try await simulate(job)
                case .bandit(let bandit, let document): return try simulate(bandit, document: document)
                }
            } catch let error as CommandFailure {
                throw error
            } catch {
                throw CommandFailure("\(error)")
            }
        }

        /// Trains a job as one run of a sweep, writing a line per step; returns the summary.
        func simulate(_ job: JobScenario) async throws -> String {
            let simulation = try JobSimulation(job, steps: steps)
            let engine = GraderEngine()
            let responses: JobSimulation.Responses
            do {
                responses = try await simulation.buildResponses(engine: engine)
            } catch {
                await engine.shutdown()
                throw error
            }
            await engine.shutdown()
            let session = try simulation.session(responses)
            let writer = try LineWriter(path: metrics)
            while !session.isFinished {
                let line = try SimulationLine.line(session.step(), of: session)
                try writer.write(line.metrics, trainingSeconds: line.trainingSeconds, cost: line.cost)
            }
            try writer.close()
            let algorithm = simulation.configuration.algorithm.rawValue
            var lines = [
                "simulated \(session.stepsCompleted) steps of \(algorithm) (\(job.name), seed \(session.seed)): valid reward (expected) "
                    + "\(format(session.initialValidReward)) → \(format(session.expectedValidReward))",
                "  simulated training: \(String(format: "%.2f", session.trainingSeconds / 3600)) h, "
                    + "$\(String(format: "%.2f", try session.cost())) (\(job.priceSheet.name) sheet, data sharing \(job.dataSharing ? "on" : "off")"
                    + (simulation.billsGraderTokens ? ", grader tokens included)" : ")"),
            ]
            if session.hadNoLearningSignal { lines.append(Self.noSignalWarning) }
            return lines.joined(separator: "\n")
        }

        /// Trains a bandit, writing a line per step as it is taken (nothing kept); returns the summary.
        func simulate(_ bandit: BanditScenario, document: ScenarioValue) throws -> String {
            var bandit = bandit
            if let steps { bandit.configuration.steps = steps }
            let trainer = try bandit.makeTrainer(document: document)
            let session = trainer.makeSession()
            let initialReward = session.policy.expectedReward()
            let initialLength = session.trackedProbabilities.flatMap(bandit.incorrectAnswerLength(probabilities:))
            let steps = trainer.configuration.steps
            let writer = try LineWriter(path: metrics, policyCount: session.trackedProbabilityCount ?? 0)
            var finalReward = initialReward
            var hadLearningSignal = false
            for number in stride(from: 1, through: steps, by: 1) {
                let step = session.step(forceValidation: number == steps)
                try writer.write(step, policyOf: session)
                finalReward = step.policyExpectedReward ?? finalReward
                hadLearningSignal = hadLearningSignal || step.fracRewardZeroStd != 1
            }
            // The summary first, while the writing thread writes the last lines.
            var summary = "simulated \(steps) steps of \(bandit.configuration.algorithm.rawValue): policy expected reward "
                + "\(format(initialReward)) → \(format(finalReward))"
            if let first = initialLength, let last = session.trackedProbabilities.flatMap(bandit.incorrectAnswerLength(probabilities:)) {
                summary += "\n  mean length of the incorrect answers: \(String(format: "%.0f", first)) → \(String(format: "%.0f", last)) tokens"
            }
            try writer.close()
            if let lengthFigure {
                guard let chart = try bandit.lengthBiasChart(document: document, seeds: 0..<16) else {
                    throw CommandFailure("--length-figure needs a bandit with bandit.lengths and at least one answer below the best reward")
                }
                do {
                    try Data(chart.svg(standalone: true).utf8).write(to: URL(fileURLWithPath: lengthFigure))
                } catch {
                    throw CommandFailure("cannot write \(lengthFigure): \(error.localizedDescription)")
                }
            }
            if !hadLearningSignal { summary += "\n" + Self.noSignalWarning }
            return summary
        }

        static let noSignalWarning = "warning: no learning signal: every group's rewards were equal at every step "
            + "(all answers score the same, or the policy never samples a better one)"

        private func format(_ value: Double) -> String { String(format: "%.4f", value) }
    }
}
