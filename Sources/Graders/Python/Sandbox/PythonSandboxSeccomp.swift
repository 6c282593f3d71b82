import Foundation
import Synchronization

/// The seccomp filter of the sandbox: a classic BPF program that bubblewrap installs
/// (`--seccomp FD`) before it runs the worker.
///
/// It refuses (`EPERM`) the system calls a grader has no use for and that widen the kernel's
/// attack surface or reach outside the namespaces: `mount` and the new mount API, `pivot_root`,
/// `chroot`, `unshare`, `setns` and `clone` with namespace flags, `ptrace`,
/// `process_vm_readv`/`writev`, the keyring, `bpf`, `perf_event_open`, `userfaultfd`, `io_uring`,
/// module loading, `kexec`, `reboot`, `swapon`, `acct`, `quotactl`, file handles, `iopl`/`ioperm`.
/// `clone3` answers `ENOSYS`, so that the C library falls back to `clone`, whose flags the filter
/// can read. The x32 ABI is refused and another architecture is killed. Only x86-64 has a
/// program; elsewhere ``program`` is `nil` and the sandbox has no filter.
enum PythonSandboxSeccomp {
    /// One `struct sock_filter` instruction, with jump targets still symbolic.
    private enum Instruction {
        case load(offset: UInt32)
        case jumpIfEqual(UInt32, then: String?, else: String?)
        case jumpIfAtLeast(UInt32, then: String)
        case jumpIfAnyBit(UInt32, then: String, else: String)
        case label(String)
        case ret(UInt32)
    }

    /// The filter as bytes for `--seccomp`, or `nil` on an architecture without one.
    static let program: [UInt8]? = {
        #if arch(x86_64)
        return assemble(x86Program)
        #else
        return nil
        #endif
    }()

    /// x86-64 system call numbers the filter refuses.
    private static let refused: [UInt32] = [
        101,  // ptrace
        155, 161, 165, 166,  // pivot_root, chroot, mount, umount2
        163, 167, 168, 169, 170, 171, 172, 173,  // acct, swapon, swapoff, reboot, sethostname, setdomainname, iopl, ioperm
        175, 176, 313,  // init_module, delete_module, finit_module
        179, 212,  // quotactl, lookup_dcookie
        246, 320,  // kexec_load, kexec_file_load
        248, 249, 250,  // add_key, request_key, keyctl
        272, 308,  // unshare, setns
        298, 321, 323,  // perf_event_open, bpf, userfaultfd
        303, 304,  // name_to_handle_at, open_by_handle_at
        310, 311,  // process_vm_readv, process_vm_writev
        425, 426, 427,  // io_uring_setup, io_uring_enter, io_uring_register
        428, 429, 430, 431, 432, 433, 442,  // open_tree, move_mount, fsopen, fsconfig, fsmount, fspick, mount_setattr
    ]

    /// CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET.
    private static let namespaceFlags: UInt32 = 0x0002_0000 | 0x0200_0000 | 0x0400_0000 | 0x0800_0000 | 0x1000_0000 | 0x2000_0000 | 0x4000_0000

    private static let x86Program: [Instruction] = {
        var program: [Instruction] = [
            .load(offset: 4),  // seccomp_data.arch
            .jumpIfEqual(0xC000_003E, then: nil, else: "kill"),  // AUDIT_ARCH_X86_64
            .load(offset: 0),  // seccomp_data.nr
            .jumpIfAtLeast(0x4000_0000, then: "refuse"),  // the x32 ABI
        ]
        program += refused.map { .jumpIfEqual($0, then: "refuse", else: nil) }
        program += [
            .jumpIfEqual(435, then: "unsupported", else: nil),  // clone3
            .jumpIfEqual(56, then: nil, else: "allow"),  // clone
            .load(offset: 16),  // low word of args[0]: the flags
            .jumpIfAnyBit(namespaceFlags, then: "refuse", else: "allow"),
            .label("allow"), .ret(0x7FFF_0000),  // SECCOMP_RET_ALLOW
            .label("refuse"), .ret(0x0005_0000 | 1),  // SECCOMP_RET_ERRNO | EPERM
            .label("unsupported"), .ret(0x0005_0000 | 38),  // SECCOMP_RET_ERRNO | ENOSYS
            .label("kill"), .ret(0x8000_0000),  // SECCOMP_RET_KILL_PROCESS
        ]
        return program
    }()

    /// Resolves labels into forward jump offsets and encodes `struct sock_filter` (little-endian).
    private static func assemble(_ program: [Instruction]) -> [UInt8] {
        var labels: [String: Int] = [:]
        var index = 0
        for instruction in program {
            if case .label(let name) = instruction { labels[name] = index } else { index += 1 }
        }
        var bytes: [UInt8] = []
        index = 0
        func offset(_ label: String?) -> UInt8 {
            guard let label, let target = labels[label] else { return 0 }
            return UInt8(target - index - 1)
        }
        func emit(_ code: UInt16, _ jumpTrue: UInt8, _ jumpFalse: UInt8, _ k: UInt32) {
            bytes += [UInt8(code & 0xFF), UInt8(code >> 8), jumpTrue, jumpFalse]
            bytes += [UInt8(k & 0xFF), UInt8((k >> 8) & 0xFF), UInt8((k >> 16) & 0xFF), UInt8(k >> 24)]
            index += 1
        }
        for instruction in program {
            switch instruction {
            case .label: continue
            case .load(let at): emit(0x20, 0, 0, at)  // BPF_LD | BPF_W | BPF_ABS
            case .jumpIfEqual(let k, let then, let otherwise): emit(0x15, offset(then), offset(otherwise), k)  // BPF_JMP | BPF_JEQ | BPF_K
            case .jumpIfAtLeast(let k, let then): emit(0x35, offset(then), 0, k)  // BPF_JMP | BPF_JGE | BPF_K
            case .jumpIfAnyBit(let k, let then, let otherwise): emit(0x45, offset(then), offset(otherwise), k)  // BPF_JMP | BPF_JSET | BPF_K
            case .ret(let k): emit(0x06, 0, 0, k)  // BPF_RET | BPF_K
            }
        }
        return bytes
    }

    private static let written = Mutex<String?>(nil)

    /// A file holding ``program``, or `nil` without a program.
    ///
    /// The launcher opens it as the descriptor bwrap reads. Named after its content, so processes share it and nothing
    /// accumulates; written atomically once per process.
    ///
    /// - Throws: the error of writing the file.
    static func programFile() throws -> String? {
        guard let program else { return nil }
        return try written.withLock { path in
            if let path { return path }
            let hash = program.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("rftsim-python-seccomp-\(String(hash, radix: 16)).bpf")
            if (try? Data(contentsOf: file)) != Data(program) {
                try Data(program).write(to: file, options: .atomic)
            }
            path = file.path
            return file.path
        }
    }
}
