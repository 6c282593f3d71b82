import Foundation
import Simulator
import Testing
import TestSupport

@testable import Studies

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("Sweep runs: shards, merges, jobs and resumption give the same bytes")
struct SweepRunTests {
    @Test("Three shards merged equal the one-machine sweep, byte for byte")
    func shardsMergeToTheWhole() async throws {
        let scenario = try SweepFixtures.scenarioFolder()
        let whole = try await SweepFixtures.run(try SweepFixtures.specification(scenario: scenario))
        var shards: [SweepDirectory] = []
        for index in 0..<3 {
            let shard = try await SweepFixtures.run(try SweepFixtures.specification(scenario: scenario, shard: try SweepShard(index: index, count: 3)))
            #expect(try SweepFixtures.files(shard).keys.filter { $0.hasPrefix("cells/") }.count == 2)
            shards.append(shard)
        }
        let merged = SweepDirectory(SweepFixtures.temporaryFolder("merged"))
        try SweepMerger.merge(shards, into: merged)
        let expected = try SweepFixtures.files(whole)
        #expect(expected.keys.filter { !$0.hasPrefix("cells/") }.sorted() == [
            "figures/cost-to-target.svg", "figures/cost-vs-final-reward.svg", "figures/learning-curves.svg",
            "report.html", "summary.csv", "sweep.json",
        ])
        #expect(expected.count == 6 + 6)
        let actual = try SweepFixtures.files(merged)
        #expect(actual.keys.sorted() == expected.keys.sorted())
        for (name, bytes) in expected { #expect(actual[name] == bytes, "\(name) differs") }
        let csv = String(decoding: expected["summary.csv"]!, as: UTF8.self)
        #expect(csv.hasPrefix("cell,hyperparameters.batch_size,hyperparameters.learning_rate_multiplier,runs,final_valid_reward_mean,"))
        #expect(csv.split(separator: "\n").count == 7)
    }

    @Test("One worker and two give the same bytes")
    func jobsDoNotChangeResults() async throws {
        let specification = try SweepFixtures.specification(scenario: try SweepFixtures.scenarioFolder())
        let one = try SweepFixtures.files(try await SweepFixtures.run(specification, jobs: 1))
        let two = try SweepFixtures.files(try await SweepFixtures.run(specification, jobs: 2))
        #expect(one == two)
    }

    @Test("An interrupted sweep resumes without redoing finished cells")
    func resumes() async throws {
        let specification = try SweepFixtures.specification(scenario: try SweepFixtures.scenarioFolder())
        let directory = try await SweepFixtures.run(specification)
        let before = try SweepFixtures.files(directory)
        let plan = try SweepPlan(specification)
        // An interruption: one cell never written, and so no summary yet.
        try FileManager.default.removeItem(at: directory.cellURL(plan.cells[4].id))
        directory.removeSummary()
        func identity(_ id: String) throws -> (Int, Date) {
            let attributes = try FileManager.default.attributesOfItem(atPath: directory.cellURL(id).path)
            return ((attributes[.systemFileNumber] as! NSNumber).intValue, attributes[.modificationDate] as! Date)
        }
        let kept = try plan.cells.filter { $0.index != 4 }.map { try identity($0.id) }
        let recorded = ProgressLog()
        let outcome = try await SweepRunner(plan: plan, jobs: 2).run(into: directory) { recorded.append($0) }
        let progress = recorded.entries
        #expect(outcome.cellsRun == 1 && outcome.cellsResumed == 5 && outcome.runs == 3)
        #expect(try SweepFixtures.files(directory) == before)
        let after = try plan.cells.filter { $0.index != 4 }.map { try identity($0.id) }
        #expect(after.map(\.0) == kept.map(\.0) && after.map(\.1) == kept.map(\.1))  // not rewritten
        #expect(progress.map(\.runsDone).max() == 3 && progress.allSatisfy { $0.cellsTotal == 6 && $0.runsTotal == 3 })
    }

    @Test("A folder holding another sweep is refused")
    func refusesAnotherSweep() async throws {
        var specification = try SweepFixtures.specification(scenario: try SweepFixtures.scenarioFolder())
        specification.seeds = 1
        let directory = try await SweepFixtures.run(specification)
        specification.seeds = 2
        await #expect(throws: SweepError(.outputConflict, "\(directory.url.path) holds another sweep (this one vs the folder's: --seeds 2 vs 1); use another --out, or delete the folder to start over")) {
            try await SweepFixtures.run(specification, into: directory.url)
        }
    }

    @Test("A merge needs every cell exactly once")
    func mergeChecksCells() async throws {
        let scenario = try SweepFixtures.scenarioFolder()
        var specification = try SweepFixtures.specification(scenario: scenario, shard: try SweepShard(index: 0, count: 2))
        specification.seeds = 1
        specification.steps = 2
        let first = try await SweepFixtures.run(specification)
        let out = SweepDirectory(SweepFixtures.temporaryFolder("merged"))
        #expect(throws: SweepError.self) { try SweepMerger.merge([first], into: out) }
        do {
            try SweepMerger.merge([first], into: out)
        } catch {
            #expect(error.code == .incomplete)
            #expect(error.message.hasPrefix("3 of 6 cells are missing, e.g. cell 2 ("))
            #expect(error.message.hasSuffix("which shard 1/2 runs; finish that shard (rerun its rftsim sweep command: it resumes) and merge again"))
        }
        #expect(throws: SweepError.self) { try SweepMerger.merge([first, first], into: out) }
        specification.seeds = 2
        specification.shard = try SweepShard(index: 1, count: 2)
        let other = try await SweepFixtures.run(specification)
        #expect(throws: SweepError(.outputConflict, "\(other.url.path) is another sweep than \(first.url.path): --seeds 2 vs 1")) {
            try SweepMerger.merge([first, other], into: out)
        }
    }

    @Test("A sweep's run is the trainer's run: valid rewards bit-identical to Trainer.run()")
    func runsMatchTheTrainer() async throws {
        var specification = try SweepFixtures.specification(scenario: try SweepFixtures.scenarioFolder())
        specification.steps = 7
        let plan = try SweepPlan(specification)
        let runner = try #require(try await SweepPreparation(plan: plan).runners(for: [plan.cells[3]]).first)
        let record = runner.run(1)
        #expect(runner.validationSteps == [0, 2, 4, 6, 7])
        var configuration = runner.configuration
        configuration.seed = SweepPlan.runSeed(scenarioSeed: 5, run: 1)
        configuration.policyMetricsInterval = 1  // as the provider runs it
        let run = try Trainer(table: runner.table, validation: runner.validation, configuration: configuration).run()
        // The base model's exact reward, then the sampled valid_reward_mean at each validation.
        let expected = [runner.initialValidReward] + run.metrics.compactMap(\.validRewardMean)
        #expect(record.rewards.map(\.bitPattern) == expected.map(\.bitPattern))
        #expect(record.finalExpectedReward == run.metrics.last?.validPolicyExpectedReward)
        let result = runner.result([record])
        #expect(result.curve.hours.first == 0 && result.curve.cost.first == 0 && result.curve.cost.last! > 0)
        #expect(result.runs[0].finalValidReward == expected.last)
        #expect(result.runs[0].finalExpectedValidReward == run.metrics.last?.validPolicyExpectedReward)
        #expect(result.runs[0].unstable == false)
    }

    @Test("The committed security-compliance scenario sweeps (multi grader, facets, JSON format)")
    func securityCompliance() async throws {
        let scenario = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scenarios/security-compliance")
        let specification = SweepSpecification(scenarioPath: scenario.path,
                                               variations: [try SweepVariation(parsing: "trainer.algorithm=grpo,rloo")], seeds: 2, steps: 10)
        let directory = try await SweepFixtures.run(specification, jobs: 2)
        let summary = SweepSummary(manifest: try #require(try directory.readManifest()),
                                   cells: try SweepPlan(specification).cells.map { try #require(directory.readCell($0.id)) })
        #expect(summary.rows.map(\.label) == ["algorithm=grpo", "algorithm=rloo"])
        for row in summary.rows {
            #expect(row.curve.steps == [0, 5, 10] && row.target == 0.8 && row.runs == 2)
            #expect(row.curve.meanValidReward.last! > row.curve.meanValidReward.first!)  // it learns
            #expect(row.cost > 0 && row.hours > 0)
        }
    }

    @Test("The report has the Pareto chart, the forecasts and a row per cell")
    func report() async throws {
        let directory = try await SweepFixtures.run(try SweepFixtures.specification(scenario: try SweepFixtures.scenarioFolder()))
        let html = try String(contentsOf: directory.url.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("<h2>Cost against final valid reward</h2>") && html.contains("Pareto-efficient"))
        #expect(html.contains("<h2>Learning curves and forecasts</h2>") && html.contains("<h2>Cells</h2>"))
        #expect(html.contains("<h2>Cost to reach the target</h2>"))
        #expect(html.components(separatedBy: "<tr><td>").count - 1 == 6)
        _ = try XMLDocument(xmlString: html.replacingOccurrences(of: "<!DOCTYPE html>", with: ""), options: [])
    }
}

/// The small reinforcement scenario of the sweep tests (``ScenarioFixture/sumsYAML``: 40 training
/// and 8 validation sums, graded by exact match), and helpers to run sweeps on it in a temporary folder.
enum SweepFixtures {
    static let scenarioYAML = ScenarioFixture.sumsYAML

    /// A fresh folder with the scenario (and `yaml` instead of the default text, if given).
    static func scenarioFolder(_ yaml: String = scenarioYAML) throws -> URL {
        try ScenarioFixture.sumsFolder(yaml, prefix: "sweep-scenario")
    }

    static func temporaryFolder(_ name: String) -> URL {
        ScenarioFixture.temporaryFolder("sweep-\(name)")
    }

    /// A 3 × 2 grid (batch size × learning-rate multiplier), 3 seeds, 6 steps.
    static func specification(scenario: URL, shard: SweepShard = .whole) throws -> SweepSpecification {
        SweepSpecification(
            scenarioPath: scenario.path,
            variations: [try SweepVariation(parsing: "hyperparameters.batch_size=2,4,8"),
                         try SweepVariation(parsing: "hyperparameters.learning_rate_multiplier=1,4")],
            seeds: 3, steps: 6, shard: shard)
    }

    /// Runs `specification` into a new folder and returns it.
    @discardableResult
    static func run(_ specification: SweepSpecification, jobs: Int = 1, into folder: URL? = nil) async throws -> SweepDirectory {
        let directory = SweepDirectory(folder ?? temporaryFolder("out"))
        _ = try await SweepRunner(plan: try SweepPlan(specification), jobs: jobs).run(into: directory)
        return directory
    }

    /// Every file of a sweep folder (relative path → bytes).
    static func files(_ directory: SweepDirectory) throws -> [String: Data] {
        try FolderContents.files(in: directory.url)
    }
}

/// Progress reports collected from worker tasks.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [SweepProgress] = []

    func append(_ progress: SweepProgress) { lock.withLock { stored.append(progress) } }
    var entries: [SweepProgress] { lock.withLock { stored } }
}
