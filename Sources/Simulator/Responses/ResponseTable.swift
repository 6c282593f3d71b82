/// What a simulated model can answer: for each item (prompt), a finite set of candidate answers,
/// each with its reward, its prior logit under the base model and its feature vector.
///
/// The policy over an item's candidates is π(c | item) = softmax(prior(c) + θ·φ(c)) (see
/// ``Policy``). Features are shared across items, so θ ∈ R^F learned on some items moves the
/// policy on others; rewards come from the training grader, computed once per candidate (graders
/// are deterministic), and an optional gold reward per candidate is the objective you really
/// care about (it makes reward hacking visible).
///
/// Storage is flat and contiguous: candidate `c` of the whole table (items in order) has
/// `rewards[c]`, `priorLogits[c]` and features `features[c*F ..< (c+1)*F]`; item `i` owns the
/// candidates `candidateOffsets[i] ..< candidateOffsets[i+1]`, so items may differ in size.
///
/// ```swift
/// // One prompt, three answers, one-hot features (θ are logit offsets):
/// let bandit = try ResponseTable.bandit(rewards: [1, 0.9, 0.1], initialPolicy: [0.01, 0.05, 0.94])
/// // Two prompts sharing two features ("correct", "verbose"):
/// let table = try ResponseTable(featureCount: 2, items: [
///     .init(candidates: [.init(reward: 1, priorLogit: 0, features: [1, 0]),
///                        .init(reward: 0, priorLogit: 1, features: [0, 1])]),
///     .init(candidates: [.init(reward: 1, priorLogit: -1, features: [1, 1]),
///                        .init(reward: 0, priorLogit: 0, features: [0, 0]),
///                        .init(reward: 0, priorLogit: 0, features: [0, 1])]),
/// ])
/// ```
public struct ResponseTable: Sendable, Hashable {
    /// F, the length of every feature vector (and of the policy's parameter vector θ).
    public let featureCount: Int
    /// Where each item's candidates start in the flat arrays; `itemCount + 1` entries, the last
    /// one the total candidate count.
    public let candidateOffsets: [Int]
    /// The training grader's reward of each candidate.
    public let rewards: [Double]
    /// The gold grader's reward of each candidate, when the table has one.
    public let goldRewards: [Double]?
    /// The base model's logit of each candidate (θ = 0 gives π = softmax of these per item).
    public let priorLogits: [Double]
    /// Feature vectors, one row of ``featureCount`` values per candidate.
    public let features: [Double]
    /// Whether every candidate's features are one-hot (a single 1, the rest 0) and no two
    /// candidates of an item share a column: the tabular softmax, for which the natural
    /// gradient has a closed form.
    public let isTabular: Bool
    /// The columns that carry the off-span part of large updates (``TrainingDynamics``), when
    /// the table has them: the trainer sets their weights and never learns them.
    public var offSpan: OffSpanColumns?
    /// Each candidate's length in tokens (reasoning + output), when the table has lengths.
    ///
    /// See ``TokenLengths``. GRPO then weighs an answer's update by its inverse length (per-sequence
    /// normalisation), Dr. GRPO does not. `nil`: every answer counts as equally long.
    public var answerTokens: [Double]?

    /// Sets ``answerTokens`` after checking them.
    ///
    /// - Parameter tokens: One finite length > 0 per candidate, or `nil`.
    /// - Throws: ``SimulatorError`` (field `answerTokens`) for a wrong count or a length ≤ 0.
    public mutating func setAnswerTokens(_ tokens: [Double]?) throws(SimulatorError) {
        if let tokens {
            try Self.check("answerTokens", tokens, count: candidateCount)
            if let bad = tokens.firstIndex(where: { $0 <= 0 }) {
                throw .invalid("answerTokens[\(bad)]", "answerTokens[\(bad)] is \(tokens[bad]); every answer is at least one token long")
            }
        }
        answerTokens = tokens
    }

    /// The columns along which updates too large for the feature model move the logits.
    ///
    /// `directions` are J columns of independent standard normal values per candidate (fixed
    /// directions in answer space); `format` is 1 for malformed answers and 0 otherwise.
    public struct OffSpanColumns: Sendable, Hashable {
        /// The J direction columns.
        public var directions: Range<Int>
        /// The malformed-answer column.
        public var format: Int

        /// Creates the layout.
        public init(directions: Range<Int>, format: Int) {
            self.directions = directions
            self.format = format
        }

        /// Whether `column` is one of these columns.
        public func contains(_ column: Int) -> Bool { directions.contains(column) || column == format }
    }

