import Dispatch
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A `python3` child process that answers newline-terminated requests on its stdin with
/// newline-terminated replies on its stdout.
///
/// The grading worker and the one-shot source checker are both such processes. This type owns
/// the process and its pipes and does all blocking I/O away from Swift's cooperative thread
/// pool: an ``exchange(_:timeout:)`` runs on the process's own serial dispatch queue, where it
/// writes the request and then polls for one reply line until a deadline. A dedicated thread
/// drains the child's stderr into a bounded tail kept for crash reports, so that a chatty child
/// can never block on a full pipe.
///
/// The child is spawned (``spawn(executable:arguments:environment:)``) in a process group of its
/// own with no descriptor but its three pipes, so ``terminate()`` can kill whatever the child
/// started as well, and no sibling process holds this child's pipes open.
final class PythonWorkerProcess: @unchecked Sendable {
    // @unchecked: the descriptors and `buffer` are only used on `queue` (or in deinit, when no
    // exchange can be running); `state` and `stderrTail` lock themselves.

    /// The outcome of one ``exchange(_:timeout:)``.
    enum Reply: Sendable, Equatable {
        /// One reply line, without its newline.
        case line([UInt8])
        /// No full line arrived before the deadline.
        case timedOut
        /// The child closed its stdout or exited before a full line arrived.
        case exited
        /// The calling task was cancelled; the child's state is unknown and it should be retired.
        case cancelled
        /// Before the request was written, the child had already written something nobody asked
        /// for (a reply forged by user code, or a late one): it cannot be trusted any more. The
        /// request was not sent.
        case unsolicited
    }

    /// The child's process identifier, which is also its process group's.
    let processIdentifier: Int32
    private let requestDescriptor: Int32
    private let responseDescriptor: Int32
    /// A second read end of the child's stdin, so that writing to a dead child does not raise
    /// SIGPIPE, whose default action would kill this whole process.
    private let spareReadDescriptor: Int32
    private let queue: DispatchQueue
    private let state: State
    private let stderrTail: OutputTail
    private var buffer: [UInt8] = []
    private var isClosed = false
    /// The cgroup of the child's tree, removed with the child.
    let cgroup: PythonSandboxCgroup?

    /// Starts `executable` with `arguments` in `environment`.
    ///
    /// - Parameters:
    ///   - executable: the program to run.
    ///   - arguments: its arguments.
    ///   - environment: its whole environment.
    ///   - cgroup: the group the child joins (see ``PythonSandboxCgroup``); it is removed when the
    ///     child is terminated.
    /// - Throws: `POSIXError` when the child cannot be spawned.
    init(executable: URL, arguments: [String], environment: [String: String], cgroup: PythonSandboxCgroup? = nil) throws {
        let spawned = try Self.spawn(executable: executable, arguments: arguments, environment: environment)
        let state = State()
        Self.reap(spawned.processIdentifier, into: state)
        _ = fcntl(spawned.request, F_SETFL, fcntl(spawned.request, F_GETFL) | O_NONBLOCK)
        self.cgroup = cgroup
        self.requestDescriptor = spawned.request
        self.responseDescriptor = spawned.response
        self.spareReadDescriptor = spawned.spare
        self.processIdentifier = spawned.processIdentifier
        self.queue = DispatchQueue(label: "PythonWorkerProcess.\(spawned.processIdentifier)")
        self.state = state
        let tail = OutputTail(limit: 8192)
        self.stderrTail = tail
        let errorDescriptor = spawned.errors
        Thread {
            tail.drain(errorDescriptor)
            close(errorDescriptor)
        }.start()
    }

    deinit {
        killGroup()
        cgroup?.remove()
        closeDescriptors()
    }

    /// Whether the child has exited (and been reaped).
    var hasExited: Bool { state.exitStatus != nil }

    /// The last few kilobytes the child wrote to its stderr.
    var stderrText: String { stderrTail.text }

