import Foundation
import Graders
import Simulator
import Studies
import Testing

/// The numbers of docs/DYNAMICS.md, measured on the committed scenarios with the sweep's own
/// runs: step-size instability, the capability ceiling, transfer, and sharpening.
struct LearningDynamicsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scenarios")

    /// Every run of a sweep of `scenario` over `key` (seeds × values), by value in grid order.
    static func sweep(_ scenario: String, vary: String, seeds: Int, steps: Int, overrides: [String] = [])
        async throws -> [(value: String, start: Double, records: [SweepCellRunner.Record])] {
        let plan = try SweepPlan(SweepSpecification(
            scenarioPath: root.appendingPathComponent(scenario).path, overrides: overrides,
            variations: [try SweepVariation(parsing: vary)], seeds: seeds, target: 0.8, steps: steps))
        let runners = try await SweepPreparation(plan: plan).runners(for: plan.cells, parallelism: 2)
        return runners.map { runner in
            (runner.cell.assignments[0].value, runner.initialValidReward, (0..<seeds).map { runner.run($0) })
        }
    }

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }

    @Test("Too large a step destabilises: the best multiplier is inside the grid, ×64 collapses, ≤ ×4 never does",
          arguments: ["security-compliance", "math-exact-answer"])
    func learningRateSweep(scenario: String) async throws {
        let cells = try await Self.sweep(scenario, vary: "hyperparameters.learning_rate_multiplier=0.5,1,2,4,8,16,32,64", seeds: 32, steps: 60)
        let means = cells.map { Self.mean($0.records.map(\.finalExpectedReward)) }
        let best = try #require(means.indices.max { means[$0] < means[$1] })
        #expect(best > 0 && best < cells.count - 1, "best cell ×\(cells[best].value) is on the edge: \(means)")
        #expect(means[cells.count - 1] <= means[best] - 0.10)
        func belowStart(_ cell: (value: String, start: Double, records: [SweepCellRunner.Record])) -> Int {
            cell.records.filter { $0.finalExpectedReward < cell.start }.count
        }
        #expect(Double(belowStart(cells[cells.count - 1])) >= 0.25 * 32)
        print("learning-rate sweep \(scenario): mean final expected valid reward \(means.map { ($0 * 1000).rounded() / 1000 }); "
              + "below the start (\((cells[0].start * 1000).rounded() / 1000)) at ×32: \(belowStart(cells[cells.count - 2])), ×64: \(belowStart(cells[cells.count - 1])) of 32")
        for cell in cells where Double(cell.value)! <= 4 { #expect(belowStart(cell) == 0, "×\(cell.value)") }

        // The stability warning: on ≥ 90 % of the collapsed runs and ≤ 5 % of the others.
        let runs = cells.flatMap { cell in cell.records.map { (collapsed: $0.finalExpectedReward < cell.start, warned: $0.unstable) } }
        let collapsed = runs.filter(\.collapsed), others = runs.filter { !$0.collapsed }
        #expect(!collapsed.isEmpty)
        #expect(Double(collapsed.filter(\.warned).count) >= 0.9 * Double(collapsed.count))
        #expect(Double(others.filter(\.warned).count) <= 0.05 * Double(others.count))
        print("stability warning \(scenario): \(collapsed.filter(\.warned).count) of \(collapsed.count) collapsed runs, "
              + "\(others.filter(\.warned).count) of \(others.count) others")
    }

    @Test("An unsolvable share u caps base pass@256 at 1 − u, and training does not lift those items", arguments: [0.0, 0.2, 0.5])
    func capabilityCeiling(share: Double) async throws {
        let scenario = try JobScenario.load(path: Self.root.appendingPathComponent("math-exact-answer").path, overrides: [
            "prior.unsolvable_share=\(share)", "hyperparameters.learning_rate_multiplier=4", "hyperparameters.n_epochs=12",
        ])
        let simulation = try JobSimulation(scenario)
        #expect(simulation.steps == 60)
        let responses = try await simulation.buildResponses(engine: GraderEngine())
        let base = try Policy(table: responses.validation.table)
        #expect(abs(base.passAtK([256])[0] - (1 - share)) <= 0.02)
        let unsolvable = base.successProbabilities().enumerated().filter { $0.element < 1e-9 }.map(\.offset)
        #expect(unsolvable.count == Int((Double(responses.validation.table.itemCount) * share).rounded()))
        let session = try simulation.session(responses)
        while !session.isFinished { session.step() }
        let tuned = try Policy(table: responses.validation.table, parameters: session.training.parameters).successProbabilities()
        for item in unsolvable { #expect(tuned[item] <= 0.01) }
        #expect(Self.mean(tuned) > Self.mean(base.successProbabilities()) + 0.1)  // the solvable items learned
    }

    @Test("Transfer ρ: what the validation items gain is ρ times what the training items gain", arguments: [0.0, 0.5, 1.0])
    func transfer(rho: Double) async throws {
        let scenario = try JobScenario.load(path: Self.root.appendingPathComponent("security-compliance").path, overrides: [
            "dynamics.transfer=\(rho)", "hyperparameters.learning_rate_multiplier=0.5",
        ])
        let simulation = try JobSimulation(scenario, steps: 60)
        let responses = try await simulation.buildResponses(engine: GraderEngine())
        let trainStart = try Policy(table: responses.train.table).expectedReward()
        let validStart = try Policy(table: responses.validation.table).expectedReward()
        var ratios: [Double] = []
        for seed in UInt64(1)...8 {
            let session = try simulation.session(responses, seed: seed)
            var last: StepMetrics?
            while !session.isFinished { last = session.step() }
            let trainGain = try #require(last?.policyExpectedReward) - trainStart
            let validGain = try #require(last?.validPolicyExpectedReward) - validStart
            #expect(trainGain > 0.2)
            ratios.append(validGain / trainGain)
        }
        #expect(abs(Self.mean(ratios) - rho) <= 0.1, "ratios \(ratios)")
    }

    @Test("sharpening: RL raises pass@1 while the base model keeps the higher pass@256")
    func sharpening() async throws {
        let scenario = try JobScenario.load(path: Self.root.appendingPathComponent("sharpening").path)
        let simulation = try JobSimulation(scenario)
        #expect(simulation.steps == 60)
        let responses = try await simulation.buildResponses(engine: GraderEngine())
        let base = try Policy(table: responses.validation.table).passAtK([1, 256])
        var gains = 0, losses = 0
        for run in 0..<32 {
            let seed = SweepPlan.runSeed(scenarioSeed: scenario.seed, run: run)
            let session = try simulation.session(responses, seed: seed, policyMetrics: false)
            while !session.isFinished { session.step() }
            let tuned = try Policy(table: responses.validation.table, parameters: session.training.parameters).passAtK([1, 256])
            if tuned[0] - base[0] >= 0.15 { gains += 1 }
            if base[1] - tuned[1] >= 0.03 { losses += 1 }
        }
        #expect(gains >= 28 && losses >= 28, "pass@1 rose in \(gains) seeds, pass@256 fell in \(losses)")
    }

    @Test("reasoning_effort buys a stronger base model: low < medium < high before any training")
    func reasoningEffort() async throws {
        var rewards: [Double] = []
        for effort in ["low", "medium", "high"] {
            let scenario = try JobScenario.load(path: Self.root.appendingPathComponent("math-exact-answer").path,
                                                overrides: ["hyperparameters.reasoning_effort=\(effort)"])
            let responses = try await JobSimulation(scenario).buildResponses(engine: GraderEngine())
            rewards.append(try Policy(table: responses.validation.table).expectedReward())
        }
        #expect(rewards[0] < rewards[1] - 0.03 && rewards[1] < rewards[2] - 0.03, "\(rewards)")
    }
}
