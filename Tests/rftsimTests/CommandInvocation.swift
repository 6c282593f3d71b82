import ArgumentParser
import Testing

@testable import rftsim

/// Runs `rftsim` commands in process, as `main` would: parse, then run.
enum CommandInvocation {
    /// Runs `rftsim ARGUMENTS`.
    static func run(_ arguments: [String]) async throws {
        let command = try RFTSim.parseAsRoot(arguments)
        if var async = command as? any AsyncParsableCommand {
            try await async.run()
        } else {
            var sync = command
            try sync.run()
        }
    }

    /// The error message and exit status `main` would print and return for `rftsim ARGUMENTS`,
    /// which must fail (when parsed or when run); records an issue when it succeeds.
    static func failure(_ arguments: [String]) async -> (message: String, exitCode: Int32) {
        do {
            try await run(arguments)
        } catch {
            return (RFTSim.message(for: error), RFTSim.exitCode(for: error).rawValue)
        }
        Issue.record("rftsim \(arguments.joined(separator: " ")) succeeded")
        return ("", 0)
    }
}
