import ArgumentParser
import Foundation
import Studies
import Testing
import TestSupport

@testable import rftsim

@Suite("rftsim sweep and merge: options, errors, and the batch-engine files")
struct SweepCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("Bad options exit 64 with a message that says what to write", arguments: [
        (["--seeds", "0"], "--seeds 0: a sweep needs at least 1 seed per cell (e.g. --seeds 16)"),
        (["--seeds", "2", "--shard", "3/2"], "--shard 3/2: the index must be from 0 to 1 (0-based); shards are 0/2 and 1/2"),
        (["--seeds", "2", "--shard", "1/0"], "--shard 1/0: the shard count must be at least 1"),
        (["--seeds", "2", "--vary", "seed"], "--vary 'seed': write key=value1,value2,… e.g. --vary hyperparameters.batch_size=8,16,32"),
        (["--seeds", "2", "--jobs", "0"], "--jobs must be at least 1, got 0."),
    ])
    func badOptions(arguments: [String], message: String) {
        do {
            _ = try RFTSim.parseAsRoot(["sweep", "scenario", "--out", "out"] + arguments)
            Issue.record("expected \(arguments) to be rejected")
        } catch {
            #expect(RFTSim.message(for: error) == message)
            #expect(RFTSim.exitCode(for: error).rawValue == 64)
        }
    }

    @Test func helpDocumentsTheOptionsAndExitCodes() {
        #expect(RFTSim.helpMessage(for: RFTSim.Sweep.self, columns: 100) == """
            OVERVIEW: Grid or random search over scenario keys: seeded runs per cell, rewards with intervals,
            cost to a target.

            Each cell is the scenario with one value of every --vary key (applied like --set). Every cell runs
            --seeds seeds (the same seeds in every cell) in the stochastic trainer, without the provider.
            Writes to --out: sweep.json (the manifest), cells/<id>.json (one per finished cell), and when all
            of this shard's cells are done summary.csv (one row per cell), report.html (Pareto charts of cost
            against reward, learning-curve forecasts, a table) and figures/ (the charts as SVG files). Results
            are the same bytes whatever --jobs and however the cells are sharded; rerunning an interrupted
            sweep with the same options resumes it. Progress goes to stderr. With --inference-requests N
            --tokens-per-request IN/OUT each cell's mean run is also priced with that use of the tuned model
            under every price sheet, data sharing off and on (cells/<id>.json, a table in report.html, a line
            for the best cell): under launch-2025 sharing halves training, under current-2026 the tuned model's
            inference. See docs/SWEEPS.md.

            Exit status: 0 on success, 1 when the scenario, a cell or the output folder is unusable (the
            message says why), 64 for a usage error.

            USAGE: rftsim sweep [<options>] <SCENARIO> --seeds <S> --out <DIR>

            ARGUMENTS:
              <SCENARIO>              The scenario: a folder with scenario.yaml, or the YAML file.

            OPTIONS:
              --vary <key=v1,v2,...>  A key and its values, e.g. --vary hyperparameters.batch_size=8,16,32
                                      (repeatable); with --random also key=lo..hi or key=lo..hi:log.
              --random <N>            Draw N cells (from the grid, or from ranges) instead of running the whole
                                      grid.
              --sweep-seed <SEED>     The seed of the --random draw (default: the scenario's seed).
              --seeds <S>             Runs (seeds) per cell.
              --jobs <J>              Worker tasks (default: the number of processors). Does not change the
                                      results.
              --shard <INDEX/COUNT>   Run only shard INDEX of COUNT (0-based; cell k belongs to shard k mod
                                      COUNT), for batch engines. (default: 0/1)
              --target <REWARD>       The valid reward a run must reach (default: the scenario's target.reward).
              --steps <N>             Training steps per run (default: from the hyperparameters).
              --set <key=value>       Override a scenario key in every cell, e.g. --set prior.success_rate=0.2
                                      (repeatable).
              --out <DIR>             The output folder (created; an unfinished one with the same sweep is
                                      resumed).
              --parameter-uncertainty Draw each run's calibrated parameters from the scenario's calibration:
                                      covariance (rftsim calibrate), so intervals cover the fit's uncertainty.
              --quiet                 No progress bar.
              --inference-requests <N>
                                      Also price this many requests to the tuned model, under each sheet's
                                      data-sharing rule (with --tokens-per-request).
              --tokens-per-request <IN/OUT>
                                      Input and output tokens of one request to the tuned model, e.g. 800/200.
              --unsafe-python-graders Run python graders without the bubblewrap sandbox, with this process's
                                      user, files, environment and network. Only for graders you trust; without
                                      this flag python graders are refused where bubblewrap is not available
                                      (see docs/GRADERS.md).
              --version               Show the version.
              -h, --help              Show help information.

            """)
        #expect(RFTSim.helpMessage(for: RFTSim.Merge.self, columns: 100) == """
            OVERVIEW: Merge the output folders of a sweep's shards into one, as if one machine had run it.

            Checks that the folders hold the same sweep (their sweep.json agree except for --shard) and that
            every cell is in exactly one of them, then writes --out: sweep.json, cells/, summary.csv,
            report.html and figures/, the same bytes as `rftsim sweep` without --shard. See docs/SWEEPS.md.

            Exit status: 0 on success, 1 when the folders disagree, a cell is missing or twice, or a file
            cannot be read or written, 64 for a usage error.

            USAGE: rftsim merge <DIR> ... --out <DIR>

            ARGUMENTS:
              <DIR>                   The shards' output folders (rftsim sweep --shard I/N --out DIR).

            OPTIONS:
              --out <DIR>             The merged folder (a new one, not one of the shards').
              --version               Show the version.
              -h, --help              Show help information.

            """)
    }

    @Test("A key that does not exist fails with exit status 1 and the nearest keys, and writes nothing")
    func unknownKey() async throws {
        let scenario = try Self.scenarioFolder()
        let parent = try ScenarioFixture.emptyFolder("sweep-cmd-out")
        let failure = await CommandInvocation.failure([
            "sweep", scenario.path, "--vary", "prior.sucess_rate=0.2,0.4", "--seeds", "2", "--out", parent.appendingPathComponent("out").path,
        ])
        #expect(failure.message == "--vary prior.sucess_rate: the scenario has no key 'prior.sucess_rate'; did you mean prior.success_rate? "
            + "Keys under prior: difficulty_concentration, format_error_rate, memorization, success_rate.")
        #expect(failure.exitCode == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).isEmpty)
    }

    @Test("A bad scenario or data file fails with exit status 1, names the file, line or key, and writes nothing",
          arguments: ScenarioDefect.allCases)
    func badInput(defect: ScenarioDefect) async throws {
        let folder = try ScenarioFixture.brokenSumsFolder(defect)
        let parent = try ScenarioFixture.emptyFolder("sweep-cmd-out")
        let failure = await CommandInvocation.failure([
            "sweep", folder.path, "--vary", "hyperparameters.batch_size=2,4", "--seeds", "1", "--steps", "2", "--jobs", "1", "--quiet",
            "--out", parent.appendingPathComponent("out").path,
        ])
        // Data files are read for every cell before anything runs; the first cell names the problem.
        let cell = defect.isInData ? "cell 1 (batch_size=2): " : ""
        #expect(failure.message == cell + defect.message(folder: folder))
        #expect(failure.exitCode == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).isEmpty)
    }

    @Test("The Kubernetes Indexed Job's pods, then the merge Job, give the one-machine bytes")
    func kubernetesJob() async throws {
        let job = try ScenarioDocument.parse(String(contentsOf: Self.root.appendingPathComponent("deploy/kubernetes/sweep-job.yaml"), encoding: .utf8),
                                             source: "sweep-job.yaml")
        let spec = try #require(job["spec"])
        let containers = Self.elements(spec["template"]?["spec"]?["containers"])
        let container = try #require(containers.first)
        let env = Dictionary(uniqueKeysWithValues: Self.elements(container["env"]).map { (Self.text($0["name"]), Self.text($0["value"])) })
        #expect(Self.text(spec["completionMode"]) == "Indexed")
        #expect(Self.text(spec["completions"]) == env["SHARDS"] && Self.text(spec["parallelism"]) == env["SHARDS"])
        // No `command`: it would replace the image's ENTRYPOINT (tini, which forwards SIGTERM).
        #expect(container["command"] == nil)
        let command = Self.elements(container["args"]).map(Self.text)
        #expect(command.first == "rftsim")
        let args = Array(command.dropFirst())
        #expect(args.contains("$(JOB_COMPLETION_INDEX)/$(SHARDS)"))
        let shards = try #require(Int(env["SHARDS"] ?? ""))

        let scenario = try Self.scenarioFolder(), sweeps = Self.temporary("k8s")
        for index in 0..<shards {
            // As the kubelet expands $(VAR); a small sweep: 2 seeds, 3 steps.
            var variables = env
            variables["JOB_COMPLETION_INDEX"] = "\(index)"
            variables["SCENARIO"] = scenario.path
            variables["SWEEP_DIR"] = sweeps.path
            let expanded = Self.small(args.map { argument in
                variables.reduce(argument) { $0.replacingOccurrences(of: "$(\($1.key))", with: $1.value) }
            })
            try await Self.run(expanded)
        }
        let merge = try ScenarioDocument.parse(String(contentsOf: Self.root.appendingPathComponent("deploy/kubernetes/merge-job.yaml"), encoding: .utf8),
                                               source: "merge-job.yaml")
        let mergeContainers = Self.elements(merge["spec"]?["template"]?["spec"]?["containers"])
        let mergeContainer = try #require(mergeContainers.first)
        let shell = Self.elements(mergeContainer["args"]).map(Self.text)
        #expect(mergeContainer["command"] == nil && Array(shell.prefix(2)) == ["sh", "-c"] && shell.count == 3)
        try await Self.run(try Self.capture(["/bin/sh", "-c", shell[2]], environment: ["SWEEP_DIR": sweeps.path]))

        let whole = try await Self.wholeSweep(args: args, scenario: scenario)
        try Self.expectSameBytes(whole, sweeps.appendingPathComponent("merged"))
    }

    @Test("The Slurm array tasks, then the merge script, give the one-machine bytes")
    func slurmArray() async throws {
        let script = Self.root.appendingPathComponent("deploy/slurm/sweep.sbatch")
        let text = try String(contentsOf: script, encoding: .utf8)
        #expect(text.contains("#SBATCH --array=0-3") && text.contains("SHARDS=$((SLURM_ARRAY_TASK_MAX + 1))"))
        #expect(text.contains(#"--shard "$INDEX/$SHARDS""#))
        let scenario = try Self.scenarioFolder(), sweeps = Self.temporary("slurm")
        var captured: [[String]] = []
        for index in 0..<3 {
            let arguments = try Self.capture(["/bin/bash", script.path], environment: [
                "SLURM_ARRAY_TASK_ID": "\(index)", "SHARDS": "3", "SLURM_CPUS_PER_TASK": "1",
                "SCENARIO": scenario.path, "SWEEP_DIR": sweeps.path, "SEEDS": "2", "STEPS": "3",
            ])
            #expect(arguments.contains("--shard") && arguments[arguments.firstIndex(of: "--shard")! + 1] == "\(index)/3")
            try await Self.run(arguments)
            captured.append(arguments)
        }
        try await Self.run(try Self.capture(["/bin/bash", Self.root.appendingPathComponent("deploy/slurm/merge.sbatch").path],
                                            environment: ["SWEEP_DIR": sweeps.path]))
        let whole = try await Self.wholeSweep(args: captured[0], scenario: scenario)
        try Self.expectSameBytes(whole, sweeps.appendingPathComponent("merged"))
    }

    // MARK: - Helpers

    /// Runs `rftsim ARGUMENTS` in process.
    static func run(_ arguments: [String]) async throws {
        try await CommandInvocation.run(arguments)
    }

    /// Runs a script with `rftsim` replaced by a stand-in that records its arguments; returns them
    /// with `rftsim` dropped.
    static func capture(_ launch: [String], environment: [String: String]) throws -> [String] {
        let folder = temporary("shim")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let shim = folder.appendingPathComponent("rftsim"), record = folder.appendingPathComponent("arguments")
        try "#!/bin/sh\nprintf '%s\\0' \"$@\" > '\(record.path)'\n".write(to: shim, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: shim.path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: launch[0])
        process.arguments = Array(launch.dropFirst())
        var variables = ProcessInfo.processInfo.environment
        variables["PATH"] = folder.path + ":" + (variables["PATH"] ?? "/usr/bin:/bin")
        variables["RFTSIM"] = shim.path
        for (key, value) in environment { variables[key] = value }
        process.environment = variables
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return try Data(contentsOf: record).split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The one-machine sweep with the same options as a shard's `args` (no --shard, fresh --out).
    static func wholeSweep(args: [String], scenario: URL) async throws -> URL {
        var arguments: [String] = [], skip = false
        for (position, argument) in args.enumerated() {
            if skip { skip = false; continue }
            if ["--shard", "--out"].contains(argument) { skip = true; continue }
            arguments.append(position == 1 ? scenario.path : argument)
        }
        let out = temporary("whole")
        try await run(small(arguments) + ["--out", out.path])
        return out
    }

    /// Replaces --seeds, --steps and --jobs with a test's small values.
    static func small(_ arguments: [String]) -> [String] {
        var result = arguments
        for (option, value) in [("--seeds", "2"), ("--steps", "3"), ("--jobs", "1")] {
            if let position = result.firstIndex(of: option) { result[position + 1] = value } else { result += [option, value] }
        }
        return result
    }

    static func expectSameBytes(_ expected: URL, _ actual: URL) throws {
        for name in ["summary.csv", "report.html", "sweep.json", "figures/cost-vs-final-reward.svg", "figures/learning-curves.svg"] {
            let want = try Data(contentsOf: expected.appendingPathComponent(name))
            let have = try Data(contentsOf: actual.appendingPathComponent(name))
            #expect(want == have, "\(name) differs")
        }
        let cells = try FileManager.default.contentsOfDirectory(atPath: expected.appendingPathComponent("cells").path).sorted()
        #expect(cells.count == 18)
        #expect(cells == (try FileManager.default.contentsOfDirectory(atPath: actual.appendingPathComponent("cells").path).sorted()))
    }

    static func elements(_ value: ScenarioValue?) -> [ScenarioValue] {
        guard case .sequence(let elements, _)? = value else { return [] }
        return elements
    }

    static func text(_ value: ScenarioValue?) -> String {
        guard case .scalar(let text, _)? = value else { return "" }
        return text
    }

    static func temporary(_ name: String) -> URL {
        ScenarioFixture.temporaryFolder("sweep-cmd-\(name)")
    }

    /// The sums scenario (``ScenarioFixture/sumsYAML``), or `yaml` beside its data.
    static func scenarioFolder(_ yaml: String = ScenarioFixture.sumsYAML) throws -> URL {
        try ScenarioFixture.sumsFolder(yaml, prefix: "sweep-cmd-scenario")
    }
}
