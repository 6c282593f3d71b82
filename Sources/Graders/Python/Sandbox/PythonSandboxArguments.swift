import Foundation

/// The `bwrap` command line that confines a worker (see ``PythonSandbox``).
struct PythonSandboxArguments {
    /// The options before the interpreter's path.
    private(set) var options: [String] = []
    /// Directories created so far, and paths bound read-only (nothing is created below those).
    private var created: Set<String> = ["/"]
    private var bound: [String] = []

    /// The options for `layout` under `limits`.
    ///
    /// - Parameters:
    ///   - layout: the interpreter's files.
    ///   - limits: the sandbox's limits (the `/tmp` size).
    ///   - environment: the only variables the worker sees.
    ///   - privileged: whether bwrap runs as root: then it keeps `CAP_SETUID` and `CAP_SETGID`
    ///     (and nothing else) for the worker to switch to its own uid, and creates no user
    ///     namespace; otherwise it creates one, as an unprivileged bwrap must, and forbids nested ones.
    ///   - seccompDescriptor: the descriptor bwrap reads ``PythonSandboxSeccomp/program`` from, if any.
    init(
        layout: PythonSandboxLayout, limits: PythonSandbox.Limits, environment: [String: String], privileged: Bool,
        seccompDescriptor: Int32? = nil
    ) {
        if privileged {
            options += ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]
            options += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
        } else {
            options += ["--unshare-all", "--unshare-user", "--disable-userns"]
        }
        options += ["--die-with-parent", "--new-session", "--clearenv", "--chdir", "/tmp"]
        if let seccompDescriptor { options += ["--seccomp", String(seccompDescriptor)] }
        for (name, value) in environment.sorted(by: { $0.key < $1.key }) {
            options += ["--setenv", name, value]
        }
        // The host's shared libraries, and /lib and /lib64 as the host has them (symlinks on
        // merged-/usr systems).
        for directory in ["/usr/lib", "/usr/lib64", "/usr/lib32"] where Self.isDirectory(directory) {
            bind(directory)
        }
        for directory in ["/lib", "/lib64"] {
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: directory) {
                options += ["--symlink", target, directory]
            } else if Self.isDirectory(directory) {
                bind(directory)
            }
        }
        for path in [layout.executable] + layout.libraries + layout.stdlib where !isBound(path) {
            bind(path)
        }
        // Each site directory: an empty tmpfs holding only the allowed packages, then read-only.
        for site in layout.siteDirectories {
            makeParents(of: site)
            options += ["--perms", "0755", "--tmpfs", site]
            for package in layout.packages where package.hasPrefix(site + "/") {
                options += ["--ro-bind", package, package]
            }
            options += ["--remount-ro", site]
        }
        options += ["--proc", "/proc", "--dev", "/dev"]
        options += ["--perms", "1777", "--size", String(limits.disk), "--tmpfs", "/tmp"]
    }

    private mutating func bind(_ path: String) {
        makeParents(of: path)
        options += ["--ro-bind", path, path]
        bound.append(path)
    }

    private func isBound(_ path: String) -> Bool {
        bound.contains { path == $0 || path.hasPrefix($0 + "/") }
    }

    /// Creates `path`'s missing ancestors as 0755 directories (bwrap would make them 0700, which
    /// the worker's own uid could not traverse).
    private mutating func makeParents(of path: String) {
        var ancestor = ""
        for component in path.split(separator: "/").dropLast() {
            ancestor += "/" + component
            if isBound(ancestor) { return }
            if created.insert(ancestor).inserted {
                options += ["--perms", "0755", "--dir", ancestor]
            }
        }
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
