import ArgumentParser
import Foundation
import Studies

extension RFTSim {
    /// `rftsim merge`: joins the folders of a sweep's shards.
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Merge the output folders of a sweep's shards into one, as if one machine had run it.",
            discussion: """
                Checks that the folders hold the same sweep (their sweep.json agree except for --shard) and that every \
                cell is in exactly one of them, then writes --out: sweep.json, cells/, summary.csv, report.html and figures/, the \
                same bytes as `rftsim sweep` without --shard. See docs/SWEEPS.md.

                Exit status: 0 on success, 1 when the folders disagree, a cell is missing or twice, or a file cannot be \
                read or written, 64 for a usage error.
                """
        )

        @Argument(help: ArgumentHelp("The shards' output folders (rftsim sweep --shard I/N --out DIR).", valueName: "DIR"))
        var directories: [String]

        @Option(help: ArgumentHelp("The merged folder (a new one, not one of the shards').", valueName: "DIR"))
        var out: String

        func validate() throws {
            guard !directories.isEmpty else { throw ValidationError("Give the shard folders to merge, e.g. rftsim merge out/shard-0 out/shard-1 --out out/merged.") }
        }

        func run() throws {
            let summary: SweepSummary
            do throws(SweepError) {
                summary = try SweepMerger.merge(directories.map { SweepDirectory(URL(fileURLWithPath: $0)) },
                                                into: SweepDirectory(URL(fileURLWithPath: out)))
            } catch {
                throw CommandFailure(error.message)
            }
            print("\(summary.manifest.scenario.name): merged \(summary.rows.count) cells from \(directories.count) folder\(directories.count == 1 ? "" : "s")\n"
                + summary.warnings.map { "  warning: \($0)\n" }.joined()
                + "  output: \(out)/{sweep.json,cells/,summary.csv,report.html,figures/}")
        }
    }
}
