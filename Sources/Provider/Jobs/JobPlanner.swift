internal import Foundation
internal import Graders
internal import Simulator

/// Simulates a job's whole training from its files, method and seed (see ``JobPlan``).
///
/// - Reinforcement: the response model is inferred from the dataset and the grader
///   (``ResponseModelBuilder``), the trainer is GRPO with the resolved platform hyperparameters,
///   durations come from the ``TimingModel`` and the events from ``RFTMetricsRecorder``.
/// - Supervised and DPO: each example's last assistant message (DPO: the first preferred output)
///   is the demonstration; the answer space is inferred with an exact-match grader against it, and
///   ``SupervisedTrainer`` trains by maximum likelihood. A step takes
///   ``supervisedStepOverheadSeconds`` plus its tokens at ``supervisedTokensPerSecond``.
enum JobPlanner {
    /// Fixed seconds per SFT step (optimizer, bookkeeping).
    static let supervisedStepOverheadSeconds = 3.0
    /// SFT training throughput, tokens per second.
    static let supervisedTokensPerSecond = 4_000.0

    /// The grader SFT jobs are scored with: does the answer equal the demonstration?
    static let demonstrationGrader: Grader = {
        let json: JSONValue = [
            "type": "string_check", "name": "matches_demonstration", "operation": "eq",
            "input": "{{sample.output_text}}", "reference": "{{item.demonstration}}",
        ]
        return try! Grader(json: json)
    }()

    /// Items of supervised/DPO lines: the prompt messages and the demonstrated answer, plus the
    /// line's other keys (which a scenario's gold grader may read).
    static func supervisedItem(_ line: JSONValue, method: FineTuningMethod) -> JSONValue {
        guard case .object(var item) = demonstration(line, method: method), case .object(let members) = line else {
            return demonstration(line, method: method)
        }
        for (key, value) in members where !["messages", "input", "preferred_output", "non_preferred_output", "tools"].contains(key) {
            item[key] = item[key] ?? value
        }
        return .object(item)
    }

    private static func demonstration(_ line: JSONValue, method: FineTuningMethod) -> JSONValue {
        if method == .dpo {
            let messages = line["input"]?["messages"] ?? .array([])
            let preferred = line["preferred_output"].flatMap { value -> JSONValue? in
                guard case .array(let outputs) = value else { return nil }
                return outputs.first?["content"]
            } ?? .string("")
            return ["messages": messages, "demonstration": .string(preferred.renderedText)]
        }
        guard case .array(let messages)? = line["messages"] else { return ["messages": .array([]), "demonstration": ""] }
        // The answer to the last user message: the first assistant message after it (a function
        // call, when the example goes on with the tool's result and a final answer), else the last
        // assistant message.
        let lastUser = messages.lastIndex { $0["role"] == .string("user") }
        let answering = lastUser.flatMap { user in messages[(user + 1)...].firstIndex { $0["role"] == .string("assistant") } }
        let lastAssistant = answering ?? messages.lastIndex { $0["role"] == .string("assistant") } ?? messages.endIndex
        guard lastAssistant < messages.endIndex else { return ["messages": .array(messages), "demonstration": ""] }
        let message = messages[lastAssistant]
        let text = ToolCallText.encode(message) ?? (message["content"] ?? .string("")).renderedText
        return ["messages": .array(Array(messages[..<lastAssistant])), "demonstration": .string(text)]
    }

    /// The request field and job error code a simulation failure is blamed on: a hyperparameter
    /// (`invalid_hyperparameters`), the response format, the grader, or the training file.
    static func blame(_ error: SimulatorError, method: FineTuningMethod) -> (param: String, code: String) {
        let path = "method.\(method.rawValue)"
        guard let field = error.field else { return ("training_file", "invalid_training_file") }
        if field.hasPrefix("responseFormat") { return ("\(path).response_format", "invalid_response_format") }
        if field.hasPrefix("grader") { return ("\(path).grader", "invalid_grader") }
        if field.hasPrefix("dataset") { return ("training_file", "invalid_training_file") }
        let hyperparameters = Set(PlatformHyperparameters.knownKeys(for: method))
        if hyperparameters.contains(field) { return ("\(path).hyperparameters.\(field)", "invalid_hyperparameters") }
        return ("training_file", "invalid_training_file")
    }

    /// Builds the shared answer space of a job's items.
    static func responseModel(training: [JSONValue], validation: [JSONValue], grader: Grader, responseFormat: JSONValue?,
                              simulation: SimulationOptions, seed: UInt64, engine: GraderEngine) async throws(SimulatorError) -> SharedResponseModel {
        let lines = training + validation
        var builder = ResponseModelBuilder(dataset: lines, grader: grader, goldGrader: simulation.goldGrader,
                                           answerSpace: simulation.answerSpace, seed: seed)
        builder.responseFormat = responseFormat
        builder.prior = simulation.prior
        builder.memorization = simulation.memorization
        builder.offSpanDirections = simulation.offSpanDirections
        let model = try await builder.build(engine: engine)
        return try SharedResponseModel(model: model, lines: lines, trainingCount: training.count, grader: grader)
    }

