import Dispatch
import Foundation

extension PythonSandbox {
    /// Why python graders would be refused here, or `nil` when the sandbox works.
    ///
    /// Looks for bubblewrap and starts it once with the namespaces a worker gets (`bwrap …
    /// --ro-bind / / true`), so that a server can say at start-up, not at the first python
    /// grader, that they will be refused.
    ///
    /// - Parameter limits: where to find bubblewrap (``Limits/bubblewrap``).
    /// - Returns: the message a refused call would carry (what failed and how to fix it), or `nil`.
    public static func availabilityProblem(limits: Limits = .init()) async -> String? {
        let bubblewrap: URL
        do {
            bubblewrap = try PythonExecutable.locate(limits.bubblewrap, environment: ProcessInfo.processInfo.environment)
        } catch {
            return unavailable("\(limits.bubblewrap) (bubblewrap) was not found").message
        }
        let namespaces = isPrivileged
            ? ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts"]
            : ["--unshare-all", "--unshare-user", "--disable-userns"]
        let arguments = namespaces + ["--die-with-parent", "--new-session", "--ro-bind", "/", "/", "true"]
        let (status, errors) = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = bubblewrap
                process.arguments = arguments
                process.environment = [:]
                let err = Pipe()
                process.standardError = err
                process.standardOutput = FileHandle.nullDevice
                process.standardInput = FileHandle.nullDevice
                do {
                    try process.run()
                } catch {
                    continuation.resume(returning: (Int32(-1), "\(error)"))
                    return
                }
                let data = err.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: (process.terminationStatus, String(decoding: data, as: UTF8.self)))
            }
        }
        guard status != 0 else { return nil }
        let reason = errors.trimmingCharacters(in: .whitespacesAndNewlines)
        return unavailable("\(bubblewrap.path) could not create the sandbox's namespaces (\(reason.isEmpty ? "exit status \(status)" : reason))").message
    }
}
