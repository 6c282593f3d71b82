import Foundation

/// Runs the `grade(sample, item)` functions of python graders in a long-lived `python3` worker.
///
/// One runner owns one worker process and sends it one call at a time (concurrent callers wait
/// their turn, first come first served); create several runners for parallel grading, and one
/// per organisation for isolation (``PythonGraderPool`` does both). The worker is started on
/// first use (or by ``start()``) and compiles each distinct source once, so that a training
/// run's many calls cost a pipe round trip each, not an interpreter start. The protocol is
/// described in ``PythonWorkerProtocol`` and the worker in ``workerScript``.
///
/// The worker runs in the platform's sandbox (``PythonSandbox``): no network, no host files or
/// environment, 2 GB for the process tree, 1 GB of disk, 2 CPUs, and every process a call starts
/// killed when it ends. Limits per call (see ``Configuration``): wall time (the worker is killed
/// and replaced on expiry), CPU time, address space. User code's `print()` output is captured,
/// never mixed into the protocol, and a reply that does not answer the request in flight (wrong
/// or null `id`, or sent unasked) kills the worker. Without bubblewrap, calls throw
/// `sandboxUnavailable` unless the configuration opts out with ``PythonSandbox/Mode/unsafeNone``.
///
/// ```swift
/// let runner = PythonGraderRunner()
/// let outcome = try await runner.grade(
///     source: "def grade(sample, item):\n    return float(sample['output_text'] == item['answer'])\n",
///     sampleJSON: #"{"output_text": "4", "output_json": null, "choices": [], "output_tools": []}"#,
///     itemJSON: #"{"answer": "4"}"#)
/// // .score(1.0)
/// await runner.shutdown()
/// ```
///
/// The worker is killed by ``shutdown()`` or when the runner is deinitialised, and exits by itself
/// if this process dies.
public actor PythonGraderRunner {
    /// The interpreter and limits this runner was created with.
    public let configuration: Configuration
    private var worker: PythonWorkerProcess?
    private var sources: PythonSourceCache
    private var nextRequestID = 0
    private var isBusy = false
    private var waitingForTurn: [CheckedContinuation<Void, Never>] = []
    private var isShutDown = false

    /// How many worker processes this runner has started; it grows after a timeout, a crash or a
    /// memory error, each of which retires the worker.
    public private(set) var workerLaunchCount = 0

    /// The worker interpreter's version (`3.11.7`), once a worker has started.
    public private(set) var pythonVersion: String?

    /// What bounds the current (or last) sandboxed worker's process tree: its cgroup's version,
    /// or ``PythonSandbox/TreeLimits/rlimits`` when none could be created; `nil` before a
    /// sandboxed worker has started.
    public private(set) var treeLimits: PythonSandbox.TreeLimits?

    /// The current worker's process identifier, if one is running.
    var workerProcessIdentifier: Int32? { worker?.processIdentifier }

    /// 1 while a request is with the worker, else 0: tests wait for it instead of sleeping.
    private(set) var callsInFlight = 0
    private var oomKillsBefore = 0

    /// A runner with `configuration`; no process starts until ``start()`` or ``grade``.
    public init(configuration: Configuration = .init()) {
        self.configuration = configuration
        self.sources = PythonSourceCache(capacity: configuration.sourceCacheCapacity)
    }

    deinit {
        worker?.terminate()
    }

    /// Starts the worker now rather than on the first call, so that a missing interpreter is
    /// reported up front. Does nothing if a worker is running.
    ///
    /// - Throws: ``PythonGraderRunnerError`` with code `pythonNotFound` (with how to install
    ///   Python), `workerStartFailed` or `shutDown`; `CancellationError`.
    public func start() async throws {
        await takeTurn()
        defer { endTurn() }
        guard !isShutDown else { throw Self.shutDownError }
        _ = try await runningWorker()
    }

    /// Calls the `grade` function of `source` with a sample and a dataset item.
    ///
    /// Calls on one runner run one at a time, in the order they arrive; a caller cancelled while
    /// waiting for its turn throws `CancellationError` when the turn comes. A source whose
    /// compilation or top-level code failed keeps failing the same way without being run again,
    /// until the worker is replaced.
    ///
    /// - Parameters:
    ///   - source: the python grader's `source`; compiled once per worker and cached.
    ///   - sampleJSON: the text of the `sample` JSON object (`choices`, `output_text`,
    ///     `output_json`, `output_tools`, `output_audio`).
    ///   - itemJSON: the text of the dataset row, a JSON object.
    /// - Returns: the score, or the runtime or server error that stands for a 0 grade.
    /// - Throws: ``PythonGraderRunnerError`` with code `invalidInput` when `sampleJSON` or
    ///   `itemJSON` is not a JSON object, `pythonNotFound` or `workerStartFailed` when no worker
    ///   can be started, `shutDown` after ``shutdown()``; `CancellationError` when the calling
    ///   task is cancelled (the worker is then replaced).
    public func grade(source: String, sampleJSON: String, itemJSON: String) async throws -> PythonGradeOutcome {
        await takeTurn()
        defer { endTurn() }
        try Task.checkCancellation()
        guard !isShutDown else { throw Self.shutDownError }
        var worker = try await runningWorker()
        var reply = await send(source: source, sampleJSON: sampleJSON, itemJSON: itemJSON, to: worker)
        if reply == .unsolicited {
            // The worker wrote a line nobody asked for (a forged or late reply): it is not to be
            // trusted. This call is not the one that did it, so it gets a fresh worker.
            retire(worker)
            worker = try await runningWorker()
            reply = await send(source: source, sampleJSON: sampleJSON, itemJSON: itemJSON, to: worker)
        }
        callsInFlight = 0
        guard !isShutDown else { throw Self.shutDownError }
        if let cgroup = worker.cgroup, cgroup.oomKillCount > oomKillsBefore {
            retire(worker)
            let limit = configuration.sandboxLimits.treeMemory.map { " of \($0) bytes" } ?? ""
            return .serverError(
                type: PythonGradeOutcome.ServerErrorType.memoryLimit,
                details: "the grader's processes exceeded the sandbox's memory limit\(limit) and the kernel killed one; the sandbox was stopped")
        }
        switch reply {
        case .line(let line):
            return try interpret(line, requestID: nextRequestID, from: worker)
        case .timedOut:
            retire(worker)
            return .runtimeError(
                details: "grade timed out after \(Self.describe(configuration.timeout)) (the wall-time limit per call); the worker was stopped")
        case .cancelled:
            retire(worker)
            throw CancellationError()
        case .exited, .unsolicited:
            let status = await worker.waitForExit(timeout: .seconds(2))
            retire(worker)
            return .serverError(
                type: PythonGradeOutcome.ServerErrorType.workerCrashed, details: crashDetails(worker, status))
        }
    }

    /// Sends one grade request to `worker` and waits for its reply.
    private func send(source: String, sampleJSON: String, itemJSON: String, to worker: PythonWorkerProcess) async -> PythonWorkerProcess.Reply {
        let entry = sources.use(source)
        nextRequestID += 1
        let request = PythonWorkerProtocol.gradeRequest(
            id: nextRequestID, entry: entry, source: source, sampleJSON: sampleJSON, itemJSON: itemJSON)
        oomKillsBefore = worker.cgroup?.oomKillCount ?? 0
        callsInFlight = 1
        return await worker.exchange(request, timeout: configuration.timeout)
    }

    /// Kills the worker. Calls in progress or waiting throw `shutDown`, as do later calls.
    public func shutdown() async {
        isShutDown = true
        guard let worker else { return }
        retire(worker)
        _ = await worker.waitForExit(timeout: .seconds(2))
    }

    // MARK: - Worker lifecycle

    private func runningWorker() async throws -> PythonWorkerProcess {
        if let worker {
            if !worker.hasExited { return worker }
            retire(worker)  // it died between calls (user code exiting from a thread, say)
        }
        let launch = try await PythonWorkerLaunch.make(configuration, script: Self.workerScript)
        let executable = launch.interpreter
        let process: PythonWorkerProcess
        do {
            process = try PythonWorkerProcess(
                executable: launch.executable, arguments: launch.arguments, environment: launch.environment, cgroup: launch.cgroup)
        } catch {
            launch.cgroup?.remove()
            throw PythonGraderRunnerError(
                .workerStartFailed, "Could not start the python grader worker \(launch.executable.path).", cause: error)
        }
        workerLaunchCount += 1
        let reply = await process.exchange([], timeout: configuration.startupTimeout)
        if case .line(let line) = reply, let ready = try? PythonWorkerProtocol.decode(line), ready.status == "ready" {
            guard !isShutDown else {
                process.terminate()
                throw Self.shutDownError
            }
            pythonVersion = ready.python
            if configuration.sandbox == .bubblewrap { treeLimits = launch.cgroup?.version ?? .rlimits }
            sources.reset()
            worker = process
            return process
        }
        let status = await process.waitForExit(timeout: .milliseconds(500))
        process.terminate()
        if reply == .cancelled { throw CancellationError() }
        let what = status.map { "it \($0)" } ?? (reply == .timedOut ? "it did not answer in time" : "it sent no greeting")
        let stderr = process.stderrText.trimmingCharacters(in: .whitespacesAndNewlines)
        if configuration.sandbox == .bubblewrap && stderr.hasPrefix("bwrap:") {
            throw PythonSandbox.unavailable("bubblewrap could not create the sandbox (\(stderr))")
        }
        throw PythonGraderRunnerError(
            .workerStartFailed,
            "The python grader worker \(executable.path) did not start: \(what)"
                + (stderr.isEmpty ? "." : ". Its stderr:\n\(stderr)"))
    }

    /// Kills `worker` and forgets it, along with the sources it had compiled.
    private func retire(_ worker: PythonWorkerProcess) {
        worker.terminate()
        if self.worker === worker {
            self.worker = nil
            sources.reset()
        }
    }

    // MARK: - Replies

    private func interpret(_ line: [UInt8], requestID: Int, from worker: PythonWorkerProcess) throws -> PythonGradeOutcome {
        let serverError = PythonGradeOutcome.ServerErrorType.self
        // A reply must name the request in flight; anything else (a null or another id) is forged
        // or out of step, and the worker is not trusted with another call.
        guard let reply = try? PythonWorkerProtocol.decode(line), reply.id == requestID else {
            retire(worker)
            let text = String(decoding: line.prefix(500), as: UTF8.self)
            return .serverError(type: serverError.protocolError, details: "unexpected reply from the worker (request \(requestID)): \(text)")
        }
        let details = reply.details ?? "(no details)"
        switch (reply.status, reply.score) {
        case ("ok", let score?):
            return .score(score)
        case ("runtime_error", _):
            return .runtimeError(details: details)
        case ("bad_request", _):
            throw PythonGraderRunnerError(.invalidInput, "The python grader was given invalid input: \(details)")
        case ("memory_limit", _):
            // A MemoryError can leave the user's module state half-built; start afresh.
            retire(worker)
            return .serverError(type: serverError.memoryLimit, details: details)
        default:
            retire(worker)
            return .serverError(type: serverError.protocolError, details: "worker reported \(reply.status): \(details)")
        }
    }

    private func crashDetails(_ worker: PythonWorkerProcess, _ status: PythonWorkerProcess.ExitStatus?) -> String {
        var text = "the python grader worker (pid \(worker.processIdentifier)) "
        text += status.map { "\($0) while grading" } ?? "closed its output while grading"
        if status?.signal == SIGKILL {
            text += " (SIGKILL also comes from the kernel's out-of-memory killer)"
        }
        let stderr = worker.stderrText.trimmingCharacters(in: .whitespacesAndNewlines)
        if !stderr.isEmpty { text += "\nstderr:\n\(stderr)" }
        return text
    }

    // MARK: - Turns

    /// Waits until no other call is using the worker. Actor methods interleave at every `await`,
    /// so without this two calls could write to the worker before either reads its reply.
    private func takeTurn() async {
        guard isBusy else {
            isBusy = true
            return
        }
        await withCheckedContinuation { waitingForTurn.append($0) }
    }

    private func endTurn() {
        if waitingForTurn.isEmpty {
            isBusy = false
        } else {
            waitingForTurn.removeFirst().resume()
        }
    }

    private static let shutDownError = PythonGraderRunnerError(.shutDown, "The python grader runner has been shut down.")

    /// `120 s`, `1.5 s`.
    static func describe(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if attoseconds == 0 { return "\(seconds) s" }
        return "\(Double(seconds) + Double(attoseconds) / 1e18) s"
    }
}
