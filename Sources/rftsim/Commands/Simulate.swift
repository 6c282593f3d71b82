import ArgumentParser
import Foundation
import Simulator
import Studies

extension RFTSim {
    /// `rftsim simulate`: runs the stochastic trainer alone on a scenario.
    struct Simulate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the policy-gradient trainer on a scenario and write its metrics, one JSON object per step.",
            discussion: """
                Each line has step, train_reward_mean, reward_std, frac_reward_zero_std, entropy, kl, \
                policy_expected_reward (the exact expected reward of the current policy) and, for a bandit, \
                policy (the answer probabilities after the step). The same scenario and seed always give the \
                same lines. See scenarios/bandit-plateau.yaml for the bandit form.
                """
        )

        @Argument(help: ArgumentHelp("The scenario (YAML).", valueName: "SCENARIO.yaml"))
        var scenario: String

        @Option(name: .customLong("set"), help: ArgumentHelp("Override a scenario key, e.g. --set trainer.learning_rate=0.2 (repeatable).", valueName: "key=value"))
        var overrides: [String] = []

        @Option(help: ArgumentHelp("Where the per-step metrics go: a file, or - for stdout.", valueName: "FILE|-"))
        var metrics: String = "-"

        func run() throws {
            let document = try ScenarioDocument.applying(overrides, to: ScenarioDocument.load(path: scenario))
            let bandit = try BanditScenario(document)
            let run = try bandit.makeTrainer(document: document).run()
            let sink = try OutputSink(path: metrics == "-" ? nil : metrics)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            for line in SimulationLine.lines(of: run) {
                try sink.write(encoder.encode(line) + Data("\n".utf8))
            }
            try sink.close()
            var summary = "simulated \(run.metrics.count) steps of \(bandit.configuration.algorithm.rawValue): policy expected reward "
                + "\(format(run.initialPolicyExpectedReward)) → \(format(run.metrics.last?.policyExpectedReward ?? run.initialPolicyExpectedReward))"
            if run.hadNoLearningSignal {
                summary += "\nwarning: no learning signal: every group's rewards were equal at every step (all answers score the same, or the policy never samples a better one)"
            }
            FileHandle.standardError.write(Data((summary + "\n").utf8))
        }

        private func format(_ value: Double) -> String { String(format: "%.4f", value) }
    }
}
