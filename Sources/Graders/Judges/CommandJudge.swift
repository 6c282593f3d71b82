import Foundation
import Synchronization

/// A judge that runs an external command per request, so a local model can stand in for the
/// grader model.
///
/// The command gets the ``JudgeRequest`` as one JSON object on stdin (keys `task`, `grader`,
/// `model`, `messages`, `range`, `labels`, `item`, `sample`, `referenced_item_fields`) and
/// answers with the grader model's reply text on stdout (e.g. `{"result": 0.7}` or a label).
/// A non-zero exit, a timeout or empty output is a `model_grader_server_error` carrying stderr.
public struct CommandJudge: Judge {
    /// The program and its arguments; the program is looked up on `PATH` when it has no `/`.
    public let command: [String]
    /// Longest a reply may take.
    public let timeout: Duration

    /// Creates a judge that runs `command`.
    ///
    /// - Throws: ``JudgeConfigurationError`` for an empty command.
    public init(command: [String], timeout: Duration = .seconds(60)) throws {
        guard let program = command.first, !program.isEmpty else {
            throw JudgeConfigurationError(message: "the judge command is empty; give a program, e.g. --judge-command 'python3 judge.py'")
        }
        self.command = command
        self.timeout = timeout
    }

    public func reply(to request: JudgeRequest) async throws -> JudgeReply {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let input = try encoder.encode(request)
        let output = try await ExternalCommand.run(command, input: input, timeout: timeout)
        let text = output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else {
            throw JudgeConfigurationError(message: "the judge command \(command.joined(separator: " ")) printed nothing")
        }
        return JudgeReply(text: text)
    }
}

/// Runs a command with input on stdin and returns its stdout, with a timeout.
enum ExternalCommand {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Writing to a pipe whose reader has exited raises SIGPIPE, which by default kills the
    /// whole process; ignore it once, so such a write fails with EPIPE instead.
    private static let ignoringBrokenPipes: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()

    static func run(_ command: [String], input: Data, timeout: Duration) async throws -> String {
        _ = ignoringBrokenPipes
        let process = Process()
        if command[0].contains("/") {
            process.executableURL = URL(fileURLWithPath: command[0])
            process.arguments = Array(command.dropFirst())
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = command
        }
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot start \(command.joined(separator: " ")): \(error.localizedDescription)")
        }
        // Write and read on other threads, so a command that never reads or floods stdout cannot
        // block us; at the deadline, kill it (and what it started) and stop waiting for its output.
        let writer = Thread {
            try? stdin.fileHandleForWriting.write(contentsOf: input)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let description = command.joined(separator: " ")
        let completion = Completion()
        let out = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Data, any Error>) in
            completion.set(continuation)
            DispatchQueue.global().async {
                let out = stdout.fileHandleForReading.readDataToEndOfFile()
                let err = stderr.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                let errorText = String(decoding: err, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                if process.terminationStatus != 0 || process.terminationReason == .uncaughtSignal {
                    completion.finish(.failure(Failure(description: "\(description) exited with status \(process.terminationStatus): \(errorText)")))
                } else {
                    completion.finish(.success(out))
                }
            }
            let deadline = DispatchTime.now() + .milliseconds(Int(timeout / .milliseconds(1)))
            DispatchQueue.global().asyncAfter(deadline: deadline) {
                guard process.isRunning else { return }
                kill(-process.processIdentifier, SIGKILL)  // its process group, when it leads one
                process.terminate()
                completion.finish(.failure(Failure(description: "\(description) took longer than \(timeout) and was stopped")))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Resumes a continuation once, from whichever of the reader and the deadline comes first.
    final class Completion: Sendable {
        private let continuation = Mutex<CheckedContinuation<Data, any Error>?>(nil)

        func set(_ continuation: CheckedContinuation<Data, any Error>) {
            self.continuation.withLock { $0 = continuation }
        }

        func finish(_ result: Result<Data, any Error>) {
            let waiting = continuation.withLock { state in
                defer { state = nil }
                return state
            }
            waiting?.resume(with: result)
        }
    }
}
