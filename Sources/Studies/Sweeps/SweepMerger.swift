internal import Foundation

/// Joins the folders of a sweep's shards into one folder that is byte for byte what one machine
/// would have written: `sweep.json` (as the whole sweep), every `cells/<id>.json` (copied),
/// `summary.csv`, `report.html` and `figures/`.
///
/// ```swift
/// let summary = try SweepMerger.merge(["out/shard-0", "out/shard-1"].map { SweepDirectory(URL(fileURLWithPath: $0)) },
///                                     into: SweepDirectory(URL(fileURLWithPath: "out/merged")))
/// ```
public enum SweepMerger {
    /// Merges `inputs` into `output`.
    ///
    /// - Throws: ``SweepError``: `outputConflict` when the inputs' manifests disagree (beyond
    ///   their shard) or `output` holds another sweep or is one of the inputs; `incomplete` when
    ///   a cell is missing from every input or present in two; `io` for files.
    @discardableResult
    public static func merge(_ inputs: [SweepDirectory], into output: SweepDirectory) throws(SweepError) -> SweepSummary {
        guard !inputs.isEmpty else { throw SweepError(.incomplete, "give the shard folders to merge") }
        var manifests: [SweepManifest] = []
        for input in inputs {
            guard let manifest = try input.readManifest() else {
                throw SweepError(.io, "\(input.url.path) has no sweep.json; is it a folder written by rftsim sweep --out?")
            }
            manifests.append(manifest)
        }
        let first = manifests[0]
        for (input, manifest) in zip(inputs, manifests).dropFirst() {
            if let difference = manifest.difference(from: first, ignoringShard: true) {
                throw SweepError(.outputConflict, "\(input.url.path) is another sweep than \(inputs[0].url.path): \(difference)")
            }
        }
        let outputPath = output.url.standardizedFileURL.path
        if let clash = inputs.first(where: { $0.url.standardizedFileURL.path == outputPath }) {
            throw SweepError(.outputConflict, "--out \(clash.url.path) is one of the folders being merged; write the merge to a new folder")
        }
        let whole = first.withShard(.whole)
        if let existing = try output.readManifest(), let difference = whole.difference(from: existing, ignoringShard: false) {
            throw SweepError(.outputConflict, "\(output.url.path) holds another sweep (this one vs the folder's: \(difference)); use another --out")
        }

        // Each cell exactly once among the inputs.
        var source: [String: SweepDirectory] = [:]
        for input in inputs {
            for id in first.cells where input.hasCell(id) {
                if let other = source[id] {
                    throw SweepError(.incomplete, "cell \(id) is in both \(other.url.path) and \(input.url.path); merge each shard once")
                }
                source[id] = input
            }
        }
        let missing = first.cells.enumerated().filter { source[$0.element] == nil }
        if let (index, id) = missing.first {
            let shards = Set(manifests.map(\.shard))
            let owner = shards.first.map { "shard \(index % $0.count)/\($0.count)" } ?? "a shard"
            throw SweepError(.incomplete, "\(missing.count) of \(first.cells.count) cells are missing, e.g. cell \(index + 1) (\(id)), which \(owner) runs; "
                             + "finish that shard (rerun its rftsim sweep command: it resumes) and merge again")
        }

        try output.create(manifest: whole)
        output.removeSummary()
        var results: [SweepCellResult] = []
        for id in first.cells {
            let from = source[id]!
            let data: Data
            do {
                data = try Data(contentsOf: from.cellURL(id))
            } catch {
                throw SweepError(.io, "cannot read \(from.cellURL(id).path): \(error.localizedDescription)")
            }
            try output.write(data, to: output.cellURL(id))
            guard let result = output.readCell(id) else {
                throw SweepError(.io, "\(from.cellURL(id).path) is not a cell result")
            }
            results.append(result)
        }
        let summary = SweepSummary(manifest: whole, cells: results)
        try output.writeSummary(summary)
        return summary
    }
}
