import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension PythonWorkerProcess {
    /// A spawned child: its process id and this side of its three pipes.
    struct Spawned {
        var processIdentifier: pid_t
        /// Write end of the child's stdin.
        var request: Int32
        /// Read end of the child's stdout.
        var response: Int32
        /// Read end of the child's stderr.
        var errors: Int32
        /// A second read end of the child's stdin (see ``PythonWorkerProcess``).
        var spare: Int32
    }

    /// Starts `executable` with `arguments` in `environment` with `posix_spawn`, its stdio on
    /// three new pipes, in a process group of its own, with every signal at its default action
    /// and none blocked, and with no other descriptor of this process.
    ///
    /// Foundation's `Process` is not used because it leaves one end of a socket pair open in the
    /// child and takes data or end-of-file on it as the child's exit (then waits for it,
    /// blocking the thread that reports every `Process`'s exit): a grader must not hold that.
    ///
    /// - Throws: `POSIXError` when a pipe cannot be made or the child cannot be spawned.
    static func spawn(executable: URL, arguments: [String], environment: [String: String]) throws -> Spawned {
        var stdin: [Int32] = [-1, -1], stdout: [Int32] = [-1, -1], stderr: [Int32] = [-1, -1]
        var opened: [Int32] = []
        func fail(_ code: Int32) -> POSIXError {
            for descriptor in opened { close(descriptor) }
            return POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
        for index in 0..<3 {
            var pair: [Int32] = [-1, -1]
            guard makePipe(&pair) == 0 else { throw fail(errno) }
            opened += pair
            switch index {
            case 0: stdin = pair
            case 1: stdout = pair
            default: stderr = pair
            }
        }
        let spare = fcntl(stdin[0], F_DUPFD_CLOEXEC, 0)
        guard spare >= 0 else { throw fail(errno) }
        opened.append(spare)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdout[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderr[1], 2)
        // Descriptors this process opened without O_CLOEXEC must not reach the child either.
        if let closeFrom = Self.closeFrom {
            _ = closeFrom(&actions, 3)
        } else {
            // glibc reports a failed close action only for descriptors out of range, so one that
            // another thread closes meanwhile does no harm.
            let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
            for descriptor in open.compactMap(Int32.init) where descriptor > 2 {
                posix_spawn_file_actions_addclose(&actions, descriptor)
            }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)

        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable.path, &actions, &attributes, argv, envp)
        guard result == 0 else { throw fail(result) }
        close(stdin[0])
        close(stdout[1])
        close(stderr[1])
        return Spawned(processIdentifier: pid, request: stdin[1], response: stdout[0], errors: stderr[0], spare: spare)
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34) and `pipe2`, which Swift's Glibc
    /// module does not declare (they need `_GNU_SOURCE`).
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    private static let closeFrom: CloseFrom? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np")
        .map { unsafeBitCast($0, to: CloseFrom.self) }
    private static let pipe2: Pipe2? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2").map { unsafeBitCast($0, to: Pipe2.self) }

    /// A pipe whose both ends close on exec, atomically where `pipe2` exists.
    private static func makePipe(_ pair: inout [Int32]) -> Int32 {
        if let pipe2 { return pipe2(&pair, O_CLOEXEC) }
        guard pipe(&pair) == 0 else { return -1 }
        for descriptor in pair { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return 0
    }

    /// Waits for `pid` on a thread of its own and records how it ended in `state`.
    static func reap(_ pid: pid_t, into state: State) {
        Thread {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 {
                guard errno == EINTR else {
                    state.markExited(signal: nil, code: -1)
                    return
                }
            }
            if status & 0x7F == 0 {
                state.markExited(signal: nil, code: (status >> 8) & 0xFF)
            } else {
                state.markExited(signal: status & 0x7F, code: 0)
            }
        }.start()
    }
}
