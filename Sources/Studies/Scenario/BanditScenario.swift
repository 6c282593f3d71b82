public import Simulator

/// The bandit form of a scenario: K answers with fixed rewards and no dataset, trained by the
/// simulator alone.
///
/// ```yaml
/// bandit:
///   rewards: [1.0, 0.9, 0.1]
///   initial_policy: [0.01, 0.05, 0.94]   # or initial_logits; uniform when both are absent
///   gold_rewards: [1.0, 0.2, 0.1]        # optional
///   lengths: [400, 400, 1600]            # optional: tokens per answer (GRPO weighs by 1/length)
/// trainer:
///   algorithm: rloo          # exact | natural | reinforce | rloo | grpo | dr_grpo
///   learning_rate: 0.1
///   samples_per_prompt: 8
///   batch_size: 4            # groups per step, each on the bandit's one prompt
///   steps: 200
/// seed: 7
/// ```
///
/// Optional trainer keys: `reward_scaling` (group | batch | none), `kl_beta` with
/// `kl_estimator` (k1 | k3), `clip_epsilon`, `iterations_per_batch`, `optimizer` (sgd | adam),
/// `baseline_rate`.
public struct BanditScenario: Sendable {
    /// The bandit as a response table: `batch_size` copies of the one prompt.
    public let table: ResponseTable
    /// The trainer's settings (`rftsim simulate --steps` changes `steps`).
    public var configuration: TrainerConfiguration

    /// The top-level keys of the bandit form.
    public static let topLevelKeys = ["bandit", "trainer", "seed"]

    /// Reads the bandit form.
    ///
    /// - Throws: ``ScenarioError`` naming the file, line and key of the first problem.
    public init(_ document: ScenarioValue) throws(ScenarioError) {
        let top = try ScenarioReader(document, path: "")
        try top.rejectUnknownKeys(Self.topLevelKeys)
        guard let bandit = try top.mapping("bandit") else {
            throw top.error("bandit", "is required: the answers' rewards, e.g. bandit: {rewards: [1.0, 0.1]}")
        }
        try bandit.rejectUnknownKeys(["rewards", "initial_policy", "initial_logits", "gold_rewards", "lengths"])
        guard let rewards = try bandit.numbers("rewards"), !rewards.isEmpty else {
            throw bandit.error("rewards", "is required: one reward per answer, e.g. [1.0, 0.9, 0.1]; the answer space cannot be empty")
        }
        if bandit.has("initial_policy"), bandit.has("initial_logits") {
            throw bandit.error("initial_logits", "give initial_policy or initial_logits, not both")
        }
        let trainer = try top.mapping("trainer") ?? ScenarioReader(.mapping([], top.location), path: "trainer")
        try trainer.rejectUnknownKeys(Self.trainerKeys)
        var configuration = TrainerConfiguration()
        configuration.algorithm = try trainer.choice("algorithm", as: Algorithm.self) ?? .grpo
        configuration.learningRate = try trainer.number("learning_rate", where: { $0 > 0 }, "a number > 0") ?? 0.1
        configuration.groupSize = try trainer.integer("samples_per_prompt", in: 1...4096) ?? 8
        configuration.batchSize = try trainer.integer("batch_size", in: 1...4096) ?? 1
        configuration.steps = try trainer.integer("steps", in: 0...10_000_000) ?? 100
        configuration.seed = try top.seed("seed") ?? 0
        configuration.rewardScaling = try trainer.choice("reward_scaling", as: RewardScaling.self) ?? .group
        if let beta = try trainer.number("kl_beta", where: { $0 >= 0 }, "a number ≥ 0") {
            configuration.kl = KLPenalty(beta: beta, estimator: try trainer.choice("kl_estimator", as: KLEstimator.self) ?? .k3)
        } else if trainer.has("kl_estimator") {
            throw trainer.error("kl_estimator", "needs kl_beta, the KL coefficient")
        }
        configuration.clipEpsilon = try trainer.number("clip_epsilon", where: { $0 > 0 }, "a number > 0") ?? configuration.clipEpsilon
        configuration.iterationsPerBatch = try trainer.integer("iterations_per_batch", in: 1...64) ?? 1
        configuration.baselineRate = try trainer.number("baseline_rate", where: { $0 > 0 && $0 <= 1 }, "a number in (0, 1]") ?? configuration.baselineRate
        if let optimizer = try trainer.choice("optimizer", as: OptimizerName.self) {
            configuration.optimizer = optimizer == .adam ? .adam() : .sgd
        }
        configuration.trackedItem = 0
        self.configuration = configuration

        let lengths = try bandit.numbers("lengths")
        if let lengths {
            guard lengths.count == rewards.count else {
                throw bandit.error("lengths", "has \(lengths.count) values but there are \(rewards.count) answers; give one length (tokens) per answer")
            }
            if let bad = lengths.firstIndex(where: { !($0 >= 1 && $0.isFinite) }) {
                throw bandit.error("lengths", "lengths[\(bad)] is \(lengths[bad]); every answer is at least 1 token long")
            }
        }
        do {
            var made: ResponseTable
            if let policy = try bandit.numbers("initial_policy") {
                made = try .bandit(rewards: rewards, initialPolicy: policy, goldRewards: try bandit.numbers("gold_rewards"), copies: configuration.batchSize)
            } else {
                made = try .bandit(rewards: rewards, initialLogits: try bandit.numbers("initial_logits"), goldRewards: try bandit.numbers("gold_rewards"),
                                   copies: configuration.batchSize)
            }
            if let lengths {
                // Lengths given: GRPO normalises per sequence, as it does for jobs.
                try made.setAnswerTokens(Array((0..<configuration.batchSize).map { _ in lengths }.joined()))
                self.configuration.dynamics.lengthNormalization = true
            }
            table = made
        } catch let error as SimulatorError {
            let key = Self.keys[error.field.map(Self.baseField) ?? ""] ?? "bandit"
            throw ScenarioError(location: bandit.value(String(key.split(separator: ".").last!))?.location ?? bandit.location, key: key, message: error.message)
        } catch let error as ScenarioError {
            throw error
        } catch {
            throw ScenarioError(location: bandit.location, key: "bandit", message: "\(error)")
        }
    }

