internal import Graders

/// One testing criterion of an eval: a grader of the project's `Graders` module, the eval's pass
/// rule and the id the platform gives it (`"<name>-<uuid>"`).
struct TestingCriterion: Sendable {
    /// The id runs report per-criterion results under (`per_testing_criteria_results[].testing_criteria`).
    var id: String
    /// The grader that scores each sample.
    var grader: Grader
    /// The score at or above which a sample passes (`pass_threshold`), when the criterion has one.
    var passThreshold: Double?
    /// The criterion as the eval object shows it: the request's JSON with `id` added.
    var json: JSONValue

    /// The types a testing criterion may have: the platform's five and `multi` (RFTSim's extension).
    static let types = ["label_model", "string_check", "text_similarity", "python", "score_model", "multi"]

    /// The threshold used when a criterion has no `pass_threshold`.
    ///
    /// `string_check` and `label_model` score 0 or 1 and pass at 1; `score_model` passes at the
    /// middle of its range; `python` and `multi` at 0.5 (the platform does not document a default).
    var effectiveThreshold: Double {
        if let passThreshold { return passThreshold }
        switch grader {
        case .stringCheck, .labelModel: return 1
        case .scoreModel(let model): return (model.bounds.lower + model.bounds.upper) / 2
        case .textSimilarity, .python, .multi: return 0.5
        }
    }

    /// Whether a graded sample passes: no grading error and a score at or above the threshold.
    func passes(_ result: GraderResult) -> Bool {
        !result.metadata.errors.any && result.reward >= effectiveThreshold
    }

    /// A deterministic id in the platform's shape: the name, a dash and a UUID-formatted token
    /// derived from `salt` (the eval id and the criterion's position).
    static func id(name: String, salt: String) -> String {
        let hex = Array("0123456789abcdef")
        var state = salt.stableHash
        var digits: [Character] = []
        for _ in 0..<32 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            digits.append(hex[Int(state >> 60)])
        }
        let text = String(digits)
        func part(_ from: Int, _ to: Int) -> Substring {
            text[text.index(text.startIndex, offsetBy: from)..<text.index(text.startIndex, offsetBy: to)]
        }
        // Version 4 and the RFC 4122 variant, as uuid4() writes them.
        let variant = Array("89ab")[Int(state & 3)]
        return "\(name)-\(part(0, 8))-\(part(8, 12))-4\(part(13, 16))-\(variant)\(part(17, 20))-\(part(20, 32))"
    }
}
