import ArgumentParser
import Foundation
import Graders
import Provider
import Simulator
import Studies

extension RFTSim {
    /// `rftsim cost`: what a fine-tuning job will cost before it runs.
    struct Cost: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cost",
            abstract: "Estimate what a fine-tuning job will cost, with and without data sharing, under each price sheet.",
            discussion: """
                Give a job scenario (docs/SCENARIOS.md: a scenario.yaml, or its folder), or the job's files and \
                settings with --model, --method and --training-file (plus --grader for reinforcement, \
                and --validation-file when the job validates). The files are checked as the provider checks them first: a job that fails \
                validation bills nothing. Every price sheet is priced unless --price-sheet names one; a \
                scenario's own pricing is marked with *.

                Supervised and DPO: training-file tokens (estimated offline) × n_epochs × the price per 1M \
                training tokens. Reinforcement: the job is simulated as the provider runs it (a scenario with its \
                seed, as rftsim run does), and its hours of training loop × the hourly price plus the tokens of \
                score_model and label_model graders at the grader model's rates are exactly what it bills. \
                The assumptions (steps, hours, tokens) are printed under the table; docs/PRICING.md has the prices.

                With --inference-requests N --tokens-per-request IN/OUT the table adds the tuned model's \
                inference for that volume at each sheet's fine-tuned rates, and the total with it: under \
                launch-2025 sharing halves training, under current-2026 it halves the tuned model's inference, \
                so the notes say what sharing saves on the job plus that use.

                Exit status: 0 the estimate was printed; 1 a file or the grader is invalid, or a price sheet \
                cannot price the job; 64 usage error (a bad option, an unknown model, a file that does not exist).
                """
        )

        @Argument(help: ArgumentHelp("A job scenario: its YAML file, or the folder holding scenario.yaml.", valueName: "SCENARIO"))
        var scenario: String?

        @Option(name: .customLong("set"), help: ArgumentHelp("Override a scenario key, e.g. --set hyperparameters.n_epochs=2 (repeatable).", valueName: "key=value"))
        var overrides: [String] = []

        @Option(help: "The base model, an id or alias (o4-mini, gpt-4o-mini-2024-07-18).")
        var model: String?

        @Option(help: "The fine-tuning method.")
        var method: FineTuningMethod?

        @Option(help: ArgumentHelp("The training file, one JSON object per line.", valueName: "FILE.jsonl"))
        var trainingFile: String?

        @Option(help: ArgumentHelp("The validation file (without one a reinforcement job runs without validation, as on the platform).", valueName: "FILE.jsonl"))
        var validationFile: String?

        @Option(help: ArgumentHelp("The reinforcement grader (JSON, as the API takes it).", valueName: "GRADER.json"))
        var grader: String?

        @Option(help: ArgumentHelp("The job's hyperparameters as a JSON object, or @FILE holding one; absent keys are \"auto\".", valueName: "JSON|@FILE"))
        var hyperparameters: String?

        @Option(help: ArgumentHelp("Price with this sheet only: \(PriceSheet.builtinNames.joined(separator: ", ")), or a sheet file (.json). Default: every bundled sheet.", valueName: "NAME"))
        var priceSheet: String?

        @OptionGroup var inference: InferenceVolumeOptions

        @Flag(help: "Print the estimate as one JSON object instead of a table.")
        var json = false

        /// The inference volume the options give, if any.
        func inferenceVolume() throws -> CostEstimate.InferenceVolume? {
            try inference.volume()
        }

        func validate() throws {
            _ = try inferenceVolume()
            if let scenario {
                let flags = [("--model", model != nil), ("--method", method != nil), ("--training-file", trainingFile != nil),
                             ("--validation-file", validationFile != nil), ("--grader", grader != nil), ("--hyperparameters", hyperparameters != nil)]
                    .filter(\.1).map(\.0)
                guard flags.isEmpty else {
                    throw ValidationError("Give SCENARIO or \(flags.joined(separator: ", ")), not both; change a scenario with --set key=value.")
                }
                guard FileManager.default.fileExists(atPath: JobScenario.resolve(scenario)) else {
                    throw ValidationError("\(JobScenario.resolve(scenario)) does not exist; check the path.")
                }
                _ = try sheets()
                return
            }
            guard overrides.isEmpty else { throw ValidationError("--set changes a scenario; give SCENARIO too, or use the options directly.") }
            guard let model, let method, let trainingFile else {
                let missing = [("--model", model == nil), ("--method", method == nil), ("--training-file", trainingFile == nil)]
                    .filter(\.1).map(\.0)
                throw ValidationError("Missing \(missing.joined(separator: ", ")): give SCENARIO, or --model, --method and --training-file.")
            }
            do {
                _ = try CostEstimate.baseModel(model, method: method)
            } catch {
                throw ValidationError("--model: \(error.message).")
            }
            if method == .reinforcement {
                guard grader != nil else { throw ValidationError("--method reinforcement needs --grader: the grader's calls and latency are part of the cost.") }
            } else if grader != nil {
                throw ValidationError("--grader applies to --method reinforcement only; drop it for \(method.rawValue).")
            }
            for (option, path) in [("--training-file", trainingFile), ("--validation-file", validationFile), ("--grader", grader)] {
                if let path, !FileManager.default.fileExists(atPath: path) {
                    throw ValidationError("\(option) \(path) does not exist; check the path.")
                }
            }
            if let hyperparameters {
                do {
                    _ = try HyperparameterInput.parse(hyperparameters, method: method)
                } catch {
                    throw ValidationError("--hyperparameters: \(error.message).")
                }
            }
            _ = try sheets()
        }

        func run() async throws {
            print(try await output())
        }

        /// The estimate as it is printed: the table and assumptions, or JSON.
        func output() async throws -> String {
            let estimate = try await estimate()
            return json ? String(decoding: estimate.json, as: UTF8.self) : estimate.text
        }

        /// Resolves the options and asks the library for the estimate.
        func estimate() async throws -> CostEstimate {
            var estimate = try await jobEstimate()
            if let volume = try inferenceVolume() { try estimate.priceInference(volume, priceSheets: try sheets()) }
            return estimate
        }

        /// The job's estimate, before any inference volume.
        private func jobEstimate() async throws -> CostEstimate {
            if let scenario {
                return try await CostEstimate.estimate(scenario: try JobScenario.load(path: scenario, overrides: overrides), priceSheets: try sheets())
            }
            // validate() has checked these.
            guard let model, let method, let trainingFile else { throw ValidationError("Missing --model, --method or --training-file.") }
            let loaded = try await grader.asyncMap { try await GraderDefinitionFile.load(path: $0) }
            return try await CostEstimate.estimate(
                model: model, method: method, trainingFile: trainingFile, validationFile: validationFile, grader: loaded,
                hyperparameters: try hyperparameters.map { try HyperparameterInput.parse($0, method: method) } ?? PlatformHyperparameters(),
                priceSheets: try sheets())
        }

        /// The sheet named by --price-sheet, or every bundled one.
        private func sheets() throws -> [PriceSheet] {
            guard let priceSheet else { return CostEstimate.builtinPriceSheets }
            if let sheet = PriceSheet.builtin(named: priceSheet) { return [sheet] }
            guard priceSheet.hasSuffix(".json") else {
                throw ValidationError("--price-sheet \(priceSheet) is not a bundled sheet; use one of \(PriceSheet.builtinNames.joined(separator: ", ")) or a sheet file (.json).")
            }
            do {
                return [try PriceSheet(contentsOf: URL(fileURLWithPath: priceSheet))]
            } catch {
                throw ValidationError("--price-sheet: \(error.description).")
            }
        }
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async throws -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
