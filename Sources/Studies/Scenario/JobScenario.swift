public import Foundation
public import Graders
public import Provider
public import Simulator

/// The job form of a scenario (docs/SCENARIOS.md): a fine-tuning job with its data, grader,
/// base model and prices, as `rftsim run`, `sweep` and `cost` read it.
///
/// ```swift
/// let scenario = try JobScenario.load(path: "scenarios/security-compliance", overrides: ["seed=7"])
/// print(scenario.name, scenario.model, scenario.method)
/// ```
public struct JobScenario: Sendable {
    /// The scenario file read (a folder's `scenario.yaml`).
    public var path: String
    public var name: String
    public var description: String
    public var seed: UInt64
    public var model: String
    public var method: FineTuningMethod
    public var trainingFile: URL
    public var validationFile: URL?
    public var grader: Grader?
    /// The grader's JSON as the job request carries it.
    public var graderJSON: JSONValue?
    public var responseFormat: JSONValue?
    /// The `hyperparameters` mapping as JSON (for the job request).
    public var hyperparametersJSON: JSONValue
    public var hyperparameters: PlatformHyperparameters
    /// How the provider simulates the job (answer space, prior, gold grader, algorithm).
    public var simulation: SimulationOptions
    public var priceSheet: PriceSheet
    public var dataSharing: Bool
    /// The valid reward a sweep's run must reach (`target.reward`).
    public var targetReward: Double?
    /// The k of the exact pass@k reported on the validation items (`report.pass_at_k`).
    public var passAtK: [Int]
    /// The `calibration:` record `rftsim calibrate` writes: the fitted keys and their covariance.
    public var calibration: ScenarioCalibration?
    /// The document after overrides (a sweep varies keys of it).
    public var document: ScenarioValue

    /// The top-level keys of the job form.
    public static let keys = ["name", "description", "seed", "model", "method", "data", "grader", "gold_grader", "response_format",
                              "answer_space", "prior", "dynamics", "hyperparameters", "trainer", "timing", "pricing", "target", "report",
                              "calibration"]

    /// Loads a scenario file, or a folder's `scenario.yaml`, applying `--set` overrides.
    ///
    /// - Throws: ``ScenarioError`` naming the file, line and key of the first problem.
    public static func load(path: String, overrides: [String] = []) throws -> JobScenario {
        let file = resolve(path)
        let document = try ScenarioDocument.applying(overrides, to: try ScenarioDocument.load(path: file))
        return try JobScenario(document, path: file)
    }