    /// θ for `responses` starting from a parent model's θ, matched by feature name (new features start at 0).
    static func inherit(_ parent: (names: [String], theta: [Double])?, into responses: SharedResponseModel) -> [Double]? {
        guard let parent else { return nil }
        let names = responses.model.featureNames
        var theta = [Double](repeating: 0, count: names.count)
        for (index, name) in names.enumerated() {
            if let position = parent.names.firstIndex(of: name) { theta[index] = parent.theta[position] }
        }
        return theta
    }

    /// Plans a reinforcement job.
    static func reinforcement(responses: SharedResponseModel, hyperparameters: PlatformHyperparameters, simulation: SimulationOptions,
                              seed: UInt64, initialParameters: [Double]?) throws(SimulatorError) -> JobPlan {
        let resolved = try hyperparameters.resolve(method: .reinforcement, trainingExamples: responses.trainingCount,
                                                   validationExamples: responses.validationCount,
                                                   baseLearningRate: simulation.baseLearningRate)
        let grader = responses.grader
        let timing = try TimingModel(parameters: simulation.timing,
                                     workload: .init(resolved: resolved, graders: TimingModel.Grader.components(of: grader),
                                                     parameters: simulation.timing, baseReasoningTokens: simulation.prior.reasoningTokens))
        // The recorder's per-candidate columns are large: finished plans rebuild it when asked for detail.
        let makeRecorder = { @Sendable () throws(SimulatorError) -> RFTMetricsRecorder in
            try RFTMetricsRecorder(train: responses.training, validation: responses.validation, grader: grader, hyperparameters: resolved,
                                   timing: timing, algorithm: simulation.algorithm, dynamics: simulation.dynamics, seed: seed,
                                   initialParameters: initialParameters)
        }
        let recorder = try makeRecorder()
        let steps = resolved.steps
        var ends: [Double] = [], checkpoints: [JobPlan.Checkpoint] = []
        var graderTokens: [[String: TokenUsage]] = [], running: [String: TokenUsage] = [:]
        var tau = 0.0, initial: [Double] = [], final: [Double] = [], recorded: [RFTMetricsEventData] = []
        replay(recorder, steps: steps) { number, _, data, session in
            recorded.append(data)
            if number == 1 { initial = initialParameters ?? [Double](repeating: 0, count: session.parameters.count) }
            // Each step lasts what its sampled tokens take: billed hours follow the lengths.
            tau += data.timing.step.fullIteration
            ends.append(tau)
            for (model, usage) in data.modelGradersTokenUsage {
                running[model, default: TokenUsage()] = running[model, default: TokenUsage()] + TokenUsage(
                    promptTokens: usage.trainPromptTokens + usage.evalPromptTokens,
                    completionTokens: usage.trainCompletionTokens + usage.evalCompletionTokens,
                    cachedTokens: usage.trainCachedTokens + usage.evalCachedTokens)
            }
            graderTokens.append(running)
            if let valid = data.scores.validRewardMean {
                var values: [String: Double] = ["step": Double(number), "train_reward_mean": data.scores.trainRewardMean,
                                                "valid_reward_mean": valid]
                if let parse = data.fullValidMeanParseError { values["full_valid_mean_parse_error"] = parse }
                checkpoints.append(.init(step: number, metrics: values, rank: valid, parameters: session.parameters))
            }
            if number == steps { final = session.parameters }
        }
        let trainer = recorder.trainer
        return JobPlan(
            method: .reinforcement, resolved: resolved, stepEnds: ends, checkpoints: checkpoints,
            finalParameters: final, initialParameters: initial, cumulativeTrainedTokens: [],
            cumulativeGraderTokens: graderTokens, resultsByteCount: RFTResultsTable(events: recorded).csv.utf8.count,
            responses: responses,
            parametersAtStep: { step in
                let session = trainer.makeSession()
                for number in stride(from: 1, through: step, by: 1) { _ = session.step(forceValidation: number == steps) }
                return session.parameters
            },
            detail: {
                var events: [(message: String, data: EventData)] = [], recorded: [RFTMetricsEventData] = [], metrics: [StepMetrics] = []
                var draws: [Int: [Int]] = [:]
                events.reserveCapacity(steps)
                // It was built once with the same inputs, so it builds again.
                guard let recorder = try? makeRecorder() else { return JobPlanDetail(stepEvents: [], resultsHeader: "step", resultsRows: []) }
                replay(recorder, steps: steps) { number, step, data, session in
                    events.append((data.message, .reinforcement(data)))
                    recorded.append(data)
                    metrics.append(step)
                    if data.scores.validRewardMean != nil { draws[number] = session.withLastValidationSample { Array($0) } }
                }
                let csv = RFTResultsTable(events: recorded).csv.split(separator: "\n").map(String.init)
                return JobPlanDetail(stepEvents: events, stepMetrics: metrics, resultsHeader: csv[0], resultsRows: Array(csv.dropFirst()),
                                     validationDraws: draws)
            })
    }

