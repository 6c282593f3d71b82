import ArgumentParser
import Foundation
import Graders
import Hummingbird
import MockServer
import Provider

extension RFTSim {
    /// `rftsim serve`: the mock provider over HTTP, for any OpenAI client.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve the mock OpenAI fine-tuning API over HTTP.",
            discussion: """
                Speaks the fine-tuning REST API (/v1/files, /v1/fine_tuning/jobs, graders, checkpoint \
                permissions, /v1/models (with DELETE for tuned models), /v1/chat/completions and /v1/responses for every \
                model, streamed with stream: true) plus the control API under \
                /_rftsim (reset, clock, job outcomes, faults, request log, organisation, billing, state). \
                Any non-empty bearer key is accepted. Point a client at it with \
                OPENAI_BASE_URL=http://HOST:PORT/v1.

                Once the server accepts connections it prints one line to stdout, \
                "rftsim serve: listening on http://HOST:PORT (clock MODE)", so a script can wait for it and \
                read the port (useful with --port 0). SIGINT or SIGTERM shuts it down gracefully.

                Exit status: 0 after a graceful shutdown, 1 when the server cannot start (e.g. the port is in \
                use) or the state dump cannot be written, 64 for a usage error.
                """
        )

        @Option(help: "The address to listen on (loopback by default; the mock has no real authentication).")
        var host = "127.0.0.1"

        @Option(help: "The port to listen on; 0 picks a free port and prints it.")
        var port = 8089

        @Option(help: ArgumentHelp(
            "How the simulated clock moves: virtual (only through POST /_rftsim/clock/advance), scaled:FACTOR (real time × FACTOR, e.g. scaled:3600 is one simulated hour per second) or instant (jobs finish at creation).",
            valueName: "virtual|scaled:FACTOR|instant"))
        var clock = "virtual"

        @Option(help: ArgumentHelp(
            "The price sheet bills use: launch-2025 (data sharing halves RFT training, the launch announcement's rule) or current-2026 (only the tuned model's inference is discounted). See docs/PRICING.md.",
            valueName: "NAME"))
        var priceSheet = PriceSheet.default.name

        @Option(help: ArgumentHelp("Write the provider's state (GET /_rftsim/state) as JSON to FILE on shutdown.", valueName: "FILE"))
        var stateDump: String?

        @Option(help: ArgumentHelp(
            "Mixed into every id the server hands out: the same seed gives the same ids, another seed other ids (POST /_rftsim/reset with {\"seed\": N} changes it until the next reset).",
            valueName: "N"))
        var seed: UInt64 = 0

        @Flag(help: ArgumentHelp(
            "Refuse unknown top-level job keys and unknown hyperparameters with 400s (the platform, and rftsim by default, accept and ignore them). The same as PUT /_rftsim/organization {\"strict_requests\": true}."))
        var strictRequests = false

        @OptionGroup var python: PythonGraderOptions

        @OptionGroup var judge: JudgeOptions

        func validate() throws {
            guard (0...65_535).contains(port) else {
                throw ValidationError("--port must be between 0 and 65535 (0 picks a free port), got \(port).")
            }
            guard !host.isEmpty else { throw ValidationError("--host must not be empty; use 127.0.0.1 for loopback.") }
            _ = try clockMode()
            try judge.check()
            guard PriceSheet.builtin(named: priceSheet) != nil else {
                throw ValidationError("--price-sheet must be one of \(PriceSheet.builtinNames.joined(separator: ", ")), got '\(priceSheet)'.")
            }
            if let stateDump {
                let directory = URL(fileURLWithPath: stateDump).deletingLastPathComponent().path
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw ValidationError("--state-dump: the directory \(directory) does not exist; create it or choose another path.")
                }
            }
        }

        /// `--clock` as a mode.
        func clockMode() throws -> ClockMode {
            do {
                return try ClockMode(parsing: clock)
            } catch {
                throw ValidationError("--clock must be virtual, instant or scaled:FACTOR with FACTOR a number in (0, 1e9] (e.g. scaled:3600), got '\(clock)'.")
            }
        }

        func run() async throws {
            python.apply()
            if python.unsafePythonGraders {
                FileHandle.standardError.write(Data("rftsim serve: --unsafe-python-graders: python graders run unsandboxed, with this process's user, files, environment and network\n".utf8))
            } else if let problem = await PythonSandbox.availabilityProblem() {
                FileHandle.standardError.write(Data("rftsim serve: python graders will be refused: \(problem)\n".utf8))
            }
            let mode = try clockMode()
            let sheet = PriceSheet.builtin(named: priceSheet) ?? .default
            var providerConfiguration = ProviderConfiguration(clockMode: mode, priceSheet: sheet)
            providerConfiguration.idSeed = seed
            providerConfiguration.organization.strictRequests = strictRequests
            providerConfiguration.judge = try judge.makeJudge()
            let provider = Provider(configuration: providerConfiguration)
            let host = self.host
            let controls = ServerControls()
            let app = await buildApplication(provider: provider, configuration: ServerConfiguration(host: host, port: port),
                                             controls: controls) { port in
                // One unbuffered write: a script reading our stdout through a pipe sees the line at once.
                FileHandle.standardOutput.write(Data((readyLine(host: host, port: port, clock: mode) + "\n").utf8))
            }
            try await app.runService()
            if let stateDump {
                try Self.writeState(await controls.stateDump(of: provider), to: stateDump)
            }
        }

        static func writeState(_ state: ServerStateDump, to path: String) throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(state)
            do {
                try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw CommandFailure("Could not write the state dump to \(path): \(error.localizedDescription)")
            }
        }
    }
}