    /// Writes `request` (possibly empty) and waits for one reply line.
    ///
    /// The deadline covers both the write and the wait. Cancelling the calling task makes the
    /// exchange return ``Reply/cancelled`` within about 100 ms.
    ///
    /// - Parameters:
    ///   - request: the request bytes, newline included; empty to read without writing.
    ///   - timeout: how long the whole exchange may take.
    /// - Returns: the reply line, or why there is none.
    func exchange(_ request: [UInt8], timeout: Duration) async -> Reply {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        let exchange = state.beginExchange()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                queue.async {
                    continuation.resume(returning: self.blockingExchange(request, exchange: exchange, deadline: deadline))
                }
            }
        } onCancel: {
            state.cancel(exchange)
        }
    }

    /// Kills the child and its process group with SIGKILL and closes the pipes.
    ///
    /// Graders have nothing worth cleaning up, and a stuck one may ignore gentler signals.
    func terminate() {
        killGroup()
        cgroup?.remove()
        queue.async { self.closeDescriptors() }
    }

    private func killGroup() {
        guard processIdentifier > 0 else { return }  // kill(0) and kill(-0) would hit this process's group
        // The group first, so that the user's own child processes go too; it outlives a reaped
        // leader as long as any member lives, so its number cannot have been reused.
        kill(-processIdentifier, SIGKILL)
        // The leader only while it is unreaped, so that its number cannot belong to another process.
        if state.exitStatus == nil { kill(processIdentifier, SIGKILL) }
    }

    /// Waits up to `timeout` for the child to be reaped.
    ///
    /// - Returns: how the child ended, or `nil` if it is still running.
    func waitForExit(timeout: Duration) async -> ExitStatus? {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            if let status = state.exitStatus { return status }
            if ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    private func closeDescriptors() {
        guard !isClosed else { return }
        isClosed = true
        close(requestDescriptor)
        close(responseDescriptor)
        close(spareReadDescriptor)
    }

    // MARK: - Blocking I/O, on `queue`

    private func blockingExchange(_ request: [UInt8], exchange: Int, deadline: ContinuousClock.Instant) -> Reply {
        guard !isClosed else { return .exited }
        if !request.isEmpty {
            var pending = pollfd(fd: responseDescriptor, events: Int16(POLLIN), revents: 0)
            if !buffer.isEmpty || (poll(&pending, 1, 0) > 0 && pending.revents & Int16(POLLIN) != 0) { return .unsolicited }
        }
        var offset = 0
        while offset < request.count {
            let written = request.withUnsafeBytes { write(requestDescriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written > 0 {
                offset += written
            } else if written < 0 && (errno == EAGAIN || errno == EINTR) {
                if let stop = wait(for: Int16(POLLOUT), on: requestDescriptor, exchange: exchange, until: deadline) { return stop }
            } else {
                return .exited
            }
        }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                return .line(line)
            }
            if let stop = wait(for: Int16(POLLIN), on: responseDescriptor, exchange: exchange, until: deadline) { return stop }
            let count = chunk.withUnsafeMutableBytes { read(responseDescriptor, $0.baseAddress!, $0.count) }
            if count > 0 {
                buffer += chunk[..<count]
            } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                return .exited
            }
        }
    }

    /// Polls `descriptor` in slices of at most 100 ms, checking for cancellation and exit between
    /// slices. Returns `nil` when the descriptor is ready (or hung up: the next read or write
    /// says which), otherwise the reason to stop.
    private func wait(
        for events: Int16, on descriptor: Int32, exchange: Int, until deadline: ContinuousClock.Instant
    ) -> Reply? {
        while true {
            if state.isCancelled(exchange) { return .cancelled }
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero { return .timedOut }
            let slice = min(remaining, .milliseconds(100))
            let milliseconds = Int32(slice.components.seconds * 1000 + slice.components.attoseconds / 1_000_000_000_000_000) + 1
            var request = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&request, 1, milliseconds)
            if ready > 0 { return nil }
            if ready < 0 && errno != EINTR { return .exited }
            // Normally a dead child's pipe reports end-of-file at once; this covers a grandchild
            // that kept a copy of the pipe open.
            if ready == 0 && state.exitStatus != nil { return .exited }
        }
    }
}
