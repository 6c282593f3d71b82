public import Foundation
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// A sweep's output folder: `sweep.json`, `cells/<id>.json`, and once every cell of the folder's
/// shard is done, `summary.csv`, `report.html` and `figures/` (the report's charts as SVG files).
///
/// Every file is written to a temporary name beside it and renamed into place, so an
/// interrupted sweep never leaves a half-written file, and a folder whose summary is missing is
/// visibly unfinished.
public struct SweepDirectory: Sendable {
    /// The folder.
    public let url: URL

    /// The files of a finished folder besides the cells.
    public static let summaryFileNames = ["summary.csv", "report.html", Figure.folderName]

    /// A folder at `url` (not created yet).
    public init(_ url: URL) {
        self.url = url
    }

    /// `sweep.json`.
    public var manifestURL: URL { url.appendingPathComponent("sweep.json") }
    /// `cells/`.
    public var cellsURL: URL { url.appendingPathComponent("cells") }
    /// `cells/<id>.json`.
    public func cellURL(_ id: String) -> URL { cellsURL.appendingPathComponent("\(id).json") }

    /// The manifest, or `nil` when the folder has none.
    ///
    /// - Throws: ``SweepError`` for a manifest that cannot be read or decoded.
    public func readManifest() throws(SweepError) -> SweepManifest? {
        guard FileManager.default.fileExists(atPath: manifestURL.path) else { return nil }
        do {
            return try JSONDecoder().decode(SweepManifest.self, from: Data(contentsOf: manifestURL))
        } catch {
            throw SweepError(.io, "\(manifestURL.path) is not a sweep manifest: \(error.localizedDescription)")
        }
    }

    /// Creates the folder and its `cells/` and writes `manifest` as `sweep.json`.
    public func create(manifest: SweepManifest) throws(SweepError) {
        do {
            try FileManager.default.createDirectory(at: cellsURL, withIntermediateDirectories: true)
        } catch {
            throw SweepError(.io, "cannot create \(cellsURL.path): \(error.localizedDescription)")
        }
        try write(Self.encode(manifest, pretty: true), to: manifestURL)
        // Temporary files of an interrupted write are never read; clear them.
        for folder in [url, cellsURL] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] where name.hasPrefix(".") && name.hasSuffix(".partial") {
                try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))
            }
        }
    }

    /// The stored result of cell `id`, or `nil` when it has none (or an unreadable one, which is
    /// then run again).
    public func readCell(_ id: String) -> SweepCellResult? {
        guard let data = try? Data(contentsOf: cellURL(id)),
              let result = try? JSONDecoder().decode(SweepCellResult.self, from: data), result.id == id else { return nil }
        return result
    }

    /// Whether cell `id` has a readable result.
    public func hasCell(_ id: String) -> Bool { readCell(id) != nil }

    /// Writes a cell's result atomically.
    public func write(_ result: SweepCellResult) throws(SweepError) {
        try write(Self.encode(result, pretty: false), to: cellURL(result.id))
    }

    /// Writes `figures/`, `report.html` and `summary.csv` (each file atomically; the summary last,
    /// since its presence marks the folder finished).
    public func writeSummary(_ summary: SweepSummary) throws(SweepError) {
        let figures = url.appendingPathComponent(Figure.folderName)
        do {
            try FileManager.default.createDirectory(at: figures, withIntermediateDirectories: true)
        } catch {
            throw SweepError(.io, "cannot create \(figures.path): \(error.localizedDescription)")
        }
        for figure in summary.figures() {
            try write(Data(figure.svg.utf8), to: figures.appendingPathComponent(figure.name + ".svg"))
        }
        try write(Data(summary.reportHTML().utf8), to: url.appendingPathComponent("report.html"))
        try write(Data(summary.csv.utf8), to: url.appendingPathComponent("summary.csv"))
    }

    /// Removes `summary.csv`, `report.html` and `figures/`: the folder is not finished.
    public func removeSummary() {
        for name in Self.summaryFileNames { try? FileManager.default.removeItem(at: url.appendingPathComponent(name)) }
    }

    /// Names this process's temporary files: the process id alone repeats across containers (two
    /// pods of a shard can both be PID 1), so a random part makes them distinct.
    static let writerToken = "\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"

    /// Writes `data` to a temporary file beside `destination` and renames it into place.
    public func write(_ data: Data, to destination: URL) throws(SweepError) {
        let temporary = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).\(Self.writerToken).partial")
        do {
            try data.write(to: temporary)
            if rename(temporary.path, destination.path) != 0 {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination.path])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw SweepError(.io, "cannot write \(destination.path): \(error.localizedDescription)")
        }
    }

    static func encode(_ value: some Encodable, pretty: Bool) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted] : [.sortedKeys]
        // Sweep values are finite; an encoding failure is a bug, not an input problem.
        var data = try! encoder.encode(value)
        data.append(0x0A)
        return data
    }
}
