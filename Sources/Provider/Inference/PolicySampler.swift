internal import Graders
internal import Simulator
internal import Stochastics

/// Draws answers for one dataset item from a policy over its candidate answers.
///
/// The same draw serves tuned models (θ after training, or a checkpoint's) and base models
/// (θ = 0: the prior a job starts from at step 0), so a baseline sampled from a base model is the
/// job's step-0 policy.
enum PolicySampler {
    /// `count` candidate texts of `item`, drawn from π(· | item) with θ = `parameters` (nil: the
    /// base model), from a stream keyed by `seed`; with `accept`, from π conditioned on the
    /// accepted candidates (`nil` when it accepts none).
    static func sample(_ responses: SharedResponseModel, parameters: [Double]?, item: Int, count: Int, seed: UInt64,
                       accept: (String) -> Bool) -> [String]? {
        let policy = try? Policy(table: responses.model.table, parameters: parameters)
        var probabilities = policy?.probabilities(item: item) ?? []
        let candidates = responses.model.candidates(of: item)
        var total = 0.0, masked = false
        for (offset, candidate) in candidates.enumerated() where offset < probabilities.count {
            if !accept(candidate.text) {
                probabilities[offset] = 0
                masked = true
            }
            total += probabilities[offset]
        }
        guard total > 0 else { return nil }
        // Untouched probabilities are drawn from as they are (bit for bit the unconditioned draw).
        if masked { probabilities = probabilities.map { $0 / total } }
        return draw(candidates.map(\.text), probabilities: probabilities, count: count, seed: seed)
    }

    /// The same draw, unconditioned.
    static func sample(_ responses: SharedResponseModel, parameters: [Double]?, item: Int, count: Int, seed: UInt64) -> [String] {
        let policy = try? Policy(table: responses.model.table, parameters: parameters)
        let probabilities = policy?.probabilities(item: item) ?? []
        return draw(responses.model.candidates(of: item).map(\.text), probabilities: probabilities, count: count, seed: seed)
    }

    private static func draw(_ candidates: [String], probabilities: [Double], count: Int, seed: UInt64) -> [String] {
        let stream = RandomStream(key: StreamKey(seed: seed))
        var texts: [String] = []
        texts.reserveCapacity(count)
        for _ in 0..<count {
            var u = stream.uniform(), chosen = candidates.startIndex
            for (offset, probability) in probabilities.enumerated() {
                chosen = candidates.startIndex + offset
                u -= probability
                if u < 0 { break }
            }
            texts.append(candidates.isEmpty ? "" : candidates[chosen])
        }
        return texts
    }

    /// The seed of a request's draws: its model, prompt and `seed`, so the same request gets the same answer.
    static func seed(model: String, prompt: String, requestSeed: Int?) -> UInt64 {
        (model + "\u{1}" + prompt + "\u{1}" + String(requestSeed ?? 0)).stableHash
    }
}
