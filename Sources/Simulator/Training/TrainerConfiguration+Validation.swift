extension TrainerConfiguration {
    /// Checks the configuration against the tables it will train on.
    ///
    /// - Throws: ``SimulatorError`` naming the first field at fault.
    public func validate(table: ResponseTable, validation: ResponseTable? = nil) throws(SimulatorError) {
        guard learningRate.isFinite, learningRate >= 0 else {
            throw .invalid("learningRate", "learningRate must be finite and ≥ 0, got \(learningRate)")
        }
        guard batchSize >= 1 else { throw .invalid("batchSize", "batchSize must be ≥ 1, got \(batchSize)") }
        guard batchSize <= table.itemCount else {
            throw .invalid("batchSize", "batchSize \(batchSize) is larger than the \(table.itemCount) training item(s); use at most \(table.itemCount) (or ResponseTable.bandit(…, copies:) for repeated prompts)")
        }
        if algorithm.needsGroups {
            guard groupSize >= 2 else {
                throw .invalid("groupSize", "\(algorithm.rawValue) needs at least 2 answers per item (groupSize ≥ 2) for its group baseline, got \(groupSize)")
            }
        } else {
            guard groupSize >= 1 else { throw .invalid("groupSize", "groupSize must be ≥ 1, got \(groupSize)") }
        }
        guard steps >= 0 else { throw .invalid("steps", "steps must be ≥ 0, got \(steps)") }
        if let kl {
            guard kl.beta.isFinite, kl.beta >= 0 else {
                throw .invalid("kl.beta", "the KL weight beta must be finite and ≥ 0, got \(kl.beta)")
            }
        }
        if let referenceParameters {
            try Policy.checkParameters(referenceParameters, featureCount: table.featureCount, field: "referenceParameters")
        }
        if let initialParameters {
            try Policy.checkParameters(initialParameters, featureCount: table.featureCount, field: "initialParameters")
        }
        guard clipEpsilon.isFinite, clipEpsilon > 0 else {
            throw .invalid("clipEpsilon", "clipEpsilon must be finite and > 0, got \(clipEpsilon)")
        }
        if let high = clipEpsilonHigh, !(high.isFinite && high > 0) {
            throw .invalid("clipEpsilonHigh", "clipEpsilonHigh must be finite and > 0, got \(high)")
        }
        guard iterationsPerBatch >= 1 else {
            throw .invalid("iterationsPerBatch", "iterationsPerBatch must be ≥ 1, got \(iterationsPerBatch)")
        }
        try optimizer.validate()
        guard (0...1).contains(baselineRate) else {
            throw .invalid("baselineRate", "baselineRate must be in [0, 1], got \(baselineRate)")
        }
        guard naturalDamping.isFinite, naturalDamping > 0 else {
            throw .invalid("naturalDamping", "naturalDamping must be finite and > 0, got \(naturalDamping)")
        }
        if let evalInterval, evalInterval < 1 {
            throw .invalid("evalInterval", "evalInterval must be ≥ 1, got \(evalInterval)")
        }
        guard evalSamples >= 1 else { throw .invalid("evalSamples", "evalSamples must be ≥ 1, got \(evalSamples)") }
        guard policyMetricsInterval >= 1 else {
            throw .invalid("policyMetricsInterval", "policyMetricsInterval must be ≥ 1, got \(policyMetricsInterval)")
        }
        if let trackedItem, !(0..<table.itemCount).contains(trackedItem) {
            throw .invalid("trackedItem", "trackedItem \(trackedItem) is out of range 0..<\(table.itemCount)")
        }
        try dynamics.validate()
        if !algorithm.isSampled, !dynamics.isNeutral {
            throw .invalid("dynamics", "transfer and instability act on sampled steps; \(algorithm.rawValue) needs neutral dynamics (transfer 1, instability 0)")
        }
        if let validation, validation.featureCount != table.featureCount {
            throw .invalid("validation", "the validation table has \(validation.featureCount) features but the training table has \(table.featureCount); they must share the feature space")
        }
    }

    /// The tracked item for `table`: ``trackedItem``, or item 0 of a single-item table.
    func resolvedTrackedItem(for table: ResponseTable) -> Int? {
        trackedItem ?? (table.itemCount == 1 ? 0 : nil)
    }
}
