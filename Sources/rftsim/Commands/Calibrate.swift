// Public only because the conformance at the bottom makes a library type parseable (Swift 6 needs it).
public import ArgumentParser
import Foundation
import Studies

extension RFTSim {
    /// `rftsim calibrate`: a scenario fitted to a pilot job's metrics.
    struct Calibrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "calibrate",
            abstract: "Fit a scenario's timing, learning rate and prior to a pilot job's metrics events or results CSV.",
            discussion: """
                PILOT is a real (or simulated) job's metrics: the events of \
                client.fine_tuning.jobs.list_events (one event per line, or the list page's JSON; \
                `rftsim run` writes events.jsonl), or the job's results CSV. SCENARIO describes the \
                pilot's job (data, grader, hyperparameters). GSL nonlinear least squares fits the \
                timing model's sampling and training throughput, eval and iteration overheads to the \
                pilot's step seconds, and the base learning rate and the prior success rate to its \
                train and valid reward curves (the simulator's expected reward, averaged over --seeds \
                fixed seeds). --out gets the calibrated scenario (the fitted keys set, with a \
                calibration: record of the fit's covariance for rftsim sweep --parameter-uncertainty), \
                checked as scenarios are; the report (parameters with standard errors, the pilot's \
                curves beside the calibrated model's) goes to stdout and to --report. See docs/CALIBRATION.md.

                Exit status: 0 calibrated; 1 the pilot is not events or a results CSV, has too few \
                steps, the fit does not converge, or the scenario cannot be simulated (nothing is \
                written); 64 usage error.
                """
        )

        @Argument(help: ArgumentHelp("The pilot job's metrics events (JSON lines or a list page) or its results CSV.", valueName: "PILOT"))
        var pilot: String

        @Option(help: ArgumentHelp("The scenario of the pilot's job: a folder with scenario.yaml, or the YAML file.", valueName: "SCENARIO"))
        var scenario: String

        @Option(name: .customLong("set"), help: ArgumentHelp("Override a scenario key, e.g. --set hyperparameters.n_epochs=1 (repeatable).", valueName: "key=value"))
        var overrides: [String] = []

        @Option(help: ArgumentHelp("Where to write the calibrated scenario: a .yaml file, or a folder that gets scenario.yaml.", valueName: "S2"))
        var out: String

        @Option(help: ArgumentHelp("Also write the report to this file.", valueName: "FILE"))
        var report: String?

        @Option(help: "What to fit: all (timing when the pilot has it, and the reward curve), timing, or rewards.")
        var fit: Calibration.Target = .all

        @Option(help: ArgumentHelp("Seeds the reward-curve model averages (common random numbers).", valueName: "N"))
        var seeds = Calibration.defaultSeeds

        @Flag(help: "Print the report as one JSON object instead of text.")
        var json = false

        @OptionGroup var python: PythonGraderOptions

        func validate() throws {
            guard seeds >= 1, seeds <= 256 else { throw ValidationError("--seeds must be from 1 to 256, got \(seeds).") }
            guard FileManager.default.fileExists(atPath: JobScenario.resolve(scenario)) else {
                throw ValidationError("--scenario \(JobScenario.resolve(scenario)) does not exist; check the path.")
            }
        }

        func run() async throws {
            python.apply()
            let calibration: Calibration
            do {
                let loaded = try JobScenario.load(path: scenario, overrides: overrides)
                let record = try PilotReader.read(path: pilot)
                calibration = try await Calibration.fit(pilot: record, scenario: loaded, target: fit, seeds: seeds)
            } catch {
                throw CommandFailure("\(error)")
            }
            let text = json ? String(decoding: calibration.json, as: UTF8.self) + "\n" : calibration.text
            do {
                let written = try calibration.writeScenario(to: out)
                if let report {
                    do {
                        try Data(text.utf8).write(to: URL(fileURLWithPath: report))
                    } catch {
                        try? FileManager.default.removeItem(at: written)
                        throw CalibrationError(.scenario, "cannot write the report \(report): \(error.localizedDescription); nothing was written")
                    }
                }
            } catch {
                throw CommandFailure("\(error)")
            }
            print(text, terminator: "")
        }
    }
}

extension Calibration.Target: ExpressibleByArgument {}
