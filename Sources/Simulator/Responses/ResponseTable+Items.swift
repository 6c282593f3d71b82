extension ResponseTable {
    /// One candidate answer, for building a table item by item.
    public struct Candidate: Sendable, Hashable {
        /// The training grader's reward.
        public var reward: Double
        /// The gold grader's reward, if the table has a gold grader (all candidates or none).
        public var goldReward: Double?
        /// The base model's logit.
        public var priorLogit: Double
        /// The feature vector φ, of the table's feature count.
        public var features: [Double]

        /// Creates a candidate.
        public init(reward: Double, goldReward: Double? = nil, priorLogit: Double, features: [Double]) {
            self.reward = reward
            self.goldReward = goldReward
            self.priorLogit = priorLogit
            self.features = features
        }
    }

    /// One item (prompt) and its candidate answers.
    public struct Item: Sendable, Hashable {
        /// The candidate answers; at least one.
        public var candidates: [Candidate]

        /// Creates an item.
        public init(candidates: [Candidate]) {
            self.candidates = candidates
        }
    }

    /// Creates a table from items.
    ///
    /// - Throws: ``SimulatorError`` naming the field (`items[2].candidates`,
    ///   `items[0].candidates[1].features`, …) for an empty answer space, a feature vector of the
    ///   wrong length, a non-finite value, or gold rewards on some candidates but not others.
    public init(featureCount: Int, items: [Item]) throws(SimulatorError) {
        guard !items.isEmpty else { throw .invalid("items", "a table needs at least one item; items is empty") }
        let hasGold = items.first?.candidates.first?.goldReward != nil
        var counts: [Int] = [], rewards: [Double] = [], priors: [Double] = [], features: [Double] = [], gold: [Double] = []
        for (i, item) in items.enumerated() {
            guard !item.candidates.isEmpty else {
                throw .invalid("items[\(i)].candidates", "item \(i) has an empty answer space; every item needs at least one candidate answer")
            }
            counts.append(item.candidates.count)
            for (j, candidate) in item.candidates.enumerated() {
                let field = "items[\(i)].candidates[\(j)]"
                guard candidate.features.count == featureCount else {
                    throw .invalid("\(field).features", "\(field).features has \(candidate.features.count) values; the table has \(featureCount) features")
                }
                guard (candidate.goldReward != nil) == hasGold else {
                    throw .invalid("\(field).goldReward", "some candidates have a gold reward and others not; give every candidate a gold reward or none")
                }
                for (name, value) in [("reward", candidate.reward), ("priorLogit", candidate.priorLogit), ("goldReward", candidate.goldReward ?? 0)]
                where !value.isFinite {
                    throw .invalid("\(field).\(name)", "\(field).\(name) is \(value); it must be finite")
                }
                if let bad = candidate.features.firstIndex(where: { !$0.isFinite }) {
                    throw .invalid("\(field).features[\(bad)]", "\(field).features[\(bad)] is \(candidate.features[bad]); it must be finite")
                }
                rewards.append(candidate.reward)
                priors.append(candidate.priorLogit)
                features += candidate.features
                gold.append(candidate.goldReward ?? 0)
            }
        }
        try self.init(featureCount: featureCount, candidateCounts: counts, rewards: rewards,
                      priorLogits: priors, features: features, goldRewards: hasGold ? gold : nil)
    }

    /// The candidates of `item` as values (for inspection; allocates).
    public func item(_ item: Int) -> Item {
        Item(candidates: candidates(of: item).map { c in
            Candidate(reward: rewards[c], goldReward: goldRewards?[c], priorLogit: priorLogits[c],
                      features: Array(features(ofCandidate: c)))
        })
    }
}
