import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A control group for one sandboxed worker's process tree: its memory, process count and CPU
/// quota, enforced by the kernel across every process of the tree.
///
/// cgroup v2 is used when `/sys/fs/cgroup` is a unified hierarchy that lets this process create
/// a child group with the `memory` controller; otherwise the v1 `memory` (required), `pids` and
/// `cpu` hierarchies under `/sys/fs/cgroup/<controller>`. Creating groups needs root (or a
/// delegated subtree); where it is not possible ``create(limits:)`` returns `nil` and the
/// sandbox relies on per-process rlimits. The worker joins the group before `bwrap` starts
/// (``PythonWorkerLaunch/launcherScript``), so every process of the sandbox is in it.
final class PythonSandboxCgroup: Sendable {
    /// The group's directories, one per hierarchy.
    let directories: [String]
    /// Which cgroup version the group is in.
    let version: PythonSandbox.TreeLimits
    /// The file whose `oom_kill N` line counts the kernel's out-of-memory kills in the group.
    private let oomFile: String
    private let removed = Atomic<Bool>(false)

    private init(directories: [String], oomFile: String, version: PythonSandbox.TreeLimits) {
        self.directories = directories
        self.version = version
        self.oomFile = oomFile
    }

    /// The `cgroup.procs` files the launcher writes its process id to.
    var procsFiles: [String] { directories.map { $0 + "/cgroup.procs" } }

    /// How many processes of the group the kernel's out-of-memory killer has killed.
    var oomKillCount: Int {
        guard let text = try? String(contentsOfFile: oomFile, encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("oom_kill ") {
            return Int(line.dropFirst("oom_kill ".count)) ?? 0
        }
        return 0
    }

    /// Kills whatever is left in the group and removes it, on a background thread (the kernel
    /// refuses to remove a group until its processes are gone).
    func remove() {
        guard !removed.exchange(true, ordering: .relaxed) else { return }
        let directories = directories
        Thread {
            for _ in 0..<250 {
                var remaining = false
                for directory in directories where FileManager.default.fileExists(atPath: directory) {
                    if let procs = try? String(contentsOfFile: directory + "/cgroup.procs", encoding: .utf8) {
                        for pid in procs.split(separator: "\n").compactMap({ Int32($0) }) where pid > 0 { kill(pid, SIGKILL) }
                    }
                    if rmdir(directory) != 0 && errno != ENOENT { remaining = true }
                }
                if !remaining { return }
                usleep(20_000)
            }
        }.start()
    }

    deinit {
        remove()
    }

    private static let serial = Atomic<Int>(0)

    /// A new group with `limits`, or `nil` where this process cannot create one.
    static func create(limits: PythonSandbox.Limits) -> PythonSandboxCgroup? {
        let name = "rftsim-python-\(getpid())-\(serial.add(1, ordering: .relaxed).newValue)"
        return createV2(name: name, limits: limits) ?? createV1(name: name, limits: limits)
    }

    private static func createV2(name: String, limits: PythonSandbox.Limits) -> PythonSandboxCgroup? {
        let root = "/sys/fs/cgroup"
        guard let controllers = try? String(contentsOfFile: root + "/cgroup.controllers", encoding: .utf8),
              controllers.split(separator: " ").contains(where: { $0.hasPrefix("memory") }),
              let own = ownPath(hierarchy: { $0 == "0" })
        else { return nil }
        // v2 forbids processes in a group whose children have controllers, so our groups go in
        // a sibling of this process's group, "rftsim-python", whose parent delegates them.
        let container = own == "/" ? root : URL(fileURLWithPath: root + own).deletingLastPathComponent().path
        let parent = container + "/rftsim-python"
        mkdir(parent, 0o755)
        _ = writeFile("+memory +pids +cpu", to: container + "/cgroup.subtree_control")
        _ = writeFile("+memory +pids +cpu", to: parent + "/cgroup.subtree_control")
        removeStaleGroups(in: parent)
        let directory = parent + "/" + name
        guard mkdir(directory, 0o755) == 0 else { return nil }
        let group = PythonSandboxCgroup(directories: [directory], oomFile: directory + "/memory.events", version: .cgroupV2)
        guard writeFile(limits.treeMemory.map(String.init) ?? "max", to: directory + "/memory.max") else {
            group.remove()
            return nil
        }
        _ = writeFile("0", to: directory + "/memory.swap.max")
        _ = writeFile(String(limits.processes), to: directory + "/pids.max")
        if let cpus = limits.cpus { _ = writeFile("\(Int(cpus * 100_000)) 100000", to: directory + "/cpu.max") }
        return group
    }

    private static func createV1(name: String, limits: PythonSandbox.Limits) -> PythonSandboxCgroup? {
        func directory(for controller: String) -> String? {
            let mount = "/sys/fs/cgroup/" + controller
            guard FileManager.default.fileExists(atPath: mount + "/cgroup.procs") else { return nil }
            var parent = mount
            if let own = ownPath(hierarchy: { $0.split(separator: ",").contains(Substring(controller)) }), own != "/",
               FileManager.default.fileExists(atPath: mount + own) {
                parent = mount + own
            }
            removeStaleGroups(in: parent)
            let path = parent + "/" + name
            return mkdir(path, 0o755) == 0 ? path : nil
        }
        guard let memory = directory(for: "memory") else { return nil }
        var directories = [memory]
        guard writeFile(limits.treeMemory.map(String.init) ?? "-1", to: memory + "/memory.limit_in_bytes") else {
            rmdir(memory)
            return nil
        }
        _ = writeFile("0", to: memory + "/memory.swappiness")
        if let pids = directory(for: "pids") {
            directories.append(pids)
            _ = writeFile(String(limits.processes), to: pids + "/pids.max")
        }
        if let cpus = limits.cpus, let cpu = directory(for: "cpu") {
            directories.append(cpu)
            _ = writeFile("100000", to: cpu + "/cpu.cfs_period_us")
            _ = writeFile(String(Int(cpus * 100_000)), to: cpu + "/cpu.cfs_quota_us")
        }
        return PythonSandboxCgroup(directories: directories, oomFile: memory + "/memory.oom_control", version: .cgroupV1)
    }

    /// Removes the empty groups that processes which have since exited left in `parent` (a
    /// process that exits without shutting its runners down cannot remove them itself).
    private static func removeStaleGroups(in parent: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent) else { return }
        for name in names where name.hasPrefix("rftsim-python-") {
            let owner = name.dropFirst("rftsim-python-".count).split(separator: "-").first.flatMap { pid_t($0) }
            if let owner, owner != getpid(), kill(owner, 0) != 0, errno == ESRCH {
                rmdir(parent + "/" + name)
            }
        }
    }

    /// This process's group in the hierarchy whose `/proc/self/cgroup` field matches.
    private static func ownPath(hierarchy matches: (Substring) -> Bool) -> String? {
        guard let text = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            if fields.count == 3, fields[0] == "0" ? matches("0") && fields[1].isEmpty : matches(fields[1]) {
                return String(fields[2])
            }
        }
        return nil
    }

    private static func writeFile(_ text: String, to path: String) -> Bool {
        let descriptor = open(path, O_WRONLY)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        return Array(text.utf8).withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) } == text.utf8.count
    }
}