    /// Creates a table from flat arrays (the fast path for generated tables).
    ///
    /// - Parameters:
    ///   - featureCount: F ≥ 1.
    ///   - candidateCounts: the number of candidates of each item, each ≥ 1.
    ///   - rewards: one finite reward per candidate (items in order).
    ///   - priorLogits: one finite prior logit per candidate.
    ///   - features: `F` finite values per candidate, candidate-major.
    ///   - goldRewards: optionally one finite gold reward per candidate.
    /// - Throws: ``SimulatorError`` naming the field: no items, an empty answer space,
    ///   mismatched lengths, or a non-finite value.
    public init(
        featureCount: Int,
        candidateCounts: [Int],
        rewards: [Double],
        priorLogits: [Double],
        features: [Double],
        goldRewards: [Double]? = nil
    ) throws(SimulatorError) {
        guard featureCount >= 1 else {
            throw .invalid("featureCount", "a table needs at least one feature (featureCount ≥ 1), got \(featureCount)")
        }
        guard !candidateCounts.isEmpty else {
            throw .invalid("candidateCounts", "a table needs at least one item; candidateCounts is empty")
        }
        var offsets = [0]
        offsets.reserveCapacity(candidateCounts.count + 1)
        for (item, count) in candidateCounts.enumerated() {
            guard count >= 1 else {
                throw .invalid("candidateCounts[\(item)]", "item \(item) has an empty answer space (\(count) candidates); every item needs at least one candidate answer")
            }
            offsets.append(offsets[item] + count)
        }
        let total = offsets[candidateCounts.count]
        try Self.check("rewards", rewards, count: total)
        try Self.check("priorLogits", priorLogits, count: total)
        try Self.check("features", features, count: total * featureCount, per: "\(featureCount) features × \(total) candidates")
        if let goldRewards { try Self.check("goldRewards", goldRewards, count: total) }
        self.featureCount = featureCount
        self.candidateOffsets = offsets
        self.rewards = rewards
        self.goldRewards = goldRewards
        self.priorLogits = priorLogits
        self.features = features
        self.isTabular = Self.tabular(offsets: offsets, features: features, featureCount: featureCount)
        self.offSpan = nil
        self.answerTokens = nil
    }

    /// The number of items (prompts).
    public var itemCount: Int { candidateOffsets.count - 1 }
    /// The number of candidates over all items.
    public var candidateCount: Int { candidateOffsets[candidateOffsets.count - 1] }
    /// Whether the table has gold rewards.
    public var hasGoldRewards: Bool { goldRewards != nil }

    /// The flat indices of `item`'s candidates.
    public func candidates(of item: Int) -> Range<Int> {
        candidateOffsets[item]..<candidateOffsets[item + 1]
    }

    /// The largest number of candidates of any item.
    public var maximumCandidatesPerItem: Int {
        (0..<itemCount).reduce(0) { max($0, candidateOffsets[$1 + 1] - candidateOffsets[$1]) }
    }

    /// The feature vector of the flat candidate `candidate`.
    public func features(ofCandidate candidate: Int) -> ArraySlice<Double> {
        features[(candidate * featureCount)..<((candidate + 1) * featureCount)]
    }

    /// A table of the given items of this one, in the given order.
    ///
    /// A train/validation split selects the two parts of one table; the off-span columns come along.
    ///
    /// - Throws: ``SimulatorError`` for an empty list or an index out of range (field `items`).
    public func selecting(items: [Int]) throws(SimulatorError) -> ResponseTable {
        guard !items.isEmpty else { throw .invalid("items", "select at least one item") }
        var counts: [Int] = [], rewards: [Double] = [], priors: [Double] = [], features: [Double] = []
        var gold: [Double]? = goldRewards == nil ? nil : []
        var lengths: [Double]? = answerTokens == nil ? nil : []
        for (position, item) in items.enumerated() {
            guard (0..<itemCount).contains(item) else {
                throw .invalid("items[\(position)]", "item \(item) is out of range 0..<\(itemCount)")
            }
            let range = candidates(of: item)
            counts.append(range.count)
            rewards += self.rewards[range]
            priors += priorLogits[range]
            features += self.features[(range.lowerBound * featureCount)..<(range.upperBound * featureCount)]
            if let goldRewards { gold! += goldRewards[range] }
            if let answerTokens { lengths! += answerTokens[range] }
        }
        var selected = try ResponseTable(featureCount: featureCount, candidateCounts: counts, rewards: rewards,
                                         priorLogits: priors, features: features, goldRewards: gold)
        selected.offSpan = offSpan
        selected.answerTokens = lengths
        return selected
    }

    /// Whether each candidate is a correct answer, the answers pass@k counts.
    ///
    /// A correct answer is among its item's best by the gold reward (the training reward without
    /// a gold grader), when that best is > 0.
    public var correctCandidates: [Bool] {
        let scores = goldRewards ?? rewards
        var correct = [Bool](repeating: false, count: candidateCount)
        for item in 0..<itemCount {
            let range = candidates(of: item)
            let best = scores[range].max() ?? 0
            guard best > 0 else { continue }
            for c in range where scores[c] >= best - 1e-9 { correct[c] = true }
        }
        return correct
    }

    static func check(_ field: String, _ values: [Double], count: Int, per detail: String? = nil) throws(SimulatorError) {
        guard values.count == count else {
            let expected = detail.map { "\(count) (\($0))" } ?? "\(count) (one per candidate)"
            throw .invalid(field, "\(field) has \(values.count) values but the table needs \(expected)")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw .invalid("\(field)[\(bad)]", "\(field)[\(bad)] is \(values[bad]); every value must be finite")
        }
    }

    private static func tabular(offsets: [Int], features: [Double], featureCount: Int) -> Bool {
        var seen = [Int](repeating: -1, count: featureCount)
        for item in 0..<(offsets.count - 1) {
            for candidate in offsets[item]..<offsets[item + 1] {
                var hot = -1
                for f in 0..<featureCount {
                    let value = features[candidate * featureCount + f]
                    if value == 0 { continue }
                    guard value == 1, hot < 0 else { return false }
                    hot = f
                }
                guard hot >= 0, seen[hot] != item else { return false }
                seen[hot] = item
            }
        }
        return true
    }
}
