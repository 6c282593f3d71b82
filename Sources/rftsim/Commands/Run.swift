import ArgumentParser
import Foundation
import Provider
import Studies

extension RFTSim {
    /// `rftsim run`: a scenario's job through the in-process provider, with a report.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run a scenario's fine-tuning job through the in-process provider and write its report.",
            discussion: """
                Uploads the scenario's files to an in-process mock provider, creates the job (the same code \
                that answers over HTTP in `rftsim serve`), follows it to its end and writes to --out: \
                metrics.jsonl (per step: the trainer's metrics and the platform's event data), results.csv \
                (the job's results file), events.jsonl (the job's events, oldest first), report.html (one \
                self-contained page of charts), summary.json and figures/ (the report's charts as SVG \
                files, for slides and documents). A progress bar goes to stderr (plain lines \
                when stderr is not a terminal); the summary goes to stdout, then warnings to stderr when \
                the run shows no learning signal, reward hacking, overfitting or no improvement. The same \
                scenario gives the same files, byte for byte. Scenario format: docs/SCENARIOS.md.

                With --inference-requests N --tokens-per-request IN/OUT the summary, report.html and \
                summary.json (cost_with_inference) add the job as billed under each price sheet with data \
                sharing off and on, plus that use of the tuned model: under launch-2025 sharing halves \
                training, under current-2026 it halves the tuned model's inference (as rftsim cost prices it).

                Exit status: 0 on success, 1 when the job cannot run or fails (the message says why), 64 for \
                a usage error.
                """
        )

        @Argument(help: ArgumentHelp("The scenario: a folder with scenario.yaml, or the YAML file.", valueName: "SCENARIO"))
        var scenario: String

        @Option(name: .customLong("set"), help: ArgumentHelp("Override a scenario key, e.g. --set hyperparameters.n_epochs=5 (repeatable).", valueName: "key=value"))
        var overrides: [String] = []

        @Option(help: ArgumentHelp("The output folder (default: runs/NAME).", valueName: "DIR"))
        var out: String?

        @Option(help: ArgumentHelp("The provider's clock: instant (the job is done at once) or scaled:FACTOR (followed live, real time × FACTOR).", valueName: "instant|scaled:FACTOR"))
        var clock = "instant"

        @Flag(help: "Print sparklines of the run in the terminal after the summary.")
        var text = false

        @Flag(help: "No progress bar.")
        var quiet = false

        @OptionGroup var inference: InferenceVolumeOptions

        @OptionGroup var python: PythonGraderOptions

        func validate() throws {
            _ = try inference.volume()
            guard (try? clockMode()) != nil else {
                throw ValidationError("--clock must be instant or scaled:FACTOR (e.g. scaled:3600), got '\(clock)'.")
            }
        }

        func clockMode() throws -> ClockMode {
            let mode = try ClockMode(parsing: clock)
            if case .virtual = mode { throw ValidationError("--clock virtual never moves; use instant or scaled:FACTOR") }
            return mode
        }

        func run() async throws {
            python.apply()
            let loaded: JobScenario
            do {
                loaded = try JobScenario.load(path: scenario, overrides: overrides)
            } catch {
                throw CommandFailure("\(error)")
            }
            let progress = ProgressPrinter(enabled: !quiet)
            let result: ScenarioRunResult
            do {
                result = try await ScenarioRunner(scenario: loaded, clock: try clockMode()).run {
                    progress.show($0.line(), done: $0.step, total: $0.totalSteps)
                }
            } catch {
                progress.finish()
                throw CommandFailure("\(error)")
            }
            progress.finish()
            var report = result.report
            var withInference: CostEstimate?
            if let volume = try inference.volume() {
                do {
                    withInference = try result.costWithInference(volume)
                } catch {
                    throw CommandFailure("--inference-requests: \(error.message)")
                }
                report.costWithInference = withInference.map(RunReport.CostWithInference.init)
            }
            let directory = URL(fileURLWithPath: out ?? "runs/\(loaded.name)")
            try RunOutput.write(result, report: report, costWithInference: withInference, to: directory)
            var lines = ["\(loaded.name): \(loaded.model) \(loaded.method.rawValue), \(result.trace.steps.count) steps in \(String(format: "%.2f", result.wallSeconds)) s"]
            lines += report.summary.map { "  \($0.key): \($0.value)" }
            if let cost = report.costWithInference { lines += cost.textLines.map { "  " + $0 } }
            lines.append("  output: \(directory.path)/{\(RunOutput.fileNames.joined(separator: ","))}")
            if text { lines.append(report.textSummary(width: 80)) }
            print(lines.joined(separator: "\n"))
            for warning in report.warnings {
                FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
            }
        }
    }
}