    /// The scenario file a command-line argument names: the path itself, or `scenario.yaml` in a folder.
    public static func resolve(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return URL(fileURLWithPath: path).appendingPathComponent("scenario.yaml").path
        }
        return path
    }

    /// Reads the job form from a parsed document.
    public init(_ document: ScenarioValue, path: String) throws(ScenarioError) {
        self.document = document
        self.path = path
        let top = try ScenarioReader(document, path: "")
        try top.rejectUnknownKeys(Self.keys)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        name = try top.word("name") ?? URL(fileURLWithPath: path).deletingLastPathComponent().lastPathComponent
        description = try top.text("description") ?? ""
        seed = try top.seed("seed") ?? 0
        guard let methodValue = try top.choice("method", as: FineTuningMethod.self) else {
            throw top.error("method", "is required: reinforcement, supervised or dpo")
        }
        method = methodValue
        guard let modelName = try top.text("model") else {
            throw top.error("model", "is required, e.g. o4-mini-2025-04-16 (reinforcement) or gpt-4.1-nano-2025-04-14 (supervised)")
        }
        if let refusal = ModelCatalogue.builtin.refusal(model: modelName, method: method) {
            throw top.error(refusal.param == "model" ? "model" : "method", refusal.message)
        }
        model = ModelCatalogue.builtin.model(named: modelName)?.id ?? modelName

        guard let data = try top.mapping("data") else {
            throw top.error("data", "is required: data: {training: train.jsonl, validation: valid.jsonl}")
        }
        try data.rejectUnknownKeys(["training", "validation"])
        guard let training = try data.file("training", relativeTo: folder) else {
            throw data.error("training", "is required: the training JSONL file, relative to the scenario")
        }
        trainingFile = training
        validationFile = try data.file("validation", relativeTo: folder)
        if method == .reinforcement, validationFile == nil {
            throw data.error("validation", "is required for a reinforcement scenario: its reports, sweeps and warnings are built on the valid reward (the platform itself also runs RFT without one; `rftsim cost --model … --training-file` prices that)")
        }

        (grader, graderJSON) = try top.grader("grader", relativeTo: folder)
        if method == .reinforcement, grader == nil {
            throw top.error("grader", "is required for reinforcement: a path to the grader JSON, or the grader inline")
        }
        if method != .reinforcement, grader != nil {
            throw top.error("grader", "is for reinforcement jobs; a \(method.rawValue) job learns its demonstrations. To score its answers with a grader, name it gold_grader")
        }
        let gold = try top.grader("gold_grader", relativeTo: folder)
        responseFormat = try top.value("response_format").map { value throws(ScenarioError) in
            guard case .mapping = value else { throw top.error("response_format", "must be a mapping (the platform's json_schema response format)") }
            return value.json
        }
        hyperparametersJSON = try top.value("hyperparameters").map { value throws(ScenarioError) in
            guard case .mapping = value else { throw top.error("hyperparameters", "must be a mapping such as {n_epochs: 3, batch_size: 8}") }
            return value.json
        } ?? .object([:])
        do {
            hyperparameters = try PlatformHyperparameters.parsing(hyperparametersJSON, method: method, path: "hyperparameters").0
        } catch {
            let key = error.param.map { String($0.dropFirst("hyperparameters.".count)) } ?? ""
            let reader = try top.mapping("hyperparameters") ?? top
            throw reader.error(key, error.message)
        }

        var simulation = SimulationOptions(goldGrader: gold.grader)
        simulation.answerSpace = try AnswerSpaceReader.read(try top.mapping("answer_space"))
        if let prior = try top.mapping("prior") {
            try prior.rejectUnknownKeys(["success_rate", "difficulty_concentration", "format_error_rate", "unsolvable_share", "memorization", "reasoning_tokens"])
            var base = BasePrior()
            base.successRate = try prior.number("success_rate", where: { (0...1).contains($0) }, "a number in [0, 1]") ?? base.successRate
            base.difficultyConcentration = try prior.number("difficulty_concentration", where: { $0 > 0 }, "a number > 0") ?? base.difficultyConcentration
            base.formatErrorRate = try prior.number("format_error_rate", where: { $0 >= 0 && $0 < 1 }, "a number in [0, 1)") ?? base.formatErrorRate
            base.unsolvableShare = try prior.number("unsolvable_share", where: { $0 >= 0 && $0 < 1 }, "a number in [0, 1) (the share of items the base model cannot solve)") ?? base.unsolvableShare
            base.reasoningTokens = try prior.number("reasoning_tokens", where: { $0 >= 0 && $0 <= 1_000_000 }, "a number of tokens in [0, 1000000] (the base model's mean reasoning per sample at medium effort)")
            simulation.prior = base
            simulation.memorization = try prior.flag("memorization") ?? false
        }
        // The base model answers at the job's reasoning effort (docs/DYNAMICS.md).
        simulation.prior.reasoningEffort = (hyperparameters.reasoningEffort ?? .default).resolved
        if let dynamics = try top.mapping("dynamics") {
            try dynamics.rejectUnknownKeys(["transfer", "instability", "trust_region", "format_drift", "length_normalization"])
            var values = simulation.dynamics
            values.transfer = try dynamics.number("transfer", where: { (0...1).contains($0) }, "a number in [0, 1] (1: learning carries to every item; 0: to none)") ?? values.transfer
            values.instability = try dynamics.number("instability", where: { $0 >= 0 }, "a number ≥ 0 (0: large steps are harmless)") ?? values.instability
            values.trustRegion = try dynamics.number("trust_region", where: { $0 >= 0 }, "a number of nats ≥ 0") ?? values.trustRegion
            values.formatDrift = try dynamics.number("format_drift", where: { $0 >= 0 }, "a number ≥ 0") ?? values.formatDrift
            values.lengthNormalization = try dynamics.flag("length_normalization") ?? values.lengthNormalization
            simulation.dynamics = values
        }
        if let trainer = try top.mapping("trainer") {
            try trainer.rejectUnknownKeys(["algorithm", "base_learning_rate"])
            if let algorithm = try trainer.choice("algorithm", as: Algorithm.self) {
                guard algorithm.isSampled else {
                    throw trainer.error("algorithm", "must be a sampled algorithm for a job: grpo, rloo, dr_grpo or reinforce (exact and natural are for bandits)")
                }
                simulation.algorithm = algorithm
            }
            simulation.baseLearningRate = try trainer.number("base_learning_rate", where: { $0 > 0 }, "a number > 0") ?? simulation.baseLearningRate
        }
        simulation.timing = try TimingReader.read(try top.mapping("timing"))
        self.simulation = simulation
        calibration = try ScenarioCalibration.read(try top.mapping("calibration"))

        priceSheet = .default
        dataSharing = false
        if let pricing = try top.mapping("pricing") {
            try pricing.rejectUnknownKeys(["sheet", "data_sharing"])
            if let sheet = try pricing.text("sheet") {
                guard let found = PriceSheet.builtin(named: sheet) else {
                    throw pricing.error("sheet", "must be one of \(PriceSheet.builtinNames.joined(separator: ", ")), got \"\(sheet)\"")
                }
                priceSheet = found
            }
            dataSharing = try pricing.flag("data_sharing") ?? false
        }
        passAtK = JobTrace.defaultPassAtKValues
        if let report = try top.mapping("report") {
            try report.rejectUnknownKeys(["pass_at_k"])
            passAtK = try report.integers("pass_at_k", in: 1...1_000_000) ?? passAtK
        }
        if let target = try top.mapping("target") {
            try target.rejectUnknownKeys(["reward"])
            targetReward = try target.number("reward", where: { $0.isFinite }, "a number")
        }
    }

    /// The `POST /v1/fine_tuning/jobs` body for this scenario, with the uploaded files' ids.
    public func jobRequest(trainingFileID: String, validationFileID: String?) -> JSONValue {
        var inner: [String: JSONValue] = ["hyperparameters": hyperparametersJSON]
        if let graderJSON { inner["grader"] = graderJSON }
        if let responseFormat { inner["response_format"] = responseFormat }
        var methodJSON: [String: JSONValue] = ["type": .string(method.rawValue)]
        methodJSON[method.rawValue] = .object(inner)
        var body: [String: JSONValue] = [
            "model": .string(model), "training_file": .string(trainingFileID), "seed": .number(Double(seed % 2_147_483_648)),
            "suffix": .string(String(name.prefix(64))), "method": .object(methodJSON),
        ]
        if let validationFileID { body["validation_file"] = .string(validationFileID) }
        return .object(body)
    }
}
