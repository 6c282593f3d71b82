public import Graders
public import Provider
public import Simulator

/// What a fine-tuning job will cost before it runs, under every price sheet, with and without
/// data sharing.
///
/// The estimate has two halves: the ``workload`` (what the job will do: trained tokens, or steps,
/// hours and grader calls; see ``CostWorkload``) and the ``lines`` (that workload priced by each
/// `PriceSheet`, via `PriceSheet/trainingCharge(model:method:trainingSeconds:trainedTokens:dataSharing:)`
/// and `PriceSheet/graderTokenCharge(model:usage:)`, the functions the provider bills with).
///
/// ```swift
/// let estimate = try await CostEstimate.estimate(
///     model: "gpt-4o-mini", method: .supervised, trainingExamples: lines)   // 100,000 tokens, auto → 3 epochs
/// estimate.workload.trainedTokens      // 300,000
/// estimate.lines.map(\.total)          // [0.9, 0.9, 0.9, 0.9]: both sheets, sharing off and on
/// ```
///
/// Nothing is billed for a job that fails at `validating_files`; check the files first
/// (``DatasetFile``, or ``estimate(model:method:trainingFile:validationFile:grader:hyperparameters:priceSheets:dataSharing:assumptions:dryRun:)``,
/// which does).
public struct CostEstimate: Sendable, Hashable {
    /// The base model's snapshot id (an alias such as `o4-mini` is resolved).
    public var model: String
    /// The job's method.
    public var method: FineTuningMethod
    /// What the job will do, whatever the prices.
    public var workload: CostWorkload
    /// The charges: for each price sheet in order, without then with data sharing (as asked).
    public var lines: [CostLine]
    /// The training file, when the estimate was made from files (for reports).
    public var trainingFile: String?
    /// The validation file, when the estimate was made from files (for reports).
    public var validationFile: String?
    /// The scenario's name, when the estimate was made from one (for reports).
    public var scenario: String?
    /// The scenario's own price sheet and data-sharing setting, marked in reports.
    public var scenarioPricing: Pricing?
    /// The tuned model's inference volume priced beside the job, if any.
    public var inferenceVolume: InferenceVolume?

    /// How much the tuned model will be used: requests and tokens per request (Codable with
    /// snake_case keys, as a sweep's manifest stores it).
    public struct InferenceVolume: Sendable, Hashable, Codable {
        /// Requests to the tuned model.
        public var requests: Int
        /// Input (prompt) tokens per request.
        public var inputTokensPerRequest: Int
        /// Output tokens per request.
        public var outputTokensPerRequest: Int

        /// Creates a volume.
        public init(requests: Int, inputTokensPerRequest: Int, outputTokensPerRequest: Int) {
            self.requests = requests
            self.inputTokensPerRequest = inputTokensPerRequest
            self.outputTokensPerRequest = outputTokensPerRequest
        }

        /// The tokens of all requests.
        public var usage: TokenUsage {
            TokenUsage(promptTokens: requests * inputTokensPerRequest, completionTokens: requests * outputTokensPerRequest)
        }

        enum CodingKeys: String, CodingKey {
            case requests
            case inputTokensPerRequest = "input_tokens_per_request"
            case outputTokensPerRequest = "output_tokens_per_request"
        }
    }

    /// Prices the tuned model's inference for `volume` on every line, under each line's sheet
    /// and data-sharing setting (the `current-2026` rule halves it with sharing; `launch-2025`
    /// halves training instead).
    ///
    /// - Parameters:
    ///   - volume: Requests and tokens per request.
    ///   - priceSheets: The sheets the lines were priced with (matched by name).
    /// - Throws: ``CostEstimateError`` `notPriced` when a sheet has no fine-tuned rate for the model.
    public mutating func priceInference(_ volume: InferenceVolume, priceSheets: [PriceSheet] = builtinPriceSheets) throws(CostEstimateError) {
        for index in lines.indices {
            guard let sheet = priceSheets.first(where: { $0.name == lines[index].sheet }) else { continue }
            do {
                lines[index].inference = try sheet.inferenceCharge(baseModel: model, usage: volume.usage, dataSharing: lines[index].dataSharing)
            } catch {
                throw CostEstimateError(.notPriced, "\(error.description); this price sheet cannot price the tuned model's inference", cause: error)
            }
        }
        inferenceVolume = volume
    }

    /// The bundled price sheets, oldest first: `launch-2025`, `current-2026`.
    public static var builtinPriceSheets: [PriceSheet] {
        PriceSheet.builtinNames.compactMap(PriceSheet.builtin(named:))
    }

