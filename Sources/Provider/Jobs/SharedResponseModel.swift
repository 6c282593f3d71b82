internal import Graders
internal import Simulator

/// The answer space of the items of a job's training and validation files, graded once and
/// shared by every job (and every tuned model) on the same files, grader and base model.
///
/// Immutable after creation, so it is shared across actors without copying.
final class SharedResponseModel: Sendable {
    /// Training items first, then validation items.
    let model: ResponseModel
    /// The dataset lines, in the same order (for matching chat prompts to items).
    let lines: [JSONValue]
    let trainingCount: Int
    let grader: Grader
    /// The training items' and validation items' parts of ``model``, selected once for all jobs.
    let training: ResponseModel
    let validation: ResponseModel?
    /// Each item's prompt (its last user message) to the first item with it, for base-model inference.
    let promptIndex: [String: Int]

    init(model: ResponseModel, lines: [JSONValue], trainingCount: Int, grader: Grader) throws(SimulatorError) {
        self.model = model
        self.lines = lines
        self.trainingCount = trainingCount
        self.grader = grader
        training = try model.selecting(items: Array(0..<trainingCount))
        validation = lines.count > trainingCount ? try model.selecting(items: Array(trainingCount..<lines.count)) : nil
        var index: [String: Int] = [:]
        for (item, prompt) in PromptMatcher.prompts(of: lines).enumerated() where index[prompt] == nil { index[prompt] = item }
        promptIndex = index
    }

    var validationCount: Int { lines.count - trainingCount }
    var trainingItems: [Int] { Array(0..<trainingCount) }
    var validationItems: [Int] { Array(trainingCount..<lines.count) }
}

/// What a shared response model is keyed by.
struct ResponseModelKey: Hashable, Sendable {
    var trainingFile: String
    var validationFile: String?
    /// The grader's JSON text (`nil` for supervised jobs, which use their demonstrations).
    var grader: String?
    var responseFormat: String?
    var baseModel: String
    var simulation: SimulationOptions
}