    /// Runs the recorder's training step by step (validating on its grid and at the last step),
    /// handing each step's event data and the session to `visit`.
    static func replay(_ recorder: RFTMetricsRecorder, steps: Int, visit: (Int, StepMetrics, RFTMetricsEventData, TrainingSession) -> Void) {
        let session = recorder.trainer.makeSession()
        for number in stride(from: 1, through: steps, by: 1) {
            let metrics = session.step(forceValidation: number == steps)
            visit(number, metrics, recorder.event(for: metrics, of: session), session)
        }
    }

    /// Plans a supervised or DPO job.
    static func supervised(responses: SharedResponseModel, method: FineTuningMethod, hyperparameters: PlatformHyperparameters,
                           simulation: SimulationOptions, trainingLines: [JSONValue], seed: UInt64,
                           initialParameters: [Double]?) throws(SimulatorError) -> JobPlan {
        let resolved = try hyperparameters.resolve(method: .supervised, trainingExamples: responses.trainingCount,
                                                   validationExamples: responses.validationCount,
                                                   baseLearningRate: simulation.baseLearningRate)
        let demonstrations = try Demonstrations(referencesOf: responses.model)
        let train = try demonstrations.selecting(items: responses.trainingItems)
        let validation = responses.validationCount > 0 ? try demonstrations.selecting(items: responses.validationItems) : nil
        let configuration = SupervisedConfiguration(resolved: resolved, seed: seed)
        let run = try SupervisedTrainer(configuration: configuration)
            .train(training: train, validation: validation, initialParameters: initialParameters)
        let exampleTokens = trainingLines.map { line in
            (try? SupervisedTokenEstimate.tokens(inExample: method == .dpo ? dpoExample(line) : line)) ?? 0
        }
        let n = responses.trainingCount, batch = resolved.batchSize
        var ends: [Double] = [], tokens: [Int] = [], tau = 0.0, trained = 0
        for step in 1...run.metrics.count {
            // Step `step` covers the examples drawn in positions (step−1)·B ..< step·B of the epochs.
            let range = ((step - 1) * batch)..<min(step * batch, resolved.nEpochs * n)
            let stepTokens = range.reduce(0) { $0 + exampleTokens[$1 % n] }
            trained += stepTokens
            tau += supervisedStepOverheadSeconds + Double(stepTokens) / supervisedTokensPerSecond
            ends.append(tau)
            tokens.append(trained)
        }
        let initial = initialParameters ?? [Double](repeating: 0, count: responses.model.table.featureCount)
        let checkpoints = run.checkpoints.map { checkpoint -> JobPlan.Checkpoint in
            var values: [String: Double] = ["step": Double(checkpoint.step), "train_loss": checkpoint.metrics.trainLoss,
                                            "train_mean_token_accuracy": checkpoint.metrics.trainMeanTokenAccuracy]
            if let loss = checkpoint.metrics.fullValidLoss ?? checkpoint.metrics.validLoss { values["full_valid_loss"] = loss }
            if let accuracy = checkpoint.metrics.fullValidMeanTokenAccuracy ?? checkpoint.metrics.validMeanTokenAccuracy {
                values["full_valid_mean_token_accuracy"] = accuracy
            }
            return .init(step: checkpoint.step, metrics: values, rank: nil, parameters: checkpoint.parameters ?? initial)
        }
        let final = run.parameters ?? initial, stepCount = ends.count
        return JobPlan(
            method: method, resolved: resolved, stepEnds: ends, checkpoints: checkpoints,
            finalParameters: final, initialParameters: initial, cumulativeTrainedTokens: tokens, cumulativeGraderTokens: [],
            resultsByteCount: SupervisedResultsCSV.text(for: run.metrics).utf8.count, responses: responses,
            parametersAtStep: { step in
                // SFT snapshots are the epoch checkpoints: the last one at or before `step`.
                checkpoints.last { $0.step <= step }?.parameters ?? (step >= stepCount ? final : initial)
            },
            detail: { [metrics = run.metrics] in
                JobPlanDetail(stepEvents: metrics.map { ($0.eventMessage, .supervised($0)) },
                              resultsHeader: SupervisedResultsCSV.header, resultsRows: metrics.map(SupervisedResultsCSV.row))
            })
    }

    /// A DPO line as an SFT example (prompt + preferred output), for token counting.
    static func dpoExample(_ line: JSONValue) -> JSONValue {
        guard case .array(var messages)? = line["input"]?["messages"], case .array(let preferred)? = line["preferred_output"] else {
            return line
        }
        messages += preferred
        return ["messages": .array(messages)]
    }
}
