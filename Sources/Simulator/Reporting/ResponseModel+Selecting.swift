extension ResponseModel {
    /// The model restricted to `items`, in that order (renumbered from 0): e.g. a training and a
    /// validation split of one graded dataset. The ``report`` is kept as built (whole dataset).
    ///
    /// - Throws: ``SimulatorError`` for an empty selection or an item out of range.
    public func selecting(items: [Int]) throws(SimulatorError) -> ResponseModel {
        let table = try table.selecting(items: items)
        var candidates: [Candidate] = []
        candidates.reserveCapacity(table.candidateCount)
        for (position, item) in items.enumerated() {
            for var candidate in self.candidates(of: item) {
                candidate.item = position
                candidates.append(candidate)
            }
        }
        return ResponseModel(table: table, candidates: candidates, featureNames: featureNames,
                             itemSuccessProbabilities: items.map { itemSuccessProbabilities[$0] }, report: report)
    }
}
