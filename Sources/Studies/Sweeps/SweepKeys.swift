/// The scenario keys a sweep can vary, and the message for one it cannot.
///
/// A key is accepted when the job form defines it (``known``: every scalar key of
/// docs/SCENARIOS.md, including the simulator-only `prior.*`, `trainer.*` and `pricing.*`) or
/// when the scenario itself has a scalar at that path (e.g. inside `response_format`). Other keys
/// are refused with the nearest known key and the keys under the same parent.
enum SweepKeys {
    /// The job form's scalar keys.
    static let known: [String] = [
        "seed", "model", "method", "grader", "gold_grader",
        "data.training", "data.validation",
        "prior.success_rate", "prior.difficulty_concentration", "prior.format_error_rate", "prior.memorization",
        "hyperparameters.n_epochs", "hyperparameters.batch_size", "hyperparameters.learning_rate_multiplier",
        "hyperparameters.compute_multiplier", "hyperparameters.eval_interval", "hyperparameters.eval_samples",
        "hyperparameters.reasoning_effort",
        "trainer.algorithm", "trainer.base_learning_rate",
        "pricing.sheet", "pricing.data_sharing",
        "target.reward",
        "answer_space.inferred.distractors", "answer_space.inferred.empty", "answer_space.inferred.schema_candidates",
        "answer_space.template",
    ]

    /// Checks that `key` can be varied in `document`.
    ///
    /// - Throws: ``SweepError`` naming the key, the nearest existing key and its siblings.
    static func check(_ key: String, in document: ScenarioValue) throws(SweepError) {
        let present = scalarPaths(of: document)
        if known.contains(key) || present.contains(key) { return }
        let candidates = Array(Set(known + present)).sorted()
        var message = "--vary \(key): the scenario has no key '\(key)'"
        if let nearest = nearest(to: key, in: candidates) { message += "; did you mean \(nearest)?" }
        let parent = key.split(separator: ".").dropLast().joined(separator: ".")
        let siblings = candidates.filter { !parent.isEmpty && $0.hasPrefix(parent + ".") }.map { String($0.dropFirst(parent.count + 1)) }
        if !siblings.isEmpty {
            message += " Keys under \(parent): \(siblings.joined(separator: ", "))."
        } else {
            message += " Keys a sweep can vary: \(known.joined(separator: ", ")) (docs/SCENARIOS.md)."
        }
        throw SweepError(.invalidScenario, message)
    }

    /// Dotted paths of every scalar (or null) in the document's mappings.
    static func scalarPaths(of value: ScenarioValue, prefix: String = "") -> [String] {
        switch value {
        case .mapping(let members, _):
            return members.flatMap { scalarPaths(of: $0.value, prefix: prefix.isEmpty ? $0.key : "\(prefix).\($0.key)") }
        case .scalar, .null:
            return prefix.isEmpty ? [] : [prefix]
        case .sequence:
            return []
        }
    }

    /// The candidate closest to `key` by edit distance, if it is close enough to be a typo.
    static func nearest(to key: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, distance(key, $0)) }
        guard let best = scored.min(by: { ($0.1, $0.0) < ($1.1, $1.0) }) else { return nil }
        return best.1 <= max(2, key.count / 3) ? best.0 : nil
    }

    /// Levenshtein distance over characters.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count), current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
