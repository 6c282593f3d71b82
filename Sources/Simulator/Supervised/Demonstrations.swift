import Foundation

/// A supervised dataset over an answer space: a ``ResponseTable`` of items and, for every item,
/// the candidate its assistant message demonstrates (the SFT target).
///
/// `answers[i]` is a *local* index into `table.candidates(of: i)` (0 is the item's first
/// candidate). With a ``ResponseModel`` the demonstration is naturally the item's `reference`
/// candidate (see ``init(referencesOf:)``).
///
/// ```swift
/// let data = try Demonstrations(table: table, answers: [0, 2, 1])
/// data.loss(parameters: θ)     // mean −log π(demo | item)
/// ```
public struct Demonstrations: Sendable, Hashable {
    /// The items and their candidate answers.
    public let table: ResponseTable
    /// Per item, the local index of the demonstrated candidate.
    public let answers: [Int]

    /// Creates a dataset.
    ///
    /// - Throws: ``SimulatorError`` with field `answers` when the count differs from the table's
    ///   item count, or `answers[i]` when an index is outside the item's candidates.
    public init(table: ResponseTable, answers: [Int]) throws(SimulatorError) {
        guard answers.count == table.itemCount else {
            throw .invalid("answers", "answers has \(answers.count) demonstration indices but the table has \(table.itemCount) items")
        }
        for (item, answer) in answers.enumerated() {
            let count = table.candidates(of: item).count
            guard (0..<count).contains(answer) else {
                throw .invalid("answers[\(item)]", "demonstration index \(answer) of item \(item) is out of range 0..<\(count)")
            }
        }
        self.table = table
        self.answers = answers
    }

    /// The dataset whose demonstration of each item is its `reference` candidate.
    ///
    /// - Throws: ``SimulatorError`` (field `answers[i]`) when item `i` has no reference candidate.
    public init(referencesOf model: ResponseModel) throws(SimulatorError) {
        var answers: [Int] = []
        for item in 0..<model.table.itemCount {
            let range = model.table.candidates(of: item)
            guard let flat = range.first(where: { model.candidates[$0].kind == .reference }) else {
                throw .invalid("answers[\(item)]", "item \(item) has no reference candidate to demonstrate")
            }
            answers.append(flat - range.lowerBound)
        }
        try self.init(table: model.table, answers: answers)
    }

    /// The given items of this dataset, in the given order (e.g. a train/validation split).
    ///
    /// - Throws: ``SimulatorError`` for an empty list or an index out of range (field `items`).
    public func selecting(items: [Int]) throws(SimulatorError) -> Demonstrations {
        let table = try table.selecting(items: items)
        return try Demonstrations(table: table, answers: items.map { answers[$0] })
    }

    /// The number of items (examples).
    public var count: Int { table.itemCount }

    /// The mean negative log-likelihood (`loss`) and mean π(demo | item) (`accuracy`) over `items`
    /// (default: all) under θ.
    public func evaluate(parameters: [Double], items: [Int]? = nil) -> (loss: Double, accuracy: Double) {
        let policy = Policy(unchecked: table, parameters: parameters)
        let chosen = items ?? Array(0..<count)
        guard !chosen.isEmpty else { return (0, 0) }
        var loss = 0.0, accuracy = 0.0
        for item in chosen {
            let logP = policy.logProbabilities(item: item)[answers[item]]
            loss -= logP
            accuracy += exp(logP)
        }
        return (loss / Double(chosen.count), min(1, max(0, accuracy / Double(chosen.count))))
    }

    /// Adds to `gradient` the ascent direction of log π(demo | item) at θ, `φ(demo) − E_π[φ]`,
    /// scaled by `weight`; returns −log π(demo | item) and π(demo | item).
    func accumulateGradient(item: Int, parameters: [Double], weight: Double, into gradient: inout [Double]) -> (loss: Double, accuracy: Double) {
        let policy = Policy(unchecked: table, parameters: parameters)
        let logP = policy.logProbabilities(item: item)
        let p = logP.map { exp($0) }
        let range = table.candidates(of: item)
        let f = table.featureCount
        let demo = range.lowerBound + answers[item]
        for (local, candidate) in range.enumerated() {
            let coefficient = ((candidate == demo) ? 1 : 0) - p[local]
            if coefficient == 0 { continue }
            let base = candidate * f
            for k in 0..<f { gradient[k] += weight * coefficient * table.features[base + k] }
        }
        return (-logP[answers[item]], p[answers[item]])
    }
}
