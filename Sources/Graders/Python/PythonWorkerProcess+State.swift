import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension PythonWorkerProcess {
    /// How a child process ended.
    struct ExitStatus: Sendable, Equatable, CustomStringConvertible {
        /// The signal that killed the child, or `nil` if it exited by itself.
        var signal: Int32?
        /// The exit status when ``signal`` is `nil`.
        var code: Int32

        var description: String {
            guard let signal else { return "exited with status \(code)" }
            let name = Self.signalNames[signal].map { " (\($0))" } ?? ""
            return "was killed by signal \(signal)\(name)"
        }

        private static let signalNames: [Int32: String] = [
            SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS",
            SIGTERM: "SIGTERM", SIGXCPU: "SIGXCPU", SIGFPE: "SIGFPE", SIGILL: "SIGILL",
        ]
    }

    /// What the termination handler, the cancellation handler and the I/O queue share.
    final class State: @unchecked Sendable {
        // @unchecked: every property is guarded by `lock`.
        private let lock = NSLock()
        private var _exitStatus: ExitStatus?
        private var exchangeCount = 0
        private var cancelledExchange = 0

        var exitStatus: ExitStatus? { lock.withLock { _exitStatus } }

        func markExited(signal: Int32?, code: Int32) {
            lock.withLock { _exitStatus = ExitStatus(signal: signal, code: code) }
        }

        /// Numbers a new exchange, so that a late cancellation of one exchange cannot stop the next.
        func beginExchange() -> Int {
            lock.withLock {
                exchangeCount += 1
                return exchangeCount
            }
        }

        func cancel(_ exchange: Int) {
            lock.withLock { cancelledExchange = exchange }
        }

        func isCancelled(_ exchange: Int) -> Bool {
            lock.withLock { cancelledExchange == exchange }
        }
    }

    /// The last `limit` bytes written to a pipe, read by a thread of its own until end-of-file.
    final class OutputTail: @unchecked Sendable {
        // @unchecked: `bytes` is guarded by `lock`.
        private let lock = NSLock()
        private let limit: Int
        private var bytes: [UInt8] = []

        init(limit: Int) {
            self.limit = limit
        }

        /// The tail as text, invalid UTF-8 repaired.
        var text: String {
            lock.withLock { String(decoding: bytes, as: UTF8.self) }
        }

        /// Reads `descriptor` until end-of-file or an error, keeping the last `limit` bytes.
        func drain(_ descriptor: Int32) {
            var chunk = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return }
                lock.withLock {
                    bytes += chunk[..<count]
                    if bytes.count > limit { bytes.removeFirst(bytes.count - limit) }
                }
            }
        }
    }
}
