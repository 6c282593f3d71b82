import Foundation
import Graders
import Provider
import Simulator
import Testing

@testable import Studies

/// The scenario library under scenarios/: every file loads, the JSON Schema lists exactly the
/// keys the parser reads, and the lessons the READMEs promise show in the runs.
@Suite("Scenario library")
struct ScenarioLibraryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios")

    static var files: [String] {
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return folders.sorted().flatMap { folder -> [String] in
            let path = root.appendingPathComponent(folder)
            let yamls = ((try? FileManager.default.contentsOfDirectory(atPath: path.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
            return yamls.map { path.appendingPathComponent($0).path }
        }
    }

    @Test("Every scenario of the library loads")
    func everyScenarioLoads() throws {
        #expect(Self.files.count >= 10)
        for file in Self.files {
            let scenario = try JobScenario.load(path: file)
            #expect(!scenario.description.isEmpty, "\(file) has no description")
        }
    }

    @Test("The JSON Schema's keys are the parser's keys")
    func schemaMatchesParser() throws {
        let schema = try JSONValue(parsing: Data(contentsOf: Self.root.appendingPathComponent("scenario.schema.json")))
        guard case .object(let properties)? = schema["properties"] else { Issue.record("no properties"); return }
        #expect(Set(properties.keys) == Set(JobScenario.keys))
        func keys(_ name: String) -> Set<String> {
            guard case .object(let members)? = properties[name]?["properties"] else { return [] }
            return Set(members.keys)
        }
        #expect(keys("prior") == ["success_rate", "difficulty_concentration", "format_error_rate", "unsolvable_share", "memorization"])
        #expect(keys("dynamics") == ["transfer", "instability", "trust_region", "format_drift"])
        #expect(keys("report") == ["pass_at_k"])
        #expect(keys("trainer") == ["algorithm", "base_learning_rate"])
        #expect(keys("pricing") == ["sheet", "data_sharing"])
        #expect(keys("answer_space") == ["inferred", "facets", "template"])
    }

    static func run(_ name: String) async throws -> ScenarioRunResult {
        try await ScenarioRunner(scenario: try JobScenario.load(path: root.appendingPathComponent(name).path)).run()
    }

    @Test("reward-hacking: the training reward rises while the gold reward ends below its peak")
    func rewardHacking() async throws {
        let result = try await Self.run("reward-hacking")
        let valid = try #require(result.trace.finalValidReward), before = try #require(result.trace.initialValidReward)
        #expect(valid > before + 0.2)
        let gold = result.trace.steps.compactMap { $0.metrics?.validGoldRewardMean }
        let peak = try #require(gold.max()), last = try #require(gold.last)
        #expect(last < peak - 0.05)
    }

    @Test("no-signal: every group has zero variance, the policy never moves, and it still bills")
    func noSignal() async throws {
        let result = try await Self.run("no-signal")
        #expect(result.trace.steps.allSatisfy { $0.metrics?.fracRewardZeroStd == 1 })
        #expect(result.trace.finalValidReward == result.trace.initialValidReward)
        #expect(result.billing.total > 0)
    }

    @Test("overfit-small-data: the valid reward rises, then falls while the training reward keeps rising")
    func overfitting() async throws {
        let result = try await Self.run("overfit-small-data")
        let valid = result.trace.steps.compactMap { step in step.metrics?.validPolicyExpectedReward.map { (step.step, $0) } }
        let train = result.trace.steps.compactMap { $0.metrics?.policyExpectedReward }
        let start = try #require(result.trace.initialValidReward), end = try #require(valid.last?.1)
        let peak = try #require(valid.max { $0.1 < $1.1 })
        #expect(peak.1 > start + 0.05)                    // it rose …
        #expect(peak.0 < result.trace.steps.count / 2)    // … early …
        #expect(end < peak.1 - 0.03)                      // … and fell back
        #expect(try #require(train.last) > train[peak.0 - 1] + 0.03)  // while the training reward kept rising
    }

    @Test("Each scenario's run warns about its lesson, and the healthy ones warn about nothing", arguments: [
        ("security-compliance", []), ("math-exact-answer", []), ("legal-clause-classification", []),
        ("finance-field-extraction", []), ("reward-hacking", [RunDiagnostic.Kind.rewardHacking]),
        ("no-signal", [.noLearningSignal]), ("lucky-guess", [.noImprovement]), ("overfit-small-data", [.overfitting]),
        ("sft-vs-rft/sft.yaml", []), ("sft-vs-rft/rft.yaml", []), ("sharpening", [.narrowedCoverage]),
        ("learning-rate-too-high", [.unstableTraining]),
    ] as [(String, [RunDiagnostic.Kind])])
    func diagnostics(scenario: String, expected: [RunDiagnostic.Kind]) async throws {
        let result = try await Self.run(scenario)
        #expect(result.diagnostics.map(\.kind) == expected)
        #expect(result.report.warnings == result.diagnostics.map(\.message))
        if let warning = result.report.warnings.first {
            #expect(result.report.html().contains("<h2>Warnings</h2>"))
            #expect(warning.contains(" → "))  // the numbers that show it
        }
    }
}
