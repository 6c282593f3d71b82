import ArgumentParser
import Foundation
import Graders

extension RFTSim {
    /// `rftsim grade`: runs a grader over rows of (item, sample), offline.
    struct Grade: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "grade",
            abstract: "Grade model outputs with an OpenAI grader definition, offline.",
            discussion: """
                Each input line is {"item": {...}, "sample": "<model output text>"}. Each output line, in input \
                order, is that row's result in the shape of POST /v1/fine_tuning/alpha/graders/run. A summary \
                (mean, distribution, error counts) goes to stderr. The grader is validated first; a malformed \
                input line stops the run, naming the line, before anything is graded.

                Exit status: 0 when every row was graded (a row whose grading failed is still a result, with \
                its error flags set), 1 when the grader, the input, the judge or the output file cannot be used \
                (the message says why), 64 for a usage error.
                """
        )

        @Option(help: ArgumentHelp("The grader definition (JSON, as the API takes it).", valueName: "GRADER.json"))
        var grader: String

        @Option(help: ArgumentHelp("Rows to grade, one JSON object per line.", valueName: "ROWS.jsonl"))
        var input: String

        @Option(help: ArgumentHelp("Where to write the results (default: stdout).", valueName: "OUT.jsonl"))
        var output: String?

        @OptionGroup var judge: JudgeOptions

        @Flag(help: "Samples must be JSON, as under a response_format: other samples score 0 with sample_parse_error.")
        var responseFormatJSON = false

        @Flag(help: "Report measured execution_time instead of the simulated, reproducible one.")
        var measureTime = false

        @Option(help: "Rows graded at once.")
        var jobs: Int = 8

        @OptionGroup var python: PythonGraderOptions

        func validate() throws {
            guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs).") }
            try judge.check()
        }

        func run() async throws {
            python.apply()
            let grader = try GraderFile.load(grader)
            let rows = try GraderFile.rows(input)
            let engine = GraderEngine(options: .init(judge: try judge.makeJudge(), measureExecutionTime: measureTime))
            let problems = await GraderValidator.validate(grader, checkPythonSources: true)
            guard problems.isEmpty else {
                throw CommandFailure("\(self.grader) is not a valid grader:\n" + problems.map { "  - \($0)" }.joined(separator: "\n"))
            }
            let sink = try OutputSink(path: output)
            var summary = GradeSummary()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let requiresJSON = responseFormatJSON
            // Grade in windows of `jobs` rows; results are written in input order.
            var start = 0
            while start < rows.count {
                let window = rows[start..<min(rows.count, start + jobs)]
                let results = await withTaskGroup(of: (Int, GraderResult).self) { group in
                    for (index, row) in zip(window.indices, window) {
                        group.addTask { (index, await engine.grade(grader, item: row.item, sample: Sample(outputText: row.sample, requiresJSON: requiresJSON))) }
                    }
                    var results = [GraderResult?](repeating: nil, count: window.count)
                    for await (index, result) in group { results[index - window.startIndex] = result }
                    return results.map { $0! }
                }
                for result in results {
                    summary.add(result)
                    try sink.write(encoder.encode(result) + Data("\n".utf8))
                }
                start += jobs
            }
            await engine.shutdown()
            try sink.close()
            FileHandle.standardError.write(Data((summary.text + "\n").utf8))
        }
    }
}
