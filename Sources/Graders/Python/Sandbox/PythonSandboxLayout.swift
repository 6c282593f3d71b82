import Dispatch
import Foundation
import Synchronization

/// Where an interpreter's files are, so that the sandbox can bind exactly those.
///
/// Found once per interpreter and package list by running the interpreter on the host with
/// ``probeScript`` (which reads `sys`, `sysconfig`, `site` and the installed distributions'
/// metadata; it runs no grader code), then cached for the life of the process.
struct PythonSandboxLayout: Decodable, Sendable, Equatable {
    /// The interpreter's real path (`sys.executable` with symlinks resolved).
    var executable: String
    /// Its standard library directories (`stdlib`, `platstdlib`).
    var stdlib: [String]
    /// The shared library the interpreter links (`libpython3.x.so.1.0`), if it is one.
    var libraries: [String]
    /// Site directories: each becomes an empty read-only directory with only allowed packages.
    var siteDirectories: [String]
    /// Files and directories of the allowed packages and their dependencies, each at the top
    /// level of a site directory.
    var packages: [String]
    /// Allowed distributions that are not installed.
    var missing: [String]

    /// Probes by interpreter and package list; concurrent first uses share one probe.
    private static let cache = Mutex<[String: Task<PythonSandboxLayout, any Error>]>([:])

    /// The layout of `executable` with `packages`, probed on first use.
    ///
    /// - Throws: ``PythonGraderRunnerError`` (`workerStartFailed`) when the probe fails (and the
    ///   next call probes again).
    static func probe(executable: URL, packages: [String], environment: [String: String]) async throws -> PythonSandboxLayout {
        let key = ([executable.path] + packages).joined(separator: "\u{0}")
        let probe = cache.withLock { probes in
            if let running = probes[key] { return running }
            let task = Task { try await run(executable: executable, packages: packages, environment: environment) }
            probes[key] = task
            return task
        }
        do {
            return try await probe.value
        } catch {
            cache.withLock { probes in _ = probes.removeValue(forKey: key) }
            throw error
        }
    }

    private static func run(executable: URL, packages: [String], environment: [String: String]) async throws -> PythonSandboxLayout {
        let arguments = ["-s", "-c", probeScript, String(decoding: try JSONEncoder().encode(packages), as: UTF8.self)]
        let (status, output, errors) = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = executable
                process.arguments = arguments
                process.environment = environment
                let out = Pipe(), err = Pipe()
                process.standardOutput = out
                process.standardError = err
                process.standardInput = FileHandle.nullDevice
                do {
                    try process.run()
                    // stderr on a thread of its own, so that neither pipe can fill up and block the probe.
                    let errorData = Mutex(Data())
                    let group = DispatchGroup()
                    DispatchQueue.global().async(group: group) {
                        let data = err.fileHandleForReading.readDataToEndOfFile()
                        errorData.withLock { $0 = data }
                    }
                    let data = out.fileHandleForReading.readDataToEndOfFile()
                    group.wait()
                    process.waitUntilExit()
                    continuation.resume(returning: (process.terminationStatus, data, errorData.withLock { $0 }))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
        guard status == 0, let layout = try? JSONDecoder().decode(PythonSandboxLayout.self, from: output) else {
            throw PythonGraderRunnerError(
                .workerStartFailed,
                "Could not find the files of \(executable.path) for the python grader sandbox (exit status \(status)): "
                    + String(decoding: errors.suffix(2000), as: UTF8.self))
        }
        return layout
    }

    /// The probe, run as `python3 -s -c <script> <packages JSON>`; prints the layout as JSON.
    static let probeScript = #"""
        import json, os, re, site, sys, sysconfig
        from importlib import metadata

        def norm(name):
            return re.sub(r"[-_.]+", "-", name).lower()

        wanted = [norm(n) for n in json.loads(sys.argv[1])]
        real = os.path.realpath
        stdlib = sorted({real(sysconfig.get_paths()[k]) for k in ("stdlib", "platstdlib")})
        sites = []
        for path in site.getsitepackages() + [sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]:
            if os.path.isdir(path) and real(path) not in sites:
                sites.append(real(path))
        libraries = []
        libdir, soname = sysconfig.get_config_var("LIBDIR"), sysconfig.get_config_var("INSTSONAME")
        if libdir and soname and os.path.exists(os.path.join(libdir, soname)) and sysconfig.get_config_var("Py_ENABLE_SHARED"):
            libraries.append(real(os.path.join(libdir, soname)))
        installed = {}
        for dist in metadata.distributions():
            name = dist.metadata["Name"]
            if name and norm(name) not in installed:
                installed[norm(name)] = dist
        packages, missing, seen, queue = set(), [], set(), list(wanted)
        while queue:
            name = queue.pop()
            if name in seen:
                continue
            seen.add(name)
            dist = installed.get(name)
            if dist is None:
                if name in wanted:
                    missing.append(name)
                continue
            root = real(str(dist.locate_file("")))
            if root not in sites:
                continue
            for file in dist.files or ():
                parts = file.parts
                if parts and parts[0] not in ("..", "__pycache__") and not parts[0].endswith(".pth"):
                    packages.add(os.path.join(root, parts[0]))
            for requirement in dist.requires or ():
                spec, _, marker = requirement.partition(";")
                if "extra" in marker:
                    continue
                match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", spec)
                if match:
                    queue.append(norm(match.group(1)))
        print(json.dumps({
            "executable": real(sys.executable), "stdlib": stdlib, "libraries": libraries,
            "siteDirectories": sites, "packages": sorted(p for p in packages if os.path.exists(p)),
            "missing": sorted(missing),
        }))
        """#
}
