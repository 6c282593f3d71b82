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
            commandName: "serve",
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
            "Keep the state in DIR: every request that changes it (uploads, jobs, control actions) is journaled and fsynced before its answer, and replayed at the next start, so files, jobs, events, checkpoints, the clock, the organisation and bills survive a restart or a SIGKILL. Start again with the same --clock, --seed and --price-sheet.",
            valueName: "DIR"))
        var state: String?

        @Option(help: ArgumentHelp(
            "Mixed into every id the server hands out: the same seed gives the same ids, another seed other ids (POST /_rftsim/reset with {\"seed\": N} changes it until the next reset).",
            valueName: "N"))
        var seed: UInt64 = 0

        @Flag(help: ArgumentHelp(
            "Refuse unknown top-level job keys and unknown hyperparameters with 400s (the platform, and rftsim by default, accept and ignore them). The same as PUT /_rftsim/organization {\"strict_requests\": true}."))
        var strictRequests = false

        @OptionGroup var python: PythonGraderOptions

        @OptionGroup var judge: JudgeOptions

        @Option(help: ArgumentHelp(
            "Require TOKEN on the control API (/_rftsim) in the X-RFTSim-Control-Token header; without it a control request is a 401, with another token a 403. Default: the RFTSIM_CONTROL_TOKEN environment variable, else no token (the control API is open).",
            valueName: "TOKEN"))
        var controlToken: String?

        @Option(help: ArgumentHelp(
            "Close a connection that has no request in progress (idle, or still sending its request head) after SECONDS.",
            valueName: "SECONDS"))
        var idleTimeout: Int64 = 15

        @Option(help: ArgumentHelp(
            "Answer 408 and close a connection whose request body is silent for SECONDS (less than --idle-timeout).", valueName: "SECONDS"))
        var bodyTimeout: Int64 = 10

        @Option(help: ArgumentHelp(
            "The largest file POST /v1/files accepts (the platform's is 512 MB; uploads are streamed to disk, not held in memory). Larger uploads are answered 413.",
            valueName: "BYTES"))
        var maxFileBytes: Int = 512 << 20

        @Option(help: ArgumentHelp(
            "Bytes of uploaded files one organisation (one key under isolate_by_key) may hold at once; an upload beyond it is a 400 storage_quota_exceeded.",
            valueName: "BYTES"))
        var storageQuotaBytes: Int = 1 << 30

        /// `--control-token`, else `RFTSIM_CONTROL_TOKEN` (an empty value counts as none).
        var effectiveControlToken: String? {
            if let controlToken, !controlToken.isEmpty { return controlToken }
            let environment = ProcessInfo.processInfo.environment["RFTSIM_CONTROL_TOKEN"] ?? ""
            return environment.isEmpty ? nil : environment
        }

        func validate() throws {
            guard (0...65_535).contains(port) else {
                throw ValidationError("--port must be between 0 and 65535 (0 picks a free port), got \(port).")
            }
            guard !host.isEmpty else { throw ValidationError("--host must not be empty; use 127.0.0.1 for loopback.") }
            _ = try clockMode()
            try judge.check()
            guard maxFileBytes >= 1 else { throw ValidationError("--max-file-bytes must be at least 1, got \(maxFileBytes).") }
            guard storageQuotaBytes >= 1 else { throw ValidationError("--storage-quota-bytes must be at least 1, got \(storageQuotaBytes).") }
            guard (1...86_400).contains(idleTimeout) else { throw ValidationError("--idle-timeout must be 1 to 86400 seconds, got \(idleTimeout).") }
            guard (1..<idleTimeout).contains(bodyTimeout) else {
                throw ValidationError("--body-timeout must be at least 1 and less than --idle-timeout (\(idleTimeout)), got \(bodyTimeout).")
            }
            if let controlToken, controlToken.isEmpty {
                throw ValidationError("--control-token must not be empty.")
            }
            if ServerConfiguration(host: host).bindsBeyondLoopback, effectiveControlToken == nil, python.unsafePythonGraders {
                throw ValidationError("--host \(host) reaches beyond this machine without a control token: --unsafe-python-graders would let anyone who can connect run code as this user. Set --control-token (or RFTSIM_CONTROL_TOKEN), bind to 127.0.0.1, or drop --unsafe-python-graders.")
            }
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
            } else {
                // Which mechanism bounds a grader's process tree here (also GET /_rftsim/sandbox).
                let tree = PythonSandbox.treeLimits()
                FileHandle.standardError.write(Data("rftsim serve: python graders run in a bubblewrap sandbox; process-tree limits by \(tree.limits.rawValue) (\(tree.detail))\n".utf8))
            }
            let token = effectiveControlToken
            var serverConfiguration = ServerConfiguration(host: host, port: port)
            serverConfiguration.controlToken = token
            serverConfiguration.idleTimeoutSeconds = idleTimeout
            serverConfiguration.bodyReadTimeoutSeconds = bodyTimeout
            if serverConfiguration.bindsBeyondLoopback, token == nil {
                FileHandle.standardError.write(Data("rftsim serve: warning: --host \(host) reaches beyond this machine and the control API (/_rftsim) has no token: anyone who can connect can read every key's state and bills, or reset the server. Set --control-token or RFTSIM_CONTROL_TOKEN.\n".utf8))
            }
            let mode = try clockMode()
            let sheet = PriceSheet.builtin(named: priceSheet) ?? .default
            var providerConfiguration = ProviderConfiguration(clockMode: mode, priceSheet: sheet)
            providerConfiguration.idSeed = seed
            providerConfiguration.maximumFileBytes = maxFileBytes
            providerConfiguration.maximumStorageBytesPerOrganization = storageQuotaBytes
            providerConfiguration.organization.strictRequests = strictRequests
            providerConfiguration.judge = try judge.makeJudge()
            let provider = Provider(configuration: providerConfiguration)
            let host = self.host
            // Uploads are streamed to disk: under --state next to the journal, else in a folder of
            // this process in the temporary directory (removed at exit, or by the next start if
            // this process is killed). What is there at start belongs to no stored file.
            let uploads = state.map { URL(fileURLWithPath: $0).appendingPathComponent("files").path } ?? ServerConfiguration.defaultUploadDirectory
            serverConfiguration.uploadDirectory = uploads
            Self.removeStaleUploadFolders()
            try? FileManager.default.removeItem(atPath: uploads)
            defer { if state == nil { try? FileManager.default.removeItem(atPath: uploads) } }
            var journal: StateJournal?
            if let state {
                do {
                    let opened = try StateJournal(directory: state)
                    let replayed = try await replayJournal(opened, into: provider, configuration: serverConfiguration)
                    if replayed > 0 {
                        FileHandle.standardError.write(Data("rftsim serve: restored \(replayed) journaled requests from \(opened.url.path)\n".utf8))
                    }
                    journal = opened
                } catch {
                    throw CommandFailure("--state \(state): \(error)")
                }
            }
            let controls = ServerControls(journal: journal)
            // On SIGINT/SIGTERM the python workers die at once, so requests waiting on a grader are
            // answered and the graceful shutdown (Hummingbird's, on the same signals) ends within seconds.
            let shutdownSignals = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { Task { await provider.shutdown() } }
                source.resume()
                return source
            }
            defer {
                for source in shutdownSignals { source.cancel() }
            }
            let app = await buildApplication(provider: provider, configuration: serverConfiguration,
                                             controls: controls) { port in
                // One unbuffered write: a script reading our stdout through a pipe sees the line at once.
                FileHandle.standardOutput.write(Data((readyLine(host: host, port: port, clock: mode) + "\n").utf8))
            }
            try await app.runService()
            if let stateDump {
                try Self.writeState(await controls.stateDump(of: provider), to: stateDump)
            }
        }

        /// Removes the upload folders (`rftsim-uploads-PID`) of processes no longer running.
        static func removeStaleUploadFolders() {
            let temporary = FileManager.default.temporaryDirectory
            for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? [] where name.hasPrefix("rftsim-uploads-") {
                guard let pid = Int32(name.dropFirst("rftsim-uploads-".count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
                try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
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
