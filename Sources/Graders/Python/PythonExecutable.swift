import Foundation

/// Finds the Python interpreter the runner starts, the way a shell would.
enum PythonExecutable {
    /// The interpreter for `name`: the file itself when `name` contains a slash, otherwise the
    /// first executable file of that name in the directories of `PATH`.
    ///
    /// Foundation's `Process` needs a path, and a missing interpreter must be a clear error
    /// rather than a failed spawn, so the lookup happens here.
    ///
    /// - Parameters:
    ///   - name: `python3`, or a path such as `/usr/bin/python3`.
    ///   - environment: the environment whose `PATH` is searched.
    /// - Returns: the interpreter's file URL.
    /// - Throws: ``PythonGraderRunnerError`` with code `pythonNotFound`, saying how to install
    ///   Python or point the configuration at it.
    static func locate(_ name: String, environment: [String: String]) throws -> URL {
        if name.contains("/") {
            if isExecutableFile(name) { return URL(fileURLWithPath: name) }
            throw PythonGraderRunnerError(
                .pythonNotFound,
                "The Python interpreter \(name) does not exist or is not executable. \(installHint)")
        }
        let searchPath = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        // An empty PATH entry means the working directory to a shell; a grader runner should
        // not pick up an interpreter from wherever it happens to be started, so skip those.
        for directory in searchPath.split(separator: ":") where directory.hasPrefix("/") {
            let candidate = "\(directory)/\(name)"
            if isExecutableFile(candidate) { return URL(fileURLWithPath: candidate) }
        }
        throw PythonGraderRunnerError(
            .pythonNotFound,
            "\(name) was not found on PATH (\(searchPath)). \(installHint)")
    }

    private static let installHint = """
        Python graders run their code in a python3 worker process: install Python 3.8 or later \
        (Debian/Ubuntu: `sudo apt-get install python3`; macOS: `brew install python`), or set \
        PythonGraderRunner.Configuration.executable to the interpreter's path.
        """

    private static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }
}
