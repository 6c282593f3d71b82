import Foundation
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

    @Test func theAdviceNamesTheEpochsThatReachTheStep() throws {
        // 30 training examples, batch 4: an epoch is 7.5 steps; n_epochs = E takes ⌈7.5·E⌉ steps.
        var a = Self.cell(0, reached: [5, 5, 10, 10, 10, 10, 10, 10, 10, nil], costs: [0, 10, 20, 30, 40], value: "4")
        var b = Self.cell(1, reached: [5, 10, 10, 15, 15, 15, 15, 15, 15, 20], costs: [0, 5, 10, 15, 20], value: "8")
        a.epochSize = .init(trainingExamples: 30, batchSize: 4)
        b.epochSize = a.epochSize
        let size = try #require(b.epochSize)
        #expect([1, 7, 8, 9, 15, 16, 23, 24].map(size.epochs(throughStep:)) == [1, 1, 1, 2, 2, 3, 3, 4])
        #expect([1, 2, 3, 4].map(size.steps(epochs:)) == [8, 15, 23, 30])
        let advice = try #require(SweepSummary.stoppingAdvice([a, b]))
        // Step 15 needs 2 epochs (15 steps); stopping there costs the mean cost so far, $15.
        #expect(advice.step == 15 && advice.epochs == 2 && advice.epochSteps == 15 && advice.cost == 15)
        #expect(advice.text.hasPrefix("n_epochs = 2 reaches 0.800 in P = 0.90 of seeds for $15.00 a run (cell n_epochs=8, stopped by step 15 of the 15 steps of 2 epochs;"))
        #expect(advice.text.contains("assumes you stop the job at the checkpoint where the validation reward first meets the target"))
        // Cell files are stored with the size; older files without it still give step advice.
        let decoded = try JSONDecoder().decode(SweepCellResult.self, from: JSONEncoder().encode(b))
        #expect(decoded.epochSize == size)
        var old = try JSONSerialization.jsonObject(with: JSONEncoder().encode(b)) as! [String: Any]
        #expect(old.removeValue(forKey: "epoch_size") != nil)
        let legacy = try JSONDecoder().decode(SweepCellResult.self, from: JSONSerialization.data(withJSONObject: old))
        #expect(legacy.epochSize == nil)
        #expect(SweepSummary.stoppingAdvice([legacy])?.text.hasPrefix("stop at step 15") == true)
    }
}
