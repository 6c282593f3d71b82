import Simulator
import Studies
import Testing

struct BanditScenarioTests {
    private let yaml = """
        bandit:
          rewards: [1.0, 0.9, 0.1]
          initial_policy: [0.01, 0.05, 0.94]
        trainer:
          algorithm: rloo
          learning_rate: 0.1
          samples_per_prompt: 8
          batch_size: 4
          steps: 200
        seed: 7
        """

    private func scenario(_ text: String, overrides: [String] = []) throws -> BanditScenario {
        try BanditScenario(ScenarioDocument.applying(overrides, to: ScenarioDocument.parse(text, source: "s.yaml")))
    }

    private func failure(_ text: String, overrides: [String] = []) throws -> ScenarioError {
        do {
            let document = try ScenarioDocument.applying(overrides, to: ScenarioDocument.parse(text, source: "s.yaml"))
            _ = try BanditScenario(document).makeTrainer(document: document)
        } catch let error as ScenarioError {
            return error
        }
        Issue.record("expected a scenario error")
        return ScenarioError(location: .init(source: "", line: nil), key: "", message: "")
    }

    @Test func readsTheIssuesExample() throws {
        let bandit = try scenario(yaml)
        #expect(bandit.configuration.algorithm == .rloo)
        #expect(bandit.configuration.learningRate == 0.1)
        #expect(bandit.configuration.groupSize == 8 && bandit.configuration.batchSize == 4)
        #expect(bandit.configuration.steps == 200 && bandit.configuration.seed == 7)
        #expect(bandit.table.itemCount == 4)  // one group per batch slot, all on the one prompt
    }

    @Test func overridesChangeAnyKey() throws {
        let bandit = try scenario(yaml, overrides: ["trainer.learning_rate=0.2", "trainer.algorithm=grpo", "seed=9", "trainer.kl_beta=0.05"])
        #expect(bandit.configuration.learningRate == 0.2)
        #expect(bandit.configuration.algorithm == .grpo)
        #expect(bandit.configuration.seed == 9)
        #expect(bandit.configuration.kl == KLPenalty(beta: 0.05, estimator: .k3))
    }

    @Test(arguments: [
        ("trainer:\n  learning_rate: -0.1\nbandit:\n  rewards: [1, 0]\n", [String](), "s.yaml line 2, trainer.learning_rate: must be a number > 0, got \"-0.1\""),
        ("bandit:\n  rewards: [1, 0]\n  initial_policy: [0.5, 0.6]\n", [], "s.yaml line 3, bandit.initial_policy: initialPolicy must sum to 1 (within 1e-9); it sums to 1.1"),
        ("bandit:\n  rewards: []\n", [], "s.yaml line 2, bandit.rewards: is required: one reward per answer, e.g. [1.0, 0.9, 0.1]; the answer space cannot be empty"),
        ("bandit:\n  rewards: [1, 0]\ntrainer:\n  algoritm: rloo\n", [], "s.yaml line 4, trainer.algoritm: is not a known key here; allowed keys are algorithm, learning_rate, samples_per_prompt, batch_size, steps, reward_scaling, kl_beta, kl_estimator, clip_epsilon, iterations_per_batch, optimizer, baseline_rate"),
        ("bandit:\n  rewards: [1, 0]\ntrainer:\n  algorithm: ppo\n", [], "s.yaml line 4, trainer.algorithm: must be one of exact, natural, reinforce, rloo, grpo, dr_grpo, got \"ppo\""),
        ("bandit:\n  rewards: [1, x]\n", [], "s.yaml line 2, bandit.rewards[1]: must be a finite number, got \"x\""),
        ("bandit:\n  rewards: [1, 0]\n", ["trainer.learning_rate=-1"], "--set trainer.learning_rate=-1, trainer.learning_rate: must be a number > 0, got \"-1\""),
        ("bandit:\n  rewards: [1, 0]\n", ["trainer.learning_rate"], "--set trainer.learning_rate: write --set key.path=value, e.g. --set trainer.learning_rate=0.2"),
        ("bandit: [\n", [], "s.yaml line"),
    ])
    func badScenariosNameFileLineAndKey(text: String, overrides: [String], message: String) throws {
        let error = try failure(text, overrides: overrides)
        #expect(error.description.hasPrefix(message), "\(error)")
    }

    @Test func grpoWithOneSampleIsRejectedByTheTrainerUnderTheScenarioKey() throws {
        let error = try failure("bandit:\n  rewards: [1, 0]\ntrainer:\n  algorithm: grpo\n  samples_per_prompt: 1\n")
        #expect(error.key == "trainer.samples_per_prompt")
        #expect(error.location.line == 5)
    }
}
