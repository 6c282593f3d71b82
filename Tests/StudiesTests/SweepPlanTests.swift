import Foundation
import Provider
import Simulator
import Testing

@testable import Studies

@Suite("Sweep plans: cells, ids, keys and checks")
struct SweepPlanTests {
    @Test("The grid is in --vary order, first key slowest, with stable ids")
    func gridOrder() throws {
        let plan = try SweepPlan(try SweepFixtures.specification(scenario: try SweepFixtures.scenarioFolder()))
        #expect(plan.cells.map(\.label) == [
            "batch_size=2, learning_rate_multiplier=1", "batch_size=2, learning_rate_multiplier=4",
            "batch_size=4, learning_rate_multiplier=1", "batch_size=4, learning_rate_multiplier=4",
            "batch_size=8, learning_rate_multiplier=1", "batch_size=8, learning_rate_multiplier=4",
        ])
        #expect(plan.cells[3].scenario.hyperparameters.batchSize == .value(4))
        // The id depends on the assignments only, not on their order or the process.
        let swapped = [plan.cells[3].assignments[1], plan.cells[3].assignments[0]]
        #expect(SweepCell.id(of: swapped) == plan.cells[3].id)
        #expect(Set(plan.cells.map(\.id)).count == 6 && plan.cells.allSatisfy { $0.id.count == 17 && $0.id.hasPrefix("c") })
        #expect(plan.manifest.cells == plan.cells.map(\.id) && plan.manifest.keys == ["hyperparameters.batch_size", "hyperparameters.learning_rate_multiplier"])
    }

    @Test("A key that does not exist is named with the nearest key and its siblings")
    func unknownKey() throws {
        var specification = SweepSpecification(scenarioPath: try SweepFixtures.scenarioFolder().path, seeds: 2)
        specification.variations = [try SweepVariation(parsing: "hyperparameters.batch_sise=4,8")]
        #expect(throws: SweepError(.invalidScenario, "--vary hyperparameters.batch_sise: the scenario has no key 'hyperparameters.batch_sise'; "
            + "did you mean hyperparameters.batch_size? Keys under hyperparameters: batch_size, compute_multiplier, eval_interval, "
            + "eval_samples, learning_rate_multiplier, n_epochs, reasoning_effort.")) {
            try SweepPlan(specification)
        }
        specification.variations = [try SweepVariation(parsing: "trainer.learning_rate=0.1,0.2")]
        #expect(throws: SweepError(.invalidScenario, "--vary trainer.learning_rate: the scenario has no key 'trainer.learning_rate'; "
            + "did you mean trainer.base_learning_rate? Keys under trainer: algorithm, base_learning_rate.")) {
            try SweepPlan(specification)
        }
    }

    @Test("Simulator-only keys absent from the scenario can be varied")
    func simulatorKeys() throws {
        var specification = SweepSpecification(scenarioPath: try SweepFixtures.scenarioFolder().path, seeds: 1)
        specification.variations = [try SweepVariation(parsing: "trainer.algorithm=grpo,rloo"),
                                     try SweepVariation(parsing: "pricing.data_sharing=false,true")]
        let plan = try SweepPlan(specification)
        #expect(plan.cells.map(\.scenario.simulation.algorithm) == [.grpo, .grpo, .rloo, .rloo])
        #expect(plan.cells.map(\.scenario.dataSharing) == [false, true, false, true])
    }

    @Test("A bad value names its cell and key, before anything runs")
    func badCell() async throws {
        var specification = SweepSpecification(scenarioPath: try SweepFixtures.scenarioFolder().path, seeds: 1)
        specification.variations = [try SweepVariation(parsing: "prior.success_rate=0.5,1.5")]
        #expect(throws: SweepError(.invalidCell, "cell 2 (success_rate=1.5): prior.success_rate: must be a number in [0, 1], got \"1.5\"")) {
            try SweepPlan(specification)
        }
        // Checks that need the data run for every cell before any training, and leave no folder.
        specification.variations = [try SweepVariation(parsing: "hyperparameters.batch_size=4,64")]
        let folder = SweepFixtures.temporaryFolder("bad")
        await #expect(throws: SweepError(.invalidCell, "cell 2 (batch_size=64): hyperparameters.batch_size: batch_size 64 is larger than the 40 training example(s); use at most 40 or \"auto\"")) {
            try await SweepFixtures.run(specification, into: folder)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }

    @Test("A sweep needs a target")
    func missingTarget() throws {
        let yaml = SweepFixtures.scenarioYAML.replacingOccurrences(of: "target:\n  reward: 0.35", with: "")
        let specification = SweepSpecification(scenarioPath: try SweepFixtures.scenarioFolder(yaml).path, seeds: 1)
        #expect(throws: SweepError(.invalidCell, "cell 1 (base): no target reward; set target.reward in the scenario or pass --target (e.g. --target 0.8)")) {
            try SweepPlan(specification)
        }
        var withTarget = specification
        withTarget.target = 0.5
        #expect(try SweepPlan(withTarget).cells[0].target == 0.5)
    }

    @Test("--random draws the same cells for the same sweep seed, in grid order")
    func randomDraws() throws {
        var specification = try SweepFixtures.specification(scenario: try SweepFixtures.scenarioFolder())
        specification.randomCount = 3
        specification.sweepSeed = 11
        let first = try SweepPlan(specification).cells
        #expect(try first.count == 3 && first.map(\.id) == SweepPlan(specification).cells.map(\.id))
        let grid = try SweepPlan(try SweepFixtures.specification(scenario: URL(fileURLWithPath: specification.scenarioPath))).cells.map(\.id)
        let positions = first.map { cell in grid.firstIndex(of: cell.id)! }
        #expect(positions == positions.sorted())
        specification.variations.append(try SweepVariation(parsing: "prior.success_rate=0.1..0.6"))
        let ranged = try SweepPlan(specification).cells
        #expect(ranged.count == 3)
        for cell in ranged {
            let value = try #require(Double(cell.assignments[2].value))
            #expect((0.1...0.6).contains(value) && cell.assignments[2].value.count <= 6)
        }
    }

    @Test("Run seeds depend on the scenario seed and the run, not on the cell")
    func commonRandomNumbers() {
        #expect(SweepPlan.runSeed(scenarioSeed: 5, run: 0) == SweepPlan.runSeed(scenarioSeed: 5, run: 0))
        #expect(SweepPlan.runSeed(scenarioSeed: 5, run: 0) != SweepPlan.runSeed(scenarioSeed: 5, run: 1))
        #expect(SweepPlan.runSeed(scenarioSeed: 5, run: 0) != SweepPlan.runSeed(scenarioSeed: 6, run: 0))
    }
}
