internal import Graders

/// Grades an item's answers with one grader, each distinct text exactly once, and counts errors.
///
/// Graders are deterministic, so a result is cached by answer text per item; in-process
/// graders go through ``GraderEngine/gradeLocally(_:item:sample:)``, the others (python,
/// model graders) through ``GraderEngine/grade(_:item:sample:)``.
struct CandidateGrading {
    let engine: GraderEngine
    let grader: Grader
    let requiresJSON: Bool
    private(set) var gradedCount = 0
    private(set) var erroredCount = 0
    private(set) var errorsByFlag: [String: Int] = [:]

    init(engine: GraderEngine, grader: Grader, requiresJSON: Bool) {
        self.engine = engine
        self.grader = grader
        self.requiresJSON = requiresJSON
    }

    /// The results of `texts` for `item`, in order.
    mutating func grade(_ texts: [String], item: JSONValue) async -> [GraderResult] {
        var cache: [String: GraderResult] = [:]
        var results: [GraderResult] = []
        results.reserveCapacity(texts.count)
        for text in texts {
            if let cached = cache[text] {
                results.append(cached)
                continue
            }
            let sample = Sample(outputText: text, requiresJSON: requiresJSON)
            var result: GraderResult
            if let local = engine.gradeLocally(grader, item: item, sample: sample) {
                result = local
            } else {
                result = await engine.grade(grader, item: item, sample: sample)
            }
            if !result.reward.isFinite {  // never let a bad score reach the table
                result.reward = 0
                result.metadata.errors.otherError = true
            }
            gradedCount += 1
            let raised = result.metadata.errors.raised
            if !raised.isEmpty {
                erroredCount += 1
                for flag in raised { errorsByFlag[flag, default: 0] += 1 }
            }
            cache[text] = result
            results.append(result)
        }
        return results
    }
}
