import Foundation

extension PythonGraderRunner {
    /// The interpreter, the sandbox and the limits a runner's worker runs under.
    ///
    /// The defaults are the platform's sandbox limits: no network, 2 minutes per grading
    /// execution, 2 GB of memory for the whole process tree, 1 GB of disk, 2 CPU cores, no access
    /// to the host's files or environment (see ``PythonSandbox``). Tests set short limits:
    ///
    /// ```swift
    /// let runner = PythonGraderRunner(configuration: .init(timeout: .seconds(1), memoryLimit: 200 << 20))
    /// ```
    public struct Configuration: Sendable, Equatable {
        /// How the worker is confined.
        ///
        /// Default ``PythonSandbox/Mode/bubblewrap``, or what ``PythonSandbox/defaultMode`` was set
        /// to (by `--unsafe-python-graders`, for one).
        public var sandbox: PythonSandbox.Mode

        /// Limits of the sandbox beyond those below (tree memory, disk, processes, CPUs, packages).
        public var sandboxLimits: PythonSandbox.Limits

        /// The interpreter, Python 3.8 or later.
        ///
        /// A name looked up on `PATH` (of ``environment`` if it sets one, else of this process), or
        /// a path. Default `python3`.
        public var executable: String

        /// Wall-clock time allowed for one call.
        ///
        /// It counts from sending the request, so it includes compiling and running a source's
        /// top-level code on first use. On expiry the worker is
        /// killed, the call reports ``PythonGradeOutcome/runtimeError(details:)`` "grade timed out
        /// after N s", and the next call starts a fresh worker. Default 120 s.
        public var timeout: Duration

        /// Each process's address-space limit in bytes (`RLIMIT_AS`), or `nil` for none.
        ///
        /// Default 2 GiB (the whole tree's memory is ``PythonSandbox/Limits/treeMemory``).
        /// Exceeding it raises `MemoryError`, reported as the server error `memory_limit`.
        /// Address space is not resident memory: libraries that reserve large virtual regions
        /// (thread stacks, BLAS buffers) count in full. macOS does not enforce `RLIMIT_AS`.
        public var memoryLimit: Int?

        /// CPU time allowed for one call (`RLIMIT_CPU`), or `nil` for none.
        ///
        /// Default 120 s. The worker re-arms the soft limit before each call, in whole seconds (so a call gets the
        /// limit and up to one second more), and turns the kernel's SIGXCPU into an exception in
        /// the user's code, so the worker survives. User code can catch that exception or raise
        /// its own limit: the wall-time ``timeout`` is the real boundary.
        public var cpuTimeLimit: Duration?

        /// How many compiled sources the worker keeps.
        ///
        /// The least recently used are dropped. Default 64.
        public var sourceCacheCapacity: Int

        /// How long the worker, or the source checker, may take to start and answer.
        ///
        /// Default 30 s.
        public var startupTimeout: Duration

        /// Whether to shield the worker from the host's Python setup, like `python3 -I`.
        ///
        /// The worker then ignores `PYTHON*` environment variables and the user site-packages
        /// directory, and the working directory is not on `sys.path`. (`-I` itself is not used because it would
        /// also ignore ``hashSeed``.) Turn it off to reach packages installed with
        /// `pip install --user` or on `PYTHONPATH`. Default `true`.
        public var isolated: Bool

        /// `PYTHONHASHSEED` for the worker.
        ///
        /// It makes iteration over sets of strings, and anything else that depends on `hash()`, the
        /// same in every run; `nil` for Python's random seed. Default 0.
        public var hashSeed: UInt32?

        /// Thread count given to numeric libraries.
        ///
        /// It sets `OMP_NUM_THREADS`, `OPENBLAS_NUM_THREADS`, `MKL_NUM_THREADS` and
        /// `NUMEXPR_NUM_THREADS`; unsandboxed, only where this process's
        /// environment does not set them. `nil` to leave them alone. Default 2, the platform
        /// sandbox's core count.
        public var numericThreads: Int?

        /// Extra environment variables for the worker and the source checker, applied last.
        ///
        /// The sandboxed worker sees only these and the few the runner sets, nothing of this
        /// process's environment. Default none.
        public var environment: [String: String]

        /// A configuration; each parameter is the property of the same name.
        public init(
            sandbox: PythonSandbox.Mode = PythonSandbox.defaultMode, sandboxLimits: PythonSandbox.Limits = .init(),
            executable: String = "python3", timeout: Duration = .seconds(120), memoryLimit: Int? = 2 << 30,
            cpuTimeLimit: Duration? = .seconds(120), sourceCacheCapacity: Int = 64, startupTimeout: Duration = .seconds(30),
            isolated: Bool = true, hashSeed: UInt32? = 0, numericThreads: Int? = 2, environment: [String: String] = [:]
        ) {
            self.sandbox = sandbox
            self.sandboxLimits = sandboxLimits
            self.executable = executable
            self.timeout = timeout
            self.memoryLimit = memoryLimit
            self.cpuTimeLimit = cpuTimeLimit
            self.sourceCacheCapacity = sourceCacheCapacity
            self.startupTimeout = startupTimeout
            self.isolated = isolated
            self.hashSeed = hashSeed
            self.numericThreads = numericThreads
            self.environment = environment
        }
    }
}

extension PythonGraderRunner.Configuration {
    /// The environment the worker and the source checker run in.
    var processEnvironment: [String: String] {
        var result = ProcessInfo.processInfo.environment
        if isolated {
            result = result.filter { !$0.key.hasPrefix("PYTHON") }
        }
        if let hashSeed { result["PYTHONHASHSEED"] = String(hashSeed) }
        result["PYTHONIOENCODING"] = "utf-8"
        if let numericThreads {
            for name in ["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"] where result[name] == nil {
                result[name] = String(numericThreads)
            }
        }
        result.merge(environment) { _, extra in extra }
        return result
    }

    /// The only environment the sandboxed worker sees: the hash seed, UTF-8, thread counts,
    /// `HOME=/tmp`, and ``environment``; nothing of this process's.
    var sandboxEnvironment: [String: String] {
        var result = ["PYTHONIOENCODING": "utf-8", "HOME": "/tmp", "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"]
        if let hashSeed { result["PYTHONHASHSEED"] = String(hashSeed) }
        if let numericThreads {
            for name in ["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"] {
                result[name] = String(numericThreads)
            }
        }
        result.merge(environment) { _, extra in extra }
        return result
    }

    /// The interpreter's options that come before `-c`.
    var interpreterOptions: [String] {
        isolated ? ["-u", "-s"] : ["-u"]
    }

    /// ``cpuTimeLimit`` in whole seconds, rounded up, at least 1.
    var cpuTimeLimitSeconds: Int? {
        cpuTimeLimit.map { limit in
            let (seconds, attoseconds) = limit.components
            return max(1, Int(seconds) + (attoseconds > 0 ? 1 : 0))
        }
    }
}
