import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A progress line on stderr for `rftsim run` and `rftsim sweep`: on a terminal one line redrawn
/// in place (at most ten times a second, and always at the end); otherwise a plain line each time
/// another tenth of the work is done, so a CI log gets about ten. Safe to call from several tasks.
final class ProgressPrinter: @unchecked Sendable {
    private let enabled: Bool
    private let terminal = isatty(STDERR_FILENO) == 1
    private let lock = NSLock()
    private var lastDraw = Date.distantPast
    private var lastTenth = -1
    private var drawn = false

    init(enabled: Bool) { self.enabled = enabled }

    /// Shows `line` for `done` of `total` units of work (steps, runs).
    func show(_ line: @autoclosure () -> String, done: Int, total: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        if terminal {
            guard done >= total || Date().timeIntervalSince(lastDraw) >= 0.1 else { return }
            lastDraw = Date()
            FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line()).utf8))
            drawn = true
        } else {
            let tenth = total > 0 ? min(done, total) * 10 / total : 10
            guard tenth != lastTenth else { return }
            lastTenth = tenth
            FileHandle.standardError.write(Data((line() + "\n").utf8))
        }
    }

    /// Ends a line drawn in place, so what follows starts on its own line.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
        drawn = false
    }
}
