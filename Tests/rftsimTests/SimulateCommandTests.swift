import ArgumentParser
import Foundation
import Graders
import Testing
import TestSupport

@testable import Studies
@testable import rftsim

struct SimulateCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func scenario(_ name: String) -> String { root.appendingPathComponent("scenarios/\(name)").path }

    static func temporaryFile(_ name: String) -> String {
        ScenarioFixture.temporaryFolder("simulate-\(name)").path
    }

    static func command(_ arguments: [String]) throws -> RFTSim.Simulate {
        try #require(try RFTSim.parseAsRoot(["simulate"] + arguments) as? RFTSim.Simulate)
    }

    /// The JSON lines of `path`, as dictionaries.
    static func lines(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// The numbers of a job's line that the sweep also computes, decoded exactly.
    struct JobLine: Decodable {
        var step: Int
        var trainingSeconds: Double
        var cost: Double
        var validPolicyExpectedReward: Double?
        var validRewardMean: Double?

        enum CodingKeys: String, CodingKey {
            case step, cost
            case trainingSeconds = "training_seconds"
            case validPolicyExpectedReward = "valid_policy_expected_reward"
            case validRewardMean = "valid_reward_mean"
        }
    }

    @Test func writesOneLinePerStepWithThePolicy() async throws {
        let folder = try ScenarioFixture.emptyFolder("simulate-bandit")
        let scenario = folder.appendingPathComponent("bandit.yaml").path
        try """
            bandit:
              rewards: [1.0, 0.9, 0.1]
              initial_policy: [0.01, 0.05, 0.94]
            trainer:
              algorithm: rloo
              learning_rate: 0.1
              samples_per_prompt: 8
              batch_size: 4
              steps: 30
            seed: 7
            """.write(toFile: scenario, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("metrics.jsonl").path
        let command = try Self.command([scenario, "--set", "trainer.steps=20", "--metrics", output])
        try await command.run()
        let first = try String(contentsOfFile: output, encoding: .utf8)
        let lines = try Self.lines(output)
        #expect(lines.count == 20)
        for key in ["step", "train_reward_mean", "policy_expected_reward", "entropy", "policy", "frac_reward_zero_std"] {
            #expect(lines[0][key] != nil, "missing \(key)")
        }
        #expect((lines[0]["policy"] as? [Double])?.count == 3)
        #expect(lines[0]["training_seconds"] == nil && lines[0]["cost"] == nil)  // a bandit has no job to time or bill
        try await command.run()
        #expect(try String(contentsOfFile: output, encoding: .utf8) == first)  // bit-identical rerun
        try await Self.command([scenario, "--steps", "5", "--metrics", output]).run()
        #expect(try Self.lines(output).count == 5)  // --steps overrides trainer.steps
    }

    @Test func theCommittedBanditScenarioRuns() async throws {
        let output = Self.temporaryFile("plateau.jsonl")
        try await Self.command([Self.scenario("bandit-plateau.yaml"), "--set", "trainer.steps=50", "--metrics", output]).run()
        #expect(try Self.lines(output).count == 50)
    }

    @Test("A job scenario, from its folder or its YAML file: a line per step, the same bytes every time")
    func jobForm() async throws {
        let fromFolder = Self.temporaryFile("folder.jsonl"), fromFile = Self.temporaryFile("file.jsonl")
        let command = try Self.command([Self.scenario("security-compliance"), "--steps", "6", "--metrics", fromFolder])
        let summary = try await command.simulate()
        try await Self.command([Self.scenario("security-compliance/scenario.yaml"), "--steps", "6", "--metrics", fromFile]).run()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: fromFolder))
        #expect(try Data(contentsOf: URL(fileURLWithPath: fromFile)) == bytes)
        #expect(try await command.simulate() == summary)
        #expect(try Data(contentsOf: URL(fileURLWithPath: fromFolder)) == bytes)

        let lines = try Self.lines(fromFolder)
        #expect(lines.map { $0["step"] as? Int } == [1, 2, 3, 4, 5, 6])
        for line in lines {
            for key in ["step", "train_reward_mean", "reward_std", "frac_reward_zero_std", "entropy", "kl", "policy_expected_reward",
                        "training_seconds", "cost"] {
                #expect(line[key] != nil, "step \(line["step"] ?? "?"): missing \(key)")
            }
            #expect(line["policy"] == nil)
        }
        // eval_interval 5: validation at step 5 and at the last step, and only there.
        #expect(lines.map { $0["valid_reward_mean"] != nil } == [false, false, false, false, true, true])
        #expect(lines.map { $0["valid_policy_expected_reward"] != nil } == [false, false, false, false, true, true])
        let seconds = lines.compactMap { $0["training_seconds"] as? Double }, costs = lines.compactMap { $0["cost"] as? Double }
        #expect(seconds.count == 6 && zip(seconds, seconds.dropFirst()).allSatisfy { $0 < $1 })
        #expect(costs.count == 6 && zip(costs, costs.dropFirst()).allSatisfy { $0 < $1 })

        #expect(summary.hasPrefix("simulated 6 steps of grpo (security-compliance, seed 42): valid reward (expected) "))
        #expect(summary.contains("simulated training: ") && summary.contains(" h, $") && summary.contains("(launch-2025 sheet, data sharing off)"))
        #expect(!summary.contains("no learning signal"))
    }

    @Test("A step's values agree with the sweep's run for the same seed: valid rewards, hours and cost bit for bit")
    func agreesWithTheSweep() async throws {
        let plan = try SweepPlan(SweepSpecification(scenarioPath: Self.scenario("security-compliance"), seeds: 2, target: 0.8, steps: 6))
        let runner = try #require(try await SweepPreparation(plan: plan).runners(for: plan.cells).first)
        let record = runner.run(1)
        let output = Self.temporaryFile("sweep-run.jsonl")
        // The answer space depends on the data and the model, not on the seed: only the trainer's seed changes.
        try await Self.command([Self.scenario("security-compliance"), "--set", "seed=\(record.seed)", "--steps", "6", "--metrics", output]).run()
        let decoder = JSONDecoder()
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").map { try decoder.decode(JobLine.self, from: Data($0.utf8)) }
        let validated = lines.filter { $0.validPolicyExpectedReward != nil }
        #expect(validated.map(\.step) == Array(runner.validationSteps.dropFirst()))
        // The sweep records the sampled valid_reward_mean, as the platform reports it.
        #expect(validated.map { $0.validRewardMean!.bitPattern } == record.rewards.dropFirst().map(\.bitPattern))
        #expect(validated.last!.validPolicyExpectedReward!.bitPattern == record.finalExpectedReward.bitPattern)
        #expect(validated.map { ($0.trainingSeconds / 3600).bitPattern } == record.hours.dropFirst().map(\.bitPattern))
        #expect(validated.map(\.cost.bitPattern) == record.costs.dropFirst().map(\.bitPattern))
    }

    @Test("With neutral dynamics the trainer's output is, byte for byte, what the simulator wrote before transfer, instability, the ceiling, sampled validation and length normalisation existed",
          arguments: ["security-compliance", "math-exact-answer"])
    func neutralDynamicsAreTheOldSimulator(scenario: String) async throws {
        // Fixtures written by `rftsim simulate SCENARIO --steps 30` at commit f3b6613. Their
        // `training_seconds` and `cost` come from the timing model, recalibrated since (validation
        // samples reason 0.585 as long, steps are timed at their sampled tokens): the comparison
        // leaves those two keys out. The answer space's seed was then a hash of the data files;
        // simulations now take `rftsim run`'s (AnswerSpaceSeed.firstUploads), so the old seed is
        // set here: the trainer itself must write the same bytes.
        let fixture = Self.root.appendingPathComponent("Tests/rftsimTests/Fixtures/neutral-dynamics/\(scenario)-30-steps.jsonl")
        let neutral = try await Self.legacyLines(scenario, ["dynamics.instability=0", "dynamics.transfer=1", "prior.unsolvable_share=0",
                                                            "dynamics.length_normalization=false"])
        #expect(neutral == (try Self.trainerLines(fixture.path)))
        // The default dynamics are the same at these steps (every step stays inside the trust
        // region) once GRPO's length normalisation is off.
        #expect(try await Self.legacyLines(scenario, ["dynamics.length_normalization=false"]) == (try Self.trainerLines(fixture.path)))
        // With it on (the default), GRPO weighs answers by their lengths: the trajectory moves.
        #expect(try await Self.legacyLines(scenario, []) != (try Self.trainerLines(fixture.path)))
        // The command writes what the session gives with the current answer-space seed.
        let output = Self.temporaryFile("current-\(scenario).jsonl")
        try await Self.command([Self.scenario(scenario), "--steps", "30", "--metrics", output]).run()
        #expect(try Self.trainerLines(output) == (try await Self.legacyLines(scenario, [], legacySeed: false)))
    }

    /// The trainer lines `rftsim simulate SCENARIO --steps 30 --set …` writes, with the answer
    /// space seeded as before f3b6613's successors changed it (a hash of the data files and the model).
    static func legacyLines(_ name: String, _ overrides: [String], legacySeed: Bool = true) async throws -> [String] {
        var simulation = try JobSimulation(try JobScenario.load(path: Self.scenario(name), overrides: overrides), steps: 30)
        if legacySeed {
            var seed = SweepHash()
            seed.combine(String(simulation.training.hash, radix: 16))
            seed.combine(String(simulation.validation.hash, radix: 16))
            seed.combine(simulation.scenario.model)
            simulation.responsesSeed = seed.value
        }
        let engine = GraderEngine()
        let responses = try await simulation.buildResponses(engine: engine)
        await engine.shutdown()
        let session = try simulation.session(responses)
        var text = ""
        while !session.isFinished { text += try SimulationLine.line(session.step(), of: session).jsonText() + "\n" }
        let file = Self.temporaryFile("lines-\(name)-\(overrides.count)-\(legacySeed).jsonl")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return try Self.trainerLines(file)
    }

    /// A metrics file's lines without the timing model's keys (`training_seconds`, `cost`), as text.
    static func trainerLines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { line in
            var text = String(line)
            for key in ["training_seconds", "cost"] {
                if let range = text.range(of: "\"\(key)\":") {
                    let end = text[range.upperBound...].firstIndex { $0 == "," || $0 == "}" } ?? text.endIndex
                    let start = text[..<range.lowerBound].last == "," ? text.index(before: range.lowerBound) : range.lowerBound
                    text.removeSubrange(start..<end)
                }
            }
            return text
        }
    }

    @Test("A bandit's lines are, byte for byte, what the simulator wrote before copies of the prompt shared one π and lines were streamed",
          arguments: [("bandit-24", "grpo"), ("bandit-24-b5-g3", "rloo")])
    func banditLinesAreUnchanged(bandit: String, algorithm: String) async throws {
        // Fixtures: the first 40 lines of `rftsim simulate FILE --steps 300` at commit f886c11, which
        // evaluated every copy of the bandit's prompt and scanned the cumulative sums linearly.
        let folder = Self.root.appendingPathComponent("Tests/rftsimTests/Fixtures/bandit")
        let fixture = folder.appendingPathComponent("\(bandit)-\(algorithm)-40-steps.jsonl")
        let output = Self.temporaryFile("bandit-\(bandit)-\(algorithm).jsonl")
        try await Self.command([folder.appendingPathComponent("\(bandit).yaml").path, "--steps", "40", "--set", "trainer.algorithm=\(algorithm)",
                                "--metrics", output]).run()
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == Data(contentsOf: fixture))
    }

    @Test("scenarios/no-signal warns that there was no learning signal")
    func noSignalWarns() async throws {
        let output = Self.temporaryFile("no-signal.jsonl")
        let summary = try await Self.command([Self.scenario("no-signal"), "--metrics", output]).simulate()
        #expect(summary.contains("valid reward (expected) 0.0000 → 0.0000"))
        #expect(summary.hasSuffix("warning: no learning signal: every group's rewards were equal at every step "
            + "(all answers score the same, or the policy never samples a better one)"))
        #expect(try Self.lines(output).allSatisfy { $0["frac_reward_zero_std"] as? Double == 1 })
    }

    static let forms = "A scenario is either a job (keys name, description, seed, model, method, data, grader, gold_grader, "
        + "response_format, answer_space, prior, dynamics, hyperparameters, trainer, timing, pricing, target, report, calibration; see docs/SCENARIOS.md) or a bandit "
        + "(keys bandit, trainer, seed; see scenarios/bandit-plateau.yaml)."

    @Test("A bad scenario or data file fails with exit status 1, names the file, line or key, and writes nothing",
          arguments: ScenarioDefect.allCases)
    func badInput(defect: ScenarioDefect) async throws {
        let folder = try ScenarioFixture.brokenSumsFolder(defect)
        let output = Self.temporaryFile("never.jsonl")
        let failure = await CommandInvocation.failure(["simulate", folder.path, "--metrics", output])
        // A data file's problem is located at the line of the scenario that names the file.
        let scenario = folder.appendingPathComponent("scenario.yaml").path
        let expected = switch defect {
        case .trainingLineNotJSON: "\(scenario) line 6: \(defect.message(folder: folder))"
        case .validationLineNotJSON: "\(scenario) line 7: \(defect.message(folder: folder))"
        case .typoInKey, .missingScenario: defect.message(folder: folder)
        }
        #expect(failure.message == expected)
        #expect(failure.exitCode == 1)
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    /// The argument (FOLDER is a fresh empty folder), the file to write there first, and the message.
    @Test("A path that is no scenario, or a file of neither form or of both, fails with exit status 1 and says why", arguments: [
        ("/nonexistent-rftsim/scenario", nil, "/nonexistent-rftsim/scenario: no such file; give a scenario folder (with scenario.yaml) or a scenario YAML file"),
        ("FOLDER", nil, "FOLDER/scenario.yaml: no such file; give a scenario folder (with scenario.yaml) or a scenario YAML file"),
        ("FOLDER/x.yaml", "foo: 1\nseed: 2\n", "FOLDER/x.yaml line 1, foo: is not a key of either form. " + SimulateCommandTests.forms),
        ("FOLDER/x.yaml", "seed: 2\n", "FOLDER/x.yaml line 1: the file is neither form: a job needs model, method and data; a bandit needs bandit:. "
            + SimulateCommandTests.forms),
        ("FOLDER/x.yaml", "bandit:\n  rewards: [1, 0]\nname: x\n",
         "FOLDER/x.yaml line 3, name: is a key of the job form, but the file also has bandit: (the bandit form); a file is one form or the other. "
            + SimulateCommandTests.forms),
    ] as [(String, String?, String)])
    func notAScenario(argument: String, content: String?, message: String) async throws {
        let folder = try ScenarioFixture.emptyFolder("simulate-errors").path
        let path = argument.replacingOccurrences(of: "FOLDER", with: folder)
        if let content { try content.write(toFile: path, atomically: true, encoding: .utf8) }
        let output = Self.temporaryFile("never.jsonl")
        let failure = await CommandInvocation.failure(["simulate", path, "--metrics", output])
        #expect(failure.message == message.replacingOccurrences(of: "FOLDER", with: folder))
        #expect(!failure.message.contains("NSCocoaErrorDomain"))
        #expect(failure.exitCode == 1)
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func aJobTheDataCannotTakeNamesTheKey() async throws {
        let failure = await CommandInvocation.failure([
            "simulate", Self.scenario("security-compliance"), "--set", "hyperparameters.batch_size=100", "--metrics", Self.temporaryFile("x"),
        ])
        #expect(failure.message == "--set hyperparameters.batch_size=100, hyperparameters.batch_size: batch_size 100 is larger "
            + "than the 60 training example(s); use at most 60 or \"auto\"")
        #expect(failure.exitCode == 1)
    }

    @Test func stepsBelowOneIsAUsageError() async {
        let failure = await CommandInvocation.failure(["simulate", "scenario", "--steps", "0"])
        #expect(failure.message == "--steps 0: a run needs at least 1 step")
        #expect(failure.exitCode == 64)
    }

    @Test func helpDescribesBothFormsAndTheExitStatus() {
        #expect(RFTSim.helpMessage(for: RFTSim.Simulate.self, columns: 100) == """
            OVERVIEW: Run the policy-gradient trainer alone on a scenario and write its metrics, one JSON
            object per step.

            SCENARIO is a job (a folder with scenario.yaml, or the YAML file; docs/SCENARIOS.md) or a bandit (K
            answers with fixed rewards; see scenarios/bandit-plateau.yaml). A job is trained as one run of
            `rftsim sweep` trains it, without the provider: the answer space is built from the data and the
            grader, the hyperparameters are resolved as the platform resolves them, and the trainer's seed is
            the scenario's.

            Each line has step, train_reward_mean, reward_std, frac_reward_zero_std, entropy, kl and
            policy_expected_reward (the exact expected reward of the policy after the step, over the training
            items). A job's lines add training_seconds and cost (simulated training time and USD so far, from
            the timing model and the scenario's price sheet) and, at validation steps only (absent at the
            others), valid_policy_expected_reward (the exact expected validation reward: the valid reward that
            rftsim run reports and a sweep summarises) and valid_reward_mean (its sampled estimate,
            eval_samples answers per item). A bandit's lines add policy (the answer probabilities after the
            step). A summary goes to stderr, with a warning when no step had any learning signal. The same
            scenario and seed always give the same bytes.

            Exit status: 0 on success, 1 when the scenario cannot be read or simulated (the message says why),
            64 for a usage error.

            USAGE: rftsim simulate <SCENARIO> [--set <key=value> ...] [--steps <N>] [--metrics <FILE|->] [--length-figure <FILE.svg>] [--unsafe-python-graders]

            ARGUMENTS:
              <SCENARIO>              The scenario: a folder with scenario.yaml, or the YAML file (job or
                                      bandit form).

            OPTIONS:
              --set <key=value>       Override a scenario key, e.g. --set hyperparameters.n_epochs=1
                                      (repeatable).
              --steps <N>             Training steps (default: from the hyperparameters, or a bandit's
                                      trainer.steps).
              --metrics <FILE|->      Where the per-step metrics go: a file, or - for stdout. (default: -)
              --length-figure <FILE.svg>
                                      A bandit with lengths only: write an SVG of the incorrect answers' mean
                                      length per step under GRPO and Dr. GRPO, over 16 seeds.
              --unsafe-python-graders Run python graders without the bubblewrap sandbox, with this process's
                                      user, files, environment and network. Only for graders you trust; without
                                      this flag python graders are refused where bubblewrap is not available
                                      (see docs/GRADERS.md).
              --version               Show the version.
              -h, --help              Show help information.

            """)
    }
}

struct ExitStatusHelpTests {
    /// The help's text with line breaks and indentation folded into single spaces.
    static func help(_ command: any ParsableCommand.Type) -> String {
        RFTSim.helpMessage(for: command, columns: 100).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func gradeServeAndDemoStateTheirExitStatus() {
        #expect(Self.help(RFTSim.Grade.self).contains(
            "Exit status: 0 when every row was graded (a row whose grading failed is still a result, with its error flags set), 1 when "
                + "the grader, the input, the judge or the output file cannot be used (the message says why), 64 for a usage error."))
        #expect(Self.help(RFTSim.Serve.self).contains(
            "Exit status: 0 after a graceful shutdown, 1 when the server cannot start (e.g. the port is in use) or the state dump "
                + "cannot be written, 64 for a usage error."))
        #expect(Self.help(RFTSim.Demo.self).contains(
            "Exit status: 0 on success, 1 when the integration or the fit fails (the message says why), 64 for a usage error."))
    }

    @Test("Grade: an unreadable grader exits 1, a usage error 64")
    func gradeExitCodes() async {
        #expect(await CommandInvocation.failure(["grade", "--grader", "/nonexistent-rftsim.json", "--input", "/nonexistent-rftsim.jsonl"]).exitCode == 1)
        #expect(await CommandInvocation.failure(["grade", "--grader", "g.json", "--input", "r.jsonl", "--jobs", "0"]).exitCode == 64)
    }
}

struct OutputSinkTests {
    @Test func writingThroughALinkKeepsTheLink() throws {
        // A path is written in place, not replaced: replacing it would turn /dev/null or a named
        // pipe into a regular file. A symbolic link shows the difference without touching /dev.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rftsim-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let target = folder.appendingPathComponent("target.jsonl").path
        let link = folder.appendingPathComponent("link.jsonl").path
        try "old content that is longer\n".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let sink = try OutputSink(path: link)
        try sink.write(Data("new\n".utf8))
        try sink.close()
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new\n")
    }

    @Test func aMissingFolderIsAClearError() {
        #expect(throws: CommandFailure.self) { try OutputSink(path: "/nonexistent-rftsim/out.jsonl") }
    }
}
