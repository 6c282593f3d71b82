internal import Foundation

extension SweepSummary {
    /// A cell whose runs destabilised this often gets a warning.
    static let unstableWarningShare = 0.25
    /// Ordered words a varied key may take besides numbers (reasoning_effort).
    static let ordinalWords = ["low", "medium", "high"]

    /// What the sweep's numbers warn about, in order: the best cell on the edge of an ordered
    /// varied key's grid ("the best learning_rate_multiplier is the largest tried"), then cells
    /// in which at least a quarter of the runs destabilised.
    public var warnings: [String] {
        var found: [String] = []
        if let best = rows.filter({ $0.finalReward.isFinite }).max(by: { ($0.finalReward, -$0.index) < ($1.finalReward, -$1.index) }) {
            for (position, key) in manifest.keys.enumerated() {
                guard let order = Self.ordered(Set(rows.map { $0.values[position] })), order.count >= 3 else { continue }
                let value = best.values[position]
                let side = value == order.last ? "largest" : value == order.first ? "smallest" : nil
                guard let side else { continue }
                found.append("the best \(key) is the \(side) tried (\(value), mean final valid reward "
                    + "\(String(format: "%.3f", best.finalReward))): the optimum may lie beyond the grid; extend it past \(value)")
            }
        }
        for row in rows {
            guard let share = row.unstableShare, share >= Self.unstableWarningShare else { continue }
            let count = Int((share * Double(row.runs)).rounded())
            found.append("\(row.label): \(count) of \(row.runs) runs destabilised (the valid reward fell below its start "
                + "after rising, or the entropy collapsed while it fell): the step is too large for this task")
        }
        return found
    }

    /// `values` in their natural order when they are all numbers or all ordinal words, else `nil`.
    static func ordered(_ values: Set<String>) -> [String]? {
        if values.allSatisfy({ Double($0) != nil }) { return values.sorted { Double($0)! < Double($1)! } }
        if values.allSatisfy({ ordinalWords.contains($0) }) { return values.sorted { ordinalWords.firstIndex(of: $0)! < ordinalWords.firstIndex(of: $1)! } }
        return nil
    }
}
