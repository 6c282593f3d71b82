public import Graders

/// A grader as the metrics event names it: a multi grader's sub-graders by key (sorted), or the
/// grader itself by its `name`.
public struct RFTGraderDescriptor: Sendable, Hashable {
    /// The name reported (`sub_rewards` key of a multi grader, or the grader's `name`).
    public var name: String
    /// The grader's `type` (`string_check`, `score_model`, …).
    public var type: String
    /// The grader model of a `score_model`/`label_model` grader.
    public var model: String?
    /// Whether the reported score is a `sub_rewards` entry (else the overall reward).
    public var isSubGrader: Bool

    /// The graders reported for `grader`.
    public static func all(for grader: Grader) -> [RFTGraderDescriptor] {
        if case .multi(let multi) = grader {
            return multi.graders.keys.sorted().map { key in
                RFTGraderDescriptor(name: key, type: multi.graders[key]!.kind.rawValue, model: model(of: multi.graders[key]!), isSubGrader: true)
            }
        }
        return [RFTGraderDescriptor(name: grader.name, type: grader.kind.rawValue, model: model(of: grader), isSubGrader: false)]
    }

    static func model(of grader: Grader) -> String? {
        switch grader {
        case .scoreModel(let g): g.model
        case .labelModel(let g): g.model
        default: nil
        }
    }
}

/// Per-candidate numbers of a ``ResponseModel`` the recorder sums, flattened once so a step's
/// report reads arrays instead of dictionaries: `[grader][candidate]`.
struct RFTCandidateColumns: Sendable {
    /// Each grader's score of each candidate (a missing sub-reward counts 0).
    let scores: [[Double]]
    /// Each grader's error indicators (0/1), `[grader][kind][candidate]`, kinds as reported for its type.
    let errors: [[[Double]]]
    /// Each grader's prompt, completion and cached tokens per call (0 for non-model graders).
    let promptTokens, completionTokens, cachedTokens: [[Double]]
    /// Overall `sample_parse_error` and `unresponsive_reward_error` indicators.
    let parseError, unresponsive: [Double]

    /// Flattens `model`'s candidates for `graders`.
    ///
    /// Error flags: a candidate's result carries its grader's flags (a multi grader's merged
    /// over its sub-graders), so every reported grader is charged the result's flags. Tokens of a
    /// model sub-grader come from `model_grader_token_usage_per_model[model]`, shared equally
    /// among the sub-graders using that model in whole tokens; a single model grader's from `token_usage`.
    init(model: ResponseModel, graders: [RFTGraderDescriptor]) {
        let candidates = model.candidates
        var modelShares: [String: Int] = [:]
        for g in graders { if let m = g.model { modelShares[m, default: 0] += 1 } }
        scores = graders.map { g in
            candidates.map { g.isSubGrader ? $0.result.subRewards[g.name] ?? 0 : $0.result.reward }
        }
        errors = graders.map { g in
            RFTErrorKind.reported(forType: g.type).map { kind in
                candidates.map { Self.raised(kind, in: $0.result.metadata.errors) ? 1 : 0 }
            }
        }
        func usage(_ g: RFTGraderDescriptor, _ result: GraderResult) -> TokenUsage? {
            guard let m = g.model else { return nil }
            if !g.isSubGrader, let own = result.metadata.tokenUsage { return own }
            return result.modelGraderTokenUsagePerModel[m]
        }
        // The k-th of n sub-graders sharing a model gets ⌊t/n⌋ tokens, one more while k < t mod n:
        // integer counts that add up to the model's.
        var position: [Int] = []
        var seenPerModel: [String: Int] = [:]
        for g in graders {
            guard let m = g.model else { position.append(0); continue }
            position.append(seenPerModel[m, default: 0])
            seenPerModel[m, default: 0] += 1
        }
        func tokens(_ field: KeyPath<TokenUsage, Int>) -> [[Double]] {
            graders.indices.map { index in
                let g = graders[index]
                let share = g.model.flatMap { modelShares[$0] } ?? 1
                return candidates.map { candidate in
                    guard let total = usage(g, candidate.result)?[keyPath: field] else { return 0 }
                    return Double(total / share + (position[index] < total % share ? 1 : 0))
                }
            }
        }
        promptTokens = tokens(\.promptTokens)
        completionTokens = tokens(\.completionTokens)
        cachedTokens = tokens(\.cachedTokens)
        parseError = candidates.map { $0.result.metadata.errors.sampleParseError ? 1 : 0 }
        unresponsive = candidates.map { $0.result.metadata.errors.unresponsiveRewardError ? 1 : 0 }
    }

    static func raised(_ kind: RFTErrorKind, in errors: GraderErrors) -> Bool {
        switch kind {
        case .otherError: errors.otherError
        case .sampleParseError: errors.sampleParseError
        case .invalidVariableError: errors.invalidVariableError
        case .pythonGraderServerError: errors.pythonGraderServerError
        case .pythonGraderRuntimeError: errors.pythonGraderRuntimeError
        case .modelGraderServerError: errors.modelGraderServerError
        }
    }
}
