import Testing

@testable import Studies

/// Early-stopping advice from a sweep's cost to target.
struct StoppingAdviceTests {
    static func cell(_ index: Int, reached: [Int?], costs: [Double], value: String) -> SweepCellResult {
        let steps = [0, 5, 10, 15, 20]
        let runs = reached.enumerated().map { seed, step in
            SweepCellResult.Run(seed: UInt64(seed), finalValidReward: 0.9, reachedStep: step, hoursToTarget: nil, costToTarget: nil,
                                cost: costs.last!)
        }
        return SweepCellResult(id: "c\(index)", index: index, assignments: [.init(key: "hyperparameters.n_epochs", value: value)],
                               target: 0.8, steps: 20, hours: 1, runs: runs,
                               curve: .init(steps: steps, hours: steps.map { Double($0) }, cost: costs, meanValidReward: [0.5, 0.6, 0.7, 0.8, 0.9]))
    }

    @Test func theCheapestCellReachingTheTargetInNineTenthsOfSeedsIsAdvised() throws {
        // Cell 0: 9 of 10 seeds by step 10 ($20); cell 1: 9 of 10 only by step 15 but cheaper per step ($15);
        // cell 2: only 8 of 10 ever reach it, so it cannot be advised at P = 0.9.
        let a = Self.cell(0, reached: [5, 5, 10, 10, 10, 10, 10, 10, 10, nil], costs: [0, 10, 20, 30, 40], value: "4")
        let b = Self.cell(1, reached: [5, 10, 10, 15, 15, 15, 15, 15, 15, 20], costs: [0, 5, 10, 15, 20], value: "8")
        let c = Self.cell(2, reached: [5, 5, 5, 5, 5, 5, 5, 5, nil, nil], costs: [0, 1, 2, 3, 4], value: "2")
        let advice = try #require(SweepSummary.stoppingAdvice([a, b, c]))
        #expect(advice.step == 15 && advice.cost == 15 && advice.fullCost == 20 && advice.probability == 0.9)
        #expect(advice.label.contains("n_epochs=8"))
        #expect(advice.text.hasPrefix("stop at step 15 (n_epochs=8): it reaches 0.800 in P = 0.90 of seeds for $15.00 a run"))
        #expect(advice.text.contains("assumes you stop the job at the checkpoint where the validation reward first meets the target"))
        #expect(SweepSummary.stoppingAdvice([c]) == nil)
        #expect(SweepSummary.stoppingAdvice([c], confidence: 0.8)?.step == 5)
    }
}