    /// Prices a workload.
    ///
    /// - Parameters:
    ///   - model: The base model, an id or alias of `catalogue` that takes `workload.method`.
    ///   - workload: What the job will do.
    ///   - priceSheets: The sheets to price with, in the order the lines should come.
    ///   - dataSharing: The data-sharing settings to price, per sheet.
    ///   - catalogue: The models and the methods they take.
    /// - Throws: ``CostEstimateError``: `unknownModel` / `unsupportedMethod` naming the models that
    ///   take the method; `notPriced` when a sheet has no price for the model or a grader model.
    public init(
        model: String, workload: CostWorkload, priceSheets: [PriceSheet] = builtinPriceSheets,
        dataSharing: [Bool] = [false, true], catalogue: ModelCatalogue = .builtin
    ) throws(CostEstimateError) {
        let id = try Self.baseModel(model, method: workload.method, catalogue: catalogue)
        var lines: [CostLine] = []
        for sheet in priceSheets {
            for sharing in dataSharing {
                do {
                    let training = try sheet.trainingCharge(
                        model: id, method: workload.method, trainingSeconds: workload.trainingSeconds,
                        trainedTokens: workload.trainedTokens, dataSharing: sharing)
                    let tokens = workload.graderTokens
                    var graders: [Charge] = []
                    for grader in tokens.keys.sorted() {
                        graders.append(try sheet.graderTokenCharge(model: grader, usage: tokens[grader]!))
                    }
                    let inference = sheet.inferenceDiscount(baseModel: id, dataSharing: sharing)
                    lines.append(CostLine(sheet: sheet.name, dataSharing: sharing, training: training, graderTokens: graders,
                                          inferenceDiscount: inference))
                } catch {
                    throw CostEstimateError(.notPriced, "\(error.description); this price sheet cannot price the job", cause: error)
                }
            }
        }
        self.model = id
        self.method = workload.method
        self.workload = workload
        self.lines = lines
    }

    /// Estimates a job from its examples in memory.
    ///
    /// - Parameters:
    ///   - model: The base model, an id or alias (`o4-mini`, `gpt-4o-mini-2024-07-18`).
    ///   - method: The job's method.
    ///   - trainingExamples: The training file's lines, in the method's format.
    ///   - validationExamples: The validation file's lines (reinforcement needs them; they are free for the other methods).
    ///   - grader: The reinforcement grader.
    ///   - hyperparameters: The job's hyperparameters; absent keys are `"auto"`.
    ///   - priceSheets: The sheets to price with (default: every bundled sheet).
    ///   - dataSharing: The data-sharing settings to price (default: off, then on).
    ///   - assumptions: The timing constants.
    ///   - catalogue: The models and the methods they take.
    ///   - dryRun: How the provider plans a reinforcement job (a scenario's files and settings); `nil`: from the examples.
    /// - Returns: The workload and one ``CostLine`` per sheet and data-sharing setting.
    /// - Throws: ``CostEstimateError``, see ``CostWorkload/init(method:trainingExamples:validationExamples:grader:hyperparameters:assumptions:model:dryRun:)``
    ///   and ``init(model:workload:priceSheets:dataSharing:catalogue:)``; the model is checked first.
    public static func estimate(
        model: String, method: FineTuningMethod, trainingExamples: [JSONValue], validationExamples: [JSONValue] = [],
        grader: Grader? = nil, hyperparameters: PlatformHyperparameters = PlatformHyperparameters(),
        priceSheets: [PriceSheet] = builtinPriceSheets, dataSharing: [Bool] = [false, true],
        assumptions: CostAssumptions = .default, catalogue: ModelCatalogue = .builtin, dryRun: CostWorkload.DryRun? = nil
    ) async throws(CostEstimateError) -> CostEstimate {
        let id = try baseModel(model, method: method, catalogue: catalogue)
        let workload = try await CostWorkload(
            method: method, trainingExamples: trainingExamples, validationExamples: validationExamples, grader: grader,
            hyperparameters: hyperparameters, assumptions: assumptions, model: id, dryRun: dryRun)
        return try CostEstimate(model: model, workload: workload, priceSheets: priceSheets, dataSharing: dataSharing, catalogue: catalogue)
    }

    /// The snapshot id of `name`, when it takes `method`.
    ///
    /// - Throws: ``CostEstimateError`` `unknownModel` (not in the catalogue, or not tunable) or
    ///   `unsupportedMethod`, naming the models that take `method`.
    public static func baseModel(_ name: String, method: FineTuningMethod, catalogue: ModelCatalogue = .builtin) throws(CostEstimateError) -> String {
        let takers = catalogue.models(taking: method).map(\.id)
        let alternatives = takers.isEmpty
            ? "no model in the catalogue takes \(method.displayName) fine-tuning"
            : "models that take \(method.displayName) fine-tuning: \(takers.joined(separator: ", "))"
        guard let entry = catalogue.model(named: name), entry.isFineTunable else {
            let reason = catalogue.model(named: name)?.graderModel == true
                ? "can serve as a grader model only, not be fine-tuned"
                : "is not available for fine-tuning or does not exist"
            throw CostEstimateError(.unknownModel, "model \"\(name)\" \(reason); \(alternatives)")
        }
        guard entry.methods.contains(method) else {
            let takes = entry.methods.map(\.displayName).joined(separator: ", ")
            throw CostEstimateError(.unsupportedMethod, "model \"\(name)\" does not take \(method.displayName) fine-tuning (it takes \(takes)); \(alternatives)")
        }
        return entry.id
    }
}
