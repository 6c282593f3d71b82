import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How python graders are confined: the platform's sandbox, rebuilt with bubblewrap.
///
/// The platform runs a python grader with no network, 2 minutes of wall time, 2 GB of memory,
/// 1 GB of disk and 2 CPU cores, and without access to anything of the host. In
/// ``Mode/bubblewrap`` (the default) the worker runs under Debian's `bwrap`:
/// - new PID, network, IPC, UTS and cgroup namespaces (`--unshare-net`: not even loopback
///   reaches the host), `--die-with-parent`, `--new-session`, an empty environment
///   (`--clearenv` plus the few variables ``PythonGraderRunner/Configuration`` sets);
/// - a read-only root that holds only the host's shared libraries (`/usr/lib`, `/usr/lib64`),
///   the interpreter and its standard library, and the allow-listed packages of
///   ``Limits/packages`` (with their dependencies) in otherwise empty `site-packages`
///   directories; `/proc` of the new PID namespace, a minimal `/dev`, and a private `/tmp` of
///   ``Limits/disk`` bytes;
/// - when this process runs as root (CI, containers): the worker drops to a uid of its own
///   before any user code runs, so `RLIMIT_NPROC` (``Limits/processes``) bounds its process
///   tree, and host processes' `/proc/<pid>/environ` are unreadable; and a cgroup (v2, or the
///   v1 `memory`, `pids` and `cpu` controllers) caps the whole tree's memory
///   (``Limits/treeMemory``), processes and CPUs;
/// - `RLIMIT_AS` per process (``PythonGraderRunner/Configuration/memoryLimit``) and
///   `RLIMIT_FSIZE` (``Limits/disk``);
/// - after every call the worker kills every other process of its sandbox (`kill(-1)` in its
///   PID namespace), so nothing a call starts outlives it; on a timeout the whole namespace dies
///   with its init process.
///
/// Where `bwrap` is missing or cannot create namespaces, python graders are refused with a
/// message that says how to install it, unless the caller opts out with ``Mode/unsafeNone``
/// (`--unsafe-python-graders` on the command line).
public enum PythonSandbox {
    /// Whether python graders run in a sandbox.
    public enum Mode: String, Sendable, Equatable, CaseIterable {
        /// In a bubblewrap sandbox; refused when bubblewrap is not available.
        case bubblewrap
        /// Directly on the host, with this process's user, files, environment and network: only
        /// for graders you would run yourself. Chosen explicitly, never as a fallback.
        case unsafeNone = "unsafe-none"
    }

    private static let defaultModeStorage = Mutex(Mode.bubblewrap)

    /// The mode a ``PythonGraderRunner/Configuration`` gets when none is given: `bubblewrap`
    /// unless a command line opted out (`--unsafe-python-graders` calls
    /// ``allowUnsandboxedGraders()``).
    public static var defaultMode: Mode { defaultModeStorage.withLock { $0 } }

    /// Makes ``Mode/unsafeNone`` the default for configurations created from now on.
    ///
    /// For command-line tools whose user passed an explicit opt-out flag; library code and
    /// tests set ``PythonGraderRunner/Configuration/sandbox`` instead.
    public static func allowUnsandboxedGraders() {
        defaultModeStorage.withLock { $0 = .unsafeNone }
    }

    /// The third-party packages the platform's python-grader image documents, which the
    /// sandbox exposes when they are installed for the interpreter (each with its dependencies).
    public static let platformPackages = [
        "numpy", "scipy", "sympy", "pandas", "rapidfuzz", "scikit-learn", "rouge-score", "deepdiff",
        "jsonschema", "pydantic", "PyYAML", "nltk", "sqlparse",
    ]

    /// The sandbox's limits beyond the runner's per-call wall time, CPU time and address space.
    public struct Limits: Sendable, Equatable {
        /// Memory of the whole process tree in bytes (a cgroup's limit), or `nil` for none.
        ///
        /// Default 2 GiB. Enforced only where a cgroup can be created (see ``PythonSandbox``);
        /// exceeding it kills the worker (server error `memory_limit`).
        public var treeMemory: Int?
        /// Size of the private `/tmp` and the largest file (`RLIMIT_FSIZE`) in bytes.
        ///
        /// Default 1 GiB. Writing more fails with `ENOSPC` or `EFBIG` in the grader's code.
        public var disk: Int
        /// Processes and threads the sandbox may run at once.
        ///
        /// `RLIMIT_NPROC` when running as root, and the cgroup's `pids.max`; default 64. A fork bomb meets `EAGAIN`.
        public var processes: Int
        /// CPU cores the tree may use (the cgroup's CPU quota), or `nil` for no quota; default 2.
        public var cpus: Double?
        /// Distribution names (as `pip` knows them) visible in the sandbox, with their dependencies.
        ///
        /// Default ``PythonSandbox/platformPackages``. Missing ones are skipped.
        public var packages: [String]
        /// The bubblewrap executable.
        ///
        /// A name looked up on `PATH`, or a path. Default `bwrap`.
        public var bubblewrap: String
        /// Whether the tree gets a cgroup where one can be created (default `true`); `false`
        /// leaves it to the rlimits (``TreeLimits/rlimits``), as on a machine without cgroups.
        public var cgroups: Bool

        /// Limits; each parameter is the property of the same name.
        public init(
            treeMemory: Int? = 2 << 30, disk: Int = 1 << 30, processes: Int = 64, cpus: Double? = 2,
            packages: [String] = PythonSandbox.platformPackages, bubblewrap: String = "bwrap", cgroups: Bool = true
        ) {
            self.cgroups = cgroups
            self.treeMemory = treeMemory
            self.disk = disk
            self.processes = processes
            self.cpus = cpus
            self.packages = packages
            self.bubblewrap = bubblewrap
        }
    }

    /// Why python graders cannot run sandboxed here, and what to do.
    static func unavailable(_ reason: String, cause: (any Error)? = nil) -> PythonGraderRunnerError {
        PythonGraderRunnerError(
            .sandboxUnavailable,
            "Python graders run in a bubblewrap sandbox, but \(reason). Install bubblewrap (Debian/Ubuntu: "
                + "`sudo apt-get install bubblewrap`; scripts/install-deps does it) on a kernel that allows "
                + "namespaces, or opt out explicitly with --unsafe-python-graders "
                + "(PythonGraderRunner.Configuration.sandbox = .unsafeNone), which runs grader code with this "
                + "process's rights, files, environment and network.",
            cause: cause)
    }

    /// Whether this process runs as root, so that the worker can switch to a uid of its own.
    static var isPrivileged: Bool { geteuid() == 0 }

    private static let uidCounter = Atomic<UInt32>(0)

    /// A uid (and gid) for a new sandboxed worker, distinct from real users' and, within this
    /// process, from the 4096 previous workers', so that each worker's `RLIMIT_NPROC` counts only
    /// its own processes.
    static func nextWorkerUID() -> UInt32 {
        let serial = uidCounter.add(1, ordering: .relaxed).newValue % 4096
        let processSlot = UInt32(truncatingIfNeeded: getpid()) % 100_000
        return 1_000_000_000 + processSlot * 4096 + serial
    }
}
