import Foundation

/// Grades samples with any ``Grader``, offline, with the platform's semantics.
///
/// ```swift
/// let engine = GraderEngine()
/// let result = await engine.grade(grader, item: ["answer": "Paris"], sample: Sample(outputText: "Paris"))
/// result.reward   // 1.0
/// ```
///
/// Grading never throws: a problem with the sample or the grader's templates sets the
/// matching flag in `metadata.errors` and scores 0, as the platform does. The engine is
/// `Sendable`; share one across tasks (the python workers and WordNet are loaded once, on
/// first use). Python graders run in the sandboxed worker of the engine's isolation key (see
/// ``isolated(for:)``); keys never share a worker.
public final class GraderEngine: Sendable {
    /// How grading behaves beyond the graders' definitions.
    public struct Options: Sendable {
        /// Who answers for `score_model` and `label_model`.
        public var judge: any Judge
        /// Report measured wall-clock `execution_time` instead of the simulated latency
        /// (measured times make results differ from run to run).
        public var measureExecutionTime: Bool
        /// The sandbox and limits of the python graders' worker processes.
        public var python: PythonGraderRunner.Configuration
        /// How many python workers (one per isolation key) may run at once.
        public var maximumPythonWorkers: Int
        /// Where WordNet's files are, for `meteor` (Debian's `wordnet-base` and
        /// `wordnet-sense-index` put them in /usr/share/wordnet).
        public var wordNetDirectory: String

        public init(
            judge: any Judge = BuiltinJudge(), measureExecutionTime: Bool = false,
            python: PythonGraderRunner.Configuration = .init(), wordNetDirectory: String = "/usr/share/wordnet",
            maximumPythonWorkers: Int = 8
        ) {
            self.maximumPythonWorkers = maximumPythonWorkers
            self.judge = judge
            self.measureExecutionTime = measureExecutionTime
            self.python = python
            self.wordNetDirectory = wordNetDirectory
        }
    }

    public let options: Options
    let python: PythonGraderPool
    let wordNet: LazyWordNet
    /// Whose python worker this engine's python graders run in.
    public let isolationKey: String

    /// Creates an engine.
    public init(options: Options = Options()) {
        self.options = options
        self.python = PythonGraderPool(configuration: options.python, maximumWorkers: options.maximumPythonWorkers)
        self.wordNet = LazyWordNet(directory: options.wordNetDirectory)
        self.isolationKey = ""
    }

    private init(sharing engine: GraderEngine, isolationKey: String) {
        self.options = engine.options
        self.python = engine.python
        self.wordNet = engine.wordNet
        self.isolationKey = isolationKey
    }

    /// This engine for another isolation key (an organisation): the same options, judge,
    /// WordNet and worker pool, but python graders run in that key's own worker, which shares no
    /// interpreter state with any other key's.
    ///
    /// - Parameter isolationKey: the organisation (or API key) the grading is for.
    /// - Returns: an engine to grade with for that key; cheap to create.
    public func isolated(for isolationKey: String) -> GraderEngine {
        isolationKey == self.isolationKey ? self : GraderEngine(sharing: self, isolationKey: isolationKey)
    }

    /// Stops the python workers of every key, if any were started.
    public func shutdown() async {
        await python.shutdown()
    }

    /// Grades one sample.
    ///
    /// - Parameters:
    ///   - grader: the grader.
    ///   - item: the dataset item (the `item` namespace).
    ///   - sample: the model's output.
    /// - Returns: the result in the `graders/run` shape.
    public func grade(_ grader: Grader, item: JSONValue, sample: Sample) async -> GraderResult {
        let start = ContinuousClock.now
        var result = await evaluate(grader, item: item, sample: sample)
        if options.measureExecutionTime {
            let elapsed = ContinuousClock.now - start
            result.metadata.executionTime = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        }
        return result
    }

    /// Grades one sample without suspending, for graders that run in process: `string_check`,
    /// `text_similarity`, and `multi` graders made only of those. Returns `nil` for graders that
    /// need the python worker or a judge; use ``grade(_:item:sample:)`` for those.
    public func gradeLocally(_ grader: Grader, item: JSONValue, sample: Sample) -> GraderResult? {
        guard grader.runsLocally else { return nil }
        return evaluateLocally(grader, item: item, sample: sample)
    }

    func evaluate(_ grader: Grader, item: JSONValue, sample: Sample) async -> GraderResult {
        if grader.runsLocally { return evaluateLocally(grader, item: item, sample: sample) }
        let metadata = Self.metadata(for: grader)
        if sample.violatesResponseFormat { return Self.sampleParseFailure(metadata) }
        let context = TemplateContext(item: item, sample: sample)
        switch grader {
        case .scoreModel(let model):
            return await gradeWithModel(.score(model), item: item, sample: sample, context: context, metadata: metadata)
        case .labelModel(let model):
            return await gradeWithModel(.label(model), item: item, sample: sample, context: context, metadata: metadata)
        case .python(let python):
            return await gradePython(python, item: item, sample: sample, metadata: metadata)
        case .multi(let multi):
            var subResults: [(String, GraderResult)] = []
            for key in multi.graders.keys.sorted() {
                subResults.append((key, await evaluate(multi.graders[key]!, item: item, sample: sample)))
            }
            return Self.combine(multi, subResults, metadata: metadata)
        case .stringCheck, .textSimilarity:
            return evaluateLocally(grader, item: item, sample: sample)
        }
    }

