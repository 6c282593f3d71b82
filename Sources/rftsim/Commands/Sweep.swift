import ArgumentParser
import Foundation
import Studies

extension RFTSim {
    /// `rftsim sweep`: grid or random search over scenario keys, many seeds per cell.
    struct Sweep: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sweep",
            abstract: "Grid or random search over scenario keys: seeded runs per cell, rewards with intervals, cost to a target.",
            discussion: """
                Each cell is the scenario with one value of every --vary key (applied like --set). Every cell runs \
                --seeds seeds (the same seeds in every cell) in the stochastic trainer, without the provider. Writes to \
                --out: sweep.json (the manifest), cells/<id>.json (one per finished cell), and when all of this shard's \
                cells are done summary.csv (one row per cell), report.html (Pareto charts of cost against reward, \
                learning-curve forecasts, a table) and figures/ (the charts as SVG files). Results are the same bytes whatever --jobs and however the cells are \
                sharded; rerunning an interrupted sweep with the same options resumes it. Progress goes to stderr. \
                With --inference-requests N --tokens-per-request IN/OUT each cell's mean run is also priced with that \
                use of the tuned model under every price sheet, data sharing off and on (cells/<id>.json, a table in \
                report.html, a line for the best cell): under launch-2025 sharing halves training, under current-2026 \
                the tuned model's inference. See docs/SWEEPS.md.

                Exit status: 0 on success, 1 when the scenario, a cell or the output folder is unusable (the message \
                says why), 64 for a usage error.
                """
        )

        @Argument(help: ArgumentHelp("The scenario: a folder with scenario.yaml, or the YAML file.", valueName: "SCENARIO"))
        var scenario: String

        @Option(name: .customLong("vary"), help: ArgumentHelp("A key and its values, e.g. --vary hyperparameters.batch_size=8,16,32 (repeatable); with --random also key=lo..hi or key=lo..hi:log.", valueName: "key=v1,v2,..."))
        var variations: [String] = []

        @Option(help: ArgumentHelp("Draw N cells (from the grid, or from ranges) instead of running the whole grid.", valueName: "N"))
        var random: Int?

        @Option(name: .customLong("sweep-seed"), help: ArgumentHelp("The seed of the --random draw (default: the scenario's seed).", valueName: "SEED"))
        var sweepSeed: UInt64?

        @Option(help: ArgumentHelp("Runs (seeds) per cell.", valueName: "S"))
        var seeds: Int

        @Option(help: ArgumentHelp("Worker tasks (default: the number of processors). Does not change the results.", valueName: "J"))
        var jobs: Int?

        @Option(help: ArgumentHelp("Run only shard INDEX of COUNT (0-based; cell k belongs to shard k mod COUNT), for batch engines.", valueName: "INDEX/COUNT"))
        var shard: String = "0/1"

        @Option(help: ArgumentHelp("The valid reward a run must reach (default: the scenario's target.reward).", valueName: "REWARD"))
        var target: Double?

        @Option(help: ArgumentHelp("Training steps per run (default: from the hyperparameters).", valueName: "N"))
        var steps: Int?

        @Option(name: .customLong("set"), help: ArgumentHelp("Override a scenario key in every cell, e.g. --set prior.success_rate=0.2 (repeatable).", valueName: "key=value"))
        var overrides: [String] = []

        @Option(help: ArgumentHelp("The output folder (created; an unfinished one with the same sweep is resumed).", valueName: "DIR"))
        var out: String

        @Flag(help: "Draw each run's calibrated parameters from the scenario's calibration: covariance (rftsim calibrate), so intervals cover the fit's uncertainty.")
        var parameterUncertainty = false

        @Flag(help: "No progress bar.")
        var quiet = false

        @OptionGroup var inference: InferenceVolumeOptions

        @OptionGroup var python: PythonGraderOptions

        func validate() throws {
            if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs).") }
            do {
                try specification().validate()
            } catch let error as SweepError {
                throw ValidationError(error.message)
            } catch {
                throw ValidationError("\(error)")
            }
        }

        /// The options as a sweep specification.
        func specification() throws -> SweepSpecification {
            var specification = SweepSpecification(
                scenarioPath: scenario, overrides: overrides, variations: try variations.map { try SweepVariation(parsing: $0) },
                randomCount: random, sweepSeed: sweepSeed, seeds: seeds, target: target, steps: steps, shard: try SweepShard(parsing: shard))
            specification.inferenceVolume = try inference.volume()
            specification.parameterUncertainty = parameterUncertainty
            return specification
        }

        func run() async throws {
            python.apply()
            let plan: SweepPlan
            do {
                plan = try SweepPlan(try specification())
            } catch let error as SweepError {
                throw CommandFailure(error.message)
            } catch {
                throw CommandFailure("\(error)")
            }
            let printer = ProgressPrinter(enabled: !quiet)
            let outcome: SweepOutcome
            do throws(SweepError) {
                outcome = try await SweepRunner(plan: plan, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount)
                    .run(into: SweepDirectory(URL(fileURLWithPath: out))) { printer.show($0.line(), done: $0.runsDone, total: $0.runsTotal) }
            } catch {
                printer.finish()
                throw CommandFailure(error.message)
            }
            printer.finish()
            print(Self.report(outcome, plan: plan, out: out))
        }

        static func report(_ outcome: SweepOutcome, plan: SweepPlan, out: String) -> String {
            let summary = outcome.summary
            let shard = plan.specification.shard.isWhole ? "" : " (shard \(plan.specification.shard))"
            var lines = ["\(plan.baseScenario.name): \(summary.rows.count) cells\(shard) × \(plan.specification.seeds) seeds; "
                + "\(outcome.cellsRun) run, \(outcome.cellsResumed) already done; \(outcome.runs) runs in \(String(format: "%.2f", outcome.wallSeconds)) s"]
            if let best = summary.rows.max(by: { ($0.finalReward, -$0.index) < ($1.finalReward, -$1.index) }) {
                lines.append(String(format: "  best final valid reward: %@ %.3f at $%.2f a run", best.label, best.finalReward, best.cost))
                if let volume = summary.manifest.inferenceVolume, let text = SweepSummary.inferenceText(best) {
                    lines.append("  with \(volume.requests) requests × \(volume.inputTokensPerRequest)/\(volume.outputTokensPerRequest) tokens of the tuned model: \(text)")
                }
            }
            let reaching = summary.rows.filter { $0.reachProbability >= 0.5 && $0.costToTarget != nil }
            if let cheapest = reaching.min(by: { ($0.costToTarget!, $0.index) < ($1.costToTarget!, $1.index) }) {
                lines.append(String(format: "  cheapest to target %.3f (P ≥ 0.5): %@ $%.2f (P = %.2f)", cheapest.target, cheapest.label,
                                    cheapest.costToTarget!, cheapest.reachProbability))
            }
            if let advice = summary.stoppingAdvice { lines.append("  early stopping: " + advice.text) }
            lines += summary.warnings.map { "  warning: \($0)" }
            lines.append("  output: \(out)/{sweep.json,cells/,summary.csv,report.html,figures/}")
            return lines.joined(separator: "\n")
        }
    }
}