    /// Makes the trainer, translating its checks into scenario keys.
    public func makeTrainer(document: ScenarioValue) throws(ScenarioError) -> Trainer {
        do {
            return try Trainer(table: table, configuration: configuration)
        } catch {
            let key = Self.keys[error.field.map(Self.baseField) ?? ""] ?? "trainer"
            let location = Self.location(of: key, in: document) ?? document.location
            throw ScenarioError(location: location, key: key, message: error.message)
        }
    }

    enum OptimizerName: String, CaseIterable { case sgd, adam }

    static let trainerKeys = [
        "algorithm", "learning_rate", "samples_per_prompt", "batch_size", "steps", "reward_scaling", "kl_beta", "kl_estimator",
        "clip_epsilon", "iterations_per_batch", "optimizer", "baseline_rate",
    ]

    /// The simulator's field names → scenario keys.
    static let keys = [
        "rewards": "bandit.rewards", "initialPolicy": "bandit.initial_policy", "initialLogits": "bandit.initial_logits",
        "goldRewards": "bandit.gold_rewards", "learningRate": "trainer.learning_rate", "batchSize": "trainer.batch_size",
        "groupSize": "trainer.samples_per_prompt", "steps": "trainer.steps", "algorithm": "trainer.algorithm",
        "kl": "trainer.kl_beta", "clipEpsilon": "trainer.clip_epsilon", "iterationsPerBatch": "trainer.iterations_per_batch",
        "optimizer": "trainer.optimizer", "baselineRate": "trainer.baseline_rate", "rewardScaling": "trainer.reward_scaling",
    ]

    /// `initialPolicy[2]` → `initialPolicy`.
    static func baseField(_ field: String) -> String {
        String(field.prefix { $0 != "[" && $0 != "." })
    }

    static func location(of key: String, in document: ScenarioValue) -> ScenarioLocation? {
        var value: ScenarioValue? = document
        for part in key.split(separator: ".") { value = value?[String(part)] }
        return value?.location
    }
}
