extension TrainingSession {
    /// Reads, in place, what the latest ``step(forceValidation:)`` trained on: the batch's items
    /// and, for a sampled algorithm, the candidate each answer drew.
    ///
    /// `items[slot]` is the training item of batch slot `slot` (`batchSize` of them);
    /// `candidates[slot × groupSize + g]` is answer `g` of that slot, as an index *within* the
    /// item (flat candidate `table.candidates(of: items[slot]).lowerBound + candidates[…]`).
    /// For the exact algorithms (`.exact`, `.natural`) nothing is sampled and `candidates` is
    /// empty; before the first step both are empty.
    ///
    /// The buffers are the session's own, overwritten by the next step: do not let them escape
    /// `body`. Reading them copies nothing and allocates nothing, and leaves training untouched.
    ///
    /// ```swift
    /// session.step()
    /// let g = session.configuration.groupSize
    /// let zeroRewards = session.withLastSample { items, candidates in
    ///     candidates.indices.filter { session.table.rewards[session.table.candidates(of: items[$0 / g]).lowerBound + candidates[$0]] == 0 }.count
    /// }
    /// ```
    public func withLastSample<Result, Failure: Error>(
        _ body: (_ items: UnsafeBufferPointer<Int>, _ candidates: UnsafeBufferPointer<Int>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        guard stepsCompleted > 0 else {
            return try body(UnsafeBufferPointer(start: nil, count: 0), UnsafeBufferPointer(start: nil, count: 0))
        }
        let batchSize = configuration.batchSize
        let answers = configuration.algorithm.isSampled ? batchSize * configuration.groupSize : 0
        return try body(UnsafeBufferPointer(start: buffers.batchItems, count: batchSize),
                        UnsafeBufferPointer(start: buffers.samples, count: answers))
    }
}

extension TrainingSession {
    /// Reads, in place, how often the latest validation drew each validation candidate.
    ///
    /// `draws[c]` is the count of flat candidate `c` of ``validationTable``; they sum to items ×
    /// `evalSamples`. Empty without a validation table; zeros before the first validation.
    ///
    /// The buffer is the session's own, overwritten by the next validation: do not let it escape `body`.
    public func withLastValidationSample<Result, Failure: Error>(
        _ body: (_ draws: UnsafeBufferPointer<Int>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        try body(UnsafeBufferPointer(start: buffers.validationDraws, count: validation?.candidateCount ?? 0))
    }
}
