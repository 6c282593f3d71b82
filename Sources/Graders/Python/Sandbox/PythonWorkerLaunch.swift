import Foundation

/// What to spawn for one grading worker: directly, or inside the sandbox.
struct PythonWorkerLaunch {
    /// The program to start: the interpreter, `bwrap`, or `/bin/sh` joining a cgroup first.
    var executable: URL
    var arguments: [String]
    /// The environment of the spawned program (empty under the sandbox: bwrap passes on only
    /// what its `--setenv` options name).
    var environment: [String: String]
    /// The tree's cgroup, if one could be created.
    var cgroup: PythonSandboxCgroup?
    /// The interpreter, for messages.
    var interpreter: URL

    /// The launcher, `sh -c <script> rftsim-sandbox SECCOMP|- PROCS… -- COMMAND…`.
    ///
    /// It opens the seccomp program as descriptor 9 (for `bwrap --seccomp 9`, which closes it),
    /// joins each cgroup, then runs the command. Foundation's `Process` passes no descriptor beyond 0–2, hence the shell.
    static let launcherScript = #"""
        if [ "$1" != - ]; then exec 9<"$1" || exit 125; fi; shift
        while [ "$1" != "--" ]; do echo $$ > "$1" || exit 125; shift; done; shift
        exec "$@"
        """#

    /// The launch of a worker running `script` under `configuration`.
    ///
    /// - Throws: ``PythonGraderRunnerError``: `pythonNotFound`, `sandboxUnavailable` (no bwrap)
    ///   or `workerStartFailed` (the interpreter's files could not be found).
    static func make(_ configuration: PythonGraderRunner.Configuration, script: String) async throws -> PythonWorkerLaunch {
        let hostEnvironment = configuration.processEnvironment
        let python = try PythonExecutable.locate(configuration.executable, environment: hostEnvironment)
        var settings: [String: Any] = [
            "memory_limit": configuration.memoryLimit.map { $0 as Any } ?? NSNull(),
            "cpu_limit": configuration.cpuTimeLimitSeconds.map { $0 as Any } ?? NSNull(),
            "isolated": configuration.isolated,
        ]
        guard configuration.sandbox == .bubblewrap else {
            return PythonWorkerLaunch(
                executable: python, arguments: configuration.interpreterOptions + ["-c", script, json(settings)],
                environment: hostEnvironment, interpreter: python)
        }
        let bubblewrap: URL
        do {
            bubblewrap = try PythonExecutable.locate(configuration.sandboxLimits.bubblewrap, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw PythonSandbox.unavailable("\(configuration.sandboxLimits.bubblewrap) (bubblewrap) was not found")
        }
        let limits = configuration.sandboxLimits
        let layout = try await PythonSandboxLayout.probe(executable: python, packages: limits.packages, environment: hostEnvironment)
        let privileged = PythonSandbox.isPrivileged
        var confinement: [String: Any] = ["fsize": limits.disk, "reap": true]
        if privileged {
            let uid = PythonSandbox.nextWorkerUID()
            confinement["uid"] = Int(uid)
            confinement["nproc"] = limits.processes
        }
        settings["sandbox"] = confinement
        let seccomp: String?
        do {
            seccomp = try PythonSandboxSeccomp.programFile()
        } catch {
            throw PythonSandbox.unavailable("its seccomp program could not be written to the temporary directory", cause: error)
        }
        let sandbox = PythonSandboxArguments(
            layout: layout, limits: limits, environment: configuration.sandboxEnvironment, privileged: privileged,
            seccompDescriptor: seccomp == nil ? nil : 9)
        let command = [bubblewrap.path] + sandbox.options + [layout.executable]
            + configuration.interpreterOptions + ["-c", script, json(settings)]
        let cgroup = privileged && limits.cgroups ? PythonSandboxCgroup.create(limits: limits) : nil
        return PythonWorkerLaunch(
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: ["-c", launcherScript, "rftsim-sandbox", seccomp ?? "-"] + (cgroup?.procsFiles ?? []) + ["--"] + command,
            environment: [:], cgroup: cgroup, interpreter: python)
    }

    private static func json(_ settings: [String: Any]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: settings, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
