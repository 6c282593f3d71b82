// Public only because the conformances at the bottom make library types parseable (Swift 6 needs it).
public import ArgumentParser
import Foundation
import Provider
import Studies

extension RFTSim {
    /// `rftsim validate`: checks a dataset as the provider's `validating_files` step does.
    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Check a fine-tuning dataset exactly as the provider's validating_files step does.",
            discussion: """
                Every problem is printed with its place (FILE:LINE: …, or FILE: … for the whole file), \
                then a one-line verdict with the example count. With --grader, the grader is checked too \
                (GRADER.json: JSON-PATH: …) and every {{item.…}} it reads must be present on every line.

                Exit status: 0 the file is valid; 1 it has problems (or the grader has); 64 usage error \
                (a bad option, or a file that does not exist).
                """
        )

        @Argument(help: ArgumentHelp("The dataset to check, one JSON object per line.", valueName: "FILE.jsonl"))
        var file: String

        @Option(help: "The fine-tuning method, which decides each line's format.")
        var method: FineTuningMethod

        @Option(help: ArgumentHelp("The reinforcement grader whose {{item.…}} reads every line must satisfy.", valueName: "GRADER.json"))
        var grader: String?

        @Option(help: "Which file of the job it is; the example-count limits differ.")
        var role: DatasetRole = .training

        @Flag(help: "Print the report as one JSON object instead of text.")
        var json = false

        func validate() throws {
            guard FileManager.default.fileExists(atPath: file) else {
                throw ValidationError("\(file) does not exist; check the path.")
            }
            if let grader {
                guard method == .reinforcement else {
                    throw ValidationError("--grader applies to --method reinforcement only; drop it for \(method.rawValue) datasets.")
                }
                guard FileManager.default.fileExists(atPath: grader) else {
                    throw ValidationError("--grader \(grader) does not exist; check the path.")
                }
            }
        }

        func run() async throws {
            let check = await report()
            print(json ? String(decoding: check.json, as: UTF8.self) : check.text)
            if !check.isValid { throw ExitCode(1) }
        }

        /// The check, without printing.
        func report() async -> DatasetCheck {
            await DatasetCheck.run(path: file, method: method, role: role, graderPath: grader)
        }
    }
}

// The library's closed sets, as command-line values (help and errors list the choices).
extension FineTuningMethod: ExpressibleByArgument {}
extension DatasetRole: ExpressibleByArgument {}