    private func evaluateLocally(_ grader: Grader, item: JSONValue, sample: Sample) -> GraderResult {
        let metadata = Self.metadata(for: grader)
        if sample.violatesResponseFormat { return Self.sampleParseFailure(metadata) }
        let context = TemplateContext(item: item, sample: sample)
        switch grader {
        case .stringCheck(let check):
            return Self.score(metadata) { try check.score(context) }
        case .textSimilarity(let similarity):
            return Self.score(metadata) { try similarity.score(context, wordNet: wordNet) }
        case .multi(let multi):
            let subResults = multi.graders.keys.sorted().map { ($0, evaluateLocally(multi.graders[$0]!, item: item, sample: sample)) }
            return Self.combine(multi, subResults, metadata: metadata)
        case .scoreModel, .labelModel, .python:
            preconditionFailure("\(grader.kind) does not run locally")
        }
    }

    private static func metadata(for grader: Grader) -> GraderResult.Metadata {
        GraderResult.Metadata(name: grader.name, type: grader.kind.rawValue, executionTime: GraderLatency.seconds(for: grader))
    }

    private static func sampleParseFailure(_ metadata: GraderResult.Metadata) -> GraderResult {
        var metadata = metadata
        metadata.errors.sampleParseError = true
        return GraderResult(reward: 0, metadata: metadata)
    }

    /// Runs a synchronous scorer, turning a template failure into `invalid_variable_error`.
    private static func score(_ metadata: GraderResult.Metadata, _ body: () throws -> Double) -> GraderResult {
        var metadata = metadata
        do {
            return GraderResult(reward: try body(), metadata: metadata)
        } catch is TemplateError {
            metadata.errors.invalidVariableError = true
        } catch {
            metadata.errors.otherError = true
        }
        return GraderResult(reward: 0, metadata: metadata)
    }

    /// A `multi` grader's result from its sub-graders' (in key order): sub-rewards, merged error
    /// flags and token usage, summed execution time, and the formula's value.
    private static func combine(_ multi: MultiGrader, _ subResults: [(String, GraderResult)], metadata: GraderResult.Metadata) -> GraderResult {
        var metadata = metadata
        var subRewards: [String: Double] = [:]
        var usage: [String: TokenUsage] = [:]
        var total: TokenUsage?
        metadata.executionTime = 0
        for (key, sub) in subResults {
            subRewards[key] = sub.reward
            metadata.errors.merge(sub.metadata.errors)
            metadata.executionTime += sub.metadata.executionTime
            usage.merge(sub.modelGraderTokenUsagePerModel, uniquingKeysWith: +)
            if let subUsage = sub.metadata.tokenUsage { total = (total ?? TokenUsage()) + subUsage }
            if metadata.sampledModelName == nil { metadata.sampledModelName = sub.metadata.sampledModelName }
        }
        metadata.scores = subRewards
        metadata.tokenUsage = total
        var reward = 0.0
        do {
            let value = try Formula(multi.calculateOutput).evaluate(subRewards)
            // Division by zero, log of 0 and the like: the score is 0, flagged as other_error.
            if value.isFinite { reward = value } else { metadata.errors.otherError = true }
        } catch {
            metadata.errors.formulaParseError = true
        }
        return GraderResult(reward: reward, metadata: metadata, subRewards: subRewards, modelGraderTokenUsagePerModel: usage)
    }
}

extension Grader {
    /// Whether the grader runs entirely in process (no python worker, no judge).
    public var runsLocally: Bool {
        switch self {
        case .stringCheck, .textSimilarity: true
        case .scoreModel, .labelModel, .python: false
        case .multi(let multi): multi.graders.values.allSatisfy(\.runsLocally)
        }
    }
}

/// Simulated `execution_time` per grader kind, so results are reproducible. The values are the
/// defaults of the simulator's timing model (`data/timing-model.json`), which calibrates model
/// graders to the training mean latency of the guide's example job: string graders run beside
/// the training loop, python graders in a sandbox, model graders as an API call. A `multi`
/// grader takes the sum of its sub-graders.
enum GraderLatency {
    static func seconds(for grader: Grader) -> Double {
        switch grader {
        case .stringCheck: 0.0001
        case .textSimilarity: 0.002
        case .python: 0.05
        case .scoreModel, .labelModel: 2.69
        case .multi: 0
        }
    }
}
