import Foundation

extension PythonSandbox {
    /// What bounds a sandboxed worker's whole process tree (its memory, processes and CPUs).
    public enum TreeLimits: String, Sendable, Equatable, Codable {
        /// A cgroup v2 group: `memory.max`, `memory.swap.max` 0, `pids.max`, `cpu.max`.
        case cgroupV2 = "cgroup v2"
        /// cgroup v1 groups: `memory.limit_in_bytes`, and `pids.max` and the CPU quota where
        /// those controllers are mounted.
        case cgroupV1 = "cgroup v1"
        /// No cgroup: per-process rlimits only (`RLIMIT_AS` for memory, `RLIMIT_NPROC` for
        /// processes when the worker has a uid of its own, `RLIMIT_FSIZE`, `RLIMIT_CPU`); the
        /// tree's memory is bounded by processes × address space, not by ``Limits/treeMemory``.
        case rlimits
    }

    /// Which ``TreeLimits`` a worker started now would get, and why.
    ///
    /// Creates (and removes) a probe group the way a worker's is created: cgroups need this
    /// process to run as root (or a writable, delegated hierarchy) and ``Limits/cgroups``.
    ///
    /// - Parameter limits: The sandbox's limits.
    /// - Returns: The mechanism, and a sentence saying what it enforces or why cgroups are not used.
    public static func treeLimits(limits: Limits = .init()) -> (limits: TreeLimits, detail: String) {
        let fallback = "per-process rlimits only: RLIMIT_AS, RLIMIT_FSIZE \(limits.disk) bytes, RLIMIT_CPU"
            + (isPrivileged ? ", RLIMIT_NPROC \(limits.processes) (a uid per worker)" : "")
        guard limits.cgroups else { return (.rlimits, "cgroups turned off; \(fallback)") }
        guard isPrivileged else {
            return (.rlimits, "not running as root, so no cgroup can be created for the worker; \(fallback)")
        }
        guard let probe = PythonSandboxCgroup.create(limits: limits) else {
            return (.rlimits, "no writable cgroup hierarchy with the memory controller (/sys/fs/cgroup); \(fallback)")
        }
        let version = probe.version
        probe.remove()
        let memory = limits.treeMemory.map { "\($0) bytes" } ?? "unlimited"
        let cpus = limits.cpus.map { "\($0) CPUs" } ?? "no CPU quota"
        return (version, "tree memory \(memory), \(limits.processes) processes, \(cpus)")
    }
}
