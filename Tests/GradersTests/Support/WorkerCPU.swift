import Foundation

/// The CPU time a process and its descendants have used, read from `/proc`: evidence that a
/// python worker is running user code, so tests wait for an event rather than for a duration.
enum WorkerCPU {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Clock ticks (1/100 s on Linux) of CPU that only spinning user code accounts for: the idle
    /// worker waits on a pipe and uses none.
    static let spinningTicks = 20

    /// User plus system ticks of `pid` and every live descendant, plus what reaped children used.
    static func ticks(ofTree pid: Int32) throws -> Int {
        var parents: [Int32: Int32] = [:]
        var usage: [Int32: Int] = [:]
        let entries = try FileManager.default.contentsOfDirectory(atPath: "/proc")
        for entry in entries {
            guard let process = Int32(entry), let fields = stat(of: process) else { continue }
            parents[process] = Int32(fields[1])
            // Fields after the command: state ppid … utime(11) stime(12) cutime(13) cstime(14).
            usage[process] = [11, 12, 13, 14].compactMap { Int(fields[$0]) }.reduce(0, +)
        }
        guard usage[pid] != nil else { throw Failure(description: "process \(pid) is not running") }
        func isInTree(_ process: Int32) -> Bool {
            var current = process
            for _ in 0..<64 {
                if current == pid { return true }
                guard let parent = parents[current], parent > 1 else { return false }
                current = parent
            }
            return false
        }
        return usage.filter { isInTree($0.key) }.values.reduce(0, +)
    }

    /// Polls until the tree of `pid` has used more than `ticks`, for at most `limit`.
    static func waitUntil(pid: Int32, exceeds ticks: Int, limit: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + limit
        while try Self.ticks(ofTree: pid) <= ticks {
            guard ContinuousClock.now < deadline else {
                throw Failure(description: "the worker \(pid) did not start running user code within \(limit)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// The fields of `/proc/<pid>/stat` after the command name (which may hold spaces).
    private static func stat(of pid: Int32) -> [Substring]? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        return fields.count > 14 ? fields : nil
    }
}
