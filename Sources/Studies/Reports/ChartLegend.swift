/// A legend drawn inside a chart's SVG: one swatch and name per entry, flowing into as many
/// rows as the width needs.
struct ChartLegend: Sendable, Hashable {
    /// How an entry's swatch looks.
    enum Swatch: Sendable, Hashable {
        /// A short line, solid or dashed, with or without a dot in the middle.
        case line(dashed: Bool, marker: Bool)
        /// A filled dot.
        case dot
        /// A hollow dot.
        case ring
    }

    struct Entry: Sendable, Hashable {
        var label: String
        var colour: String
        var swatch: Swatch
    }

    static let rowHeight = 18.0
    private static let swatchWidth = 22.0
    private static let gap = 18.0

    var entries: [Entry]

    /// The x offset (from the legend's left edge) and row of each entry, flowing within `width`.
    func layout(width: Double) -> [(x: Double, row: Int)] {
        var placed: [(x: Double, row: Int)] = []
        var x = 0.0
        var row = 0
        for entry in entries {
            let itemWidth = Self.swatchWidth + 6 + SVGMarkup.estimatedWidth(entry.label)
            if x > 0, x + itemWidth > width {
                row += 1
                x = 0
            }
            placed.append((x, row))
            x += itemWidth + Self.gap
        }
        return placed
    }

    /// The number of rows the legend takes in `width` (0 when it has no entries).
    func rowCount(width: Double) -> Int {
        layout(width: width).map(\.row).max().map { $0 + 1 } ?? 0
    }

    /// The legend's SVG, its first row's centre line at `top + rowHeight / 2`.
    func svg(left: Double, top: Double, width: Double) -> String {
        var out = ""
        for (entry, place) in zip(entries, layout(width: width)) {
            let x = left + place.x
            let y = top + Double(place.row) * Self.rowHeight + Self.rowHeight / 2
            let colour = entry.colour
            switch entry.swatch {
            case .line(let dashed, let marker):
                out += SVGMarkup.line(
                    x1: x, y1: y, x2: x + Self.swatchWidth, y2: y, stroke: colour, width: 2, dash: dashed ? "5 3" : nil)
                if marker { out += Self.dot(x: x + Self.swatchWidth / 2, y: y, colour: colour, hollow: false) }
            case .dot:
                out += Self.dot(x: x + Self.swatchWidth / 2, y: y, colour: colour, hollow: false)
            case .ring:
                out += Self.dot(x: x + Self.swatchWidth / 2, y: y, colour: colour, hollow: true)
            }
            out += SVGMarkup.text(entry.label, x: x + Self.swatchWidth + 6, y: y + 4, cssClass: "legend")
        }
        return out
    }

    /// A marker circle; hollow ones have a white fill so lines do not show through.
    static func dot(x: Double, y: Double, colour: String, hollow: Bool, radius: Double = 3.5) -> String {
        let fill = hollow ? "#ffffff" : colour
        return "<circle cx=\"\(SVGMarkup.coordinate(x))\" cy=\"\(SVGMarkup.coordinate(y))\" r=\"\(SVGMarkup.coordinate(radius))\" "
            + "fill=\"\(fill)\" stroke=\"\(hollow ? colour : "#ffffff")\" stroke-width=\"\(hollow ? "1.5" : "0.8")\"/>"
    }
}
