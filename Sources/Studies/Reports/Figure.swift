public import Foundation

/// One chart of a report as a separate SVG file (`figures/<name>.svg` beside `report.html`), for
/// slides, documentation and pull requests.
///
/// The markup is the chart's standalone form: the SVG namespace, a white background and the title
/// drawn in the picture, with no scripts or external references.
public struct Figure: Sendable, Hashable {
    /// The file name without `.svg`, e.g. the chart's title in lower case with words joined by
    /// `-` (`Learning signal` → `learning-signal`).
    public var name: String
    /// The whole `.svg` file.
    public var svg: String

    /// A figure named `name` (a file name without `.svg`).
    public init(name: String, svg: String) {
        self.name = name
        self.svg = svg
    }

    /// A figure named after `title`.
    public init(title: String, svg: String) {
        self.init(name: Self.fileName(for: title), svg: svg)
    }

    /// The name of the folder figures are written to, beside `report.html`.
    public static let folderName = "figures"

    /// `title` as a file name: ASCII letters and digits in lower case, every other run of
    /// characters one `-` (`Policy: entropy and KL` → `policy-entropy-and-kl`).
    public static func fileName(for title: String) -> String {
        var name = ""
        var pendingDash = false
        for scalar in title.lowercased().unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                if pendingDash, !name.isEmpty { name += "-" }
                name.unicodeScalars.append(scalar)
                pendingDash = false
            } else {
                pendingDash = true
            }
        }
        return name.isEmpty ? "figure" : name
    }

    /// Writes each figure to `folder/<name>.svg`, creating `folder`. Names must be distinct.
    public static func write(_ figures: [Figure], to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for figure in figures {
            try Data(figure.svg.utf8).write(to: folder.appendingPathComponent(figure.name + ".svg"))
        }
    }
}
