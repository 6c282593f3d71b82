import Foundation
internal import Stochastics

/// Small, deterministic helpers that write SVG and HTML text: escaping and fixed-precision numbers.
///
/// Every number that reaches a page goes through here, so the same report always renders to the
/// same bytes (no locale, no shortest-representation surprises).
enum SVGMarkup {
    /// Escapes text for element content and attribute values (`&`, `<`, `>`, `"`, `'`).
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A coordinate with one decimal (`12.3`), never `-0.0`.
    static func coordinate(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let magnitude = tenths.magnitude
        return (tenths < 0 ? "-" : "") + "\(magnitude / 10).\(magnitude % 10)"
    }

    /// `value` with exactly `decimals` digits after the point; `-0` prints as `0`.
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value > 0 ? "∞" : "−∞") }
        return NumberText.fixed(value, decimals: min(decimals, 12))
    }

    /// `<text>` with escaped content.
    static func text(
        _ content: String, x: Double, y: Double, anchor: String = "start", cssClass: String? = nil,
        extra: String = ""
    ) -> String {
        let classAttribute = cssClass.map { " class=\"\($0)\"" } ?? ""
        return "<text x=\"\(coordinate(x))\" y=\"\(coordinate(y))\" text-anchor=\"\(anchor)\"\(classAttribute)\(extra)>"
            + escape(content) + "</text>"
    }

    /// A straight `<line>`.
    static func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dash: String? = nil) -> String {
        let dashAttribute = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        return "<line x1=\"\(coordinate(x1))\" y1=\"\(coordinate(y1))\" x2=\"\(coordinate(x2))\" y2=\"\(coordinate(y2))\" "
            + "stroke=\"\(stroke)\" stroke-width=\"\(coordinate(width))\"\(dashAttribute)/>"
    }

    /// The opening `<svg>` tag; `standalone` adds the namespace a separate `.svg` file needs and
    /// a white background, since a viewer in dark mode would otherwise show dark text on black.
    static func open(width: Double, height: Double, label: String, standalone: Bool) -> String {
        let namespace = standalone ? " xmlns=\"http://www.w3.org/2000/svg\"" : ""
        return "<svg\(namespace) viewBox=\"0 0 \(coordinate(width)) \(coordinate(height))\" width=\"\(coordinate(width))\" "
            + "height=\"\(coordinate(height))\" role=\"img\" aria-label=\"\(escape(label))\" "
            + "font-family=\"system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif\" font-size=\"12\">"
            + "<style>.tick{fill:#444}.axis-label{fill:#222}.title{font-size:14px;font-weight:600;fill:#111}"
            + ".legend{fill:#222}.note{fill:#666;font-style:italic}</style>"
            + (standalone ? "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>" : "")
    }

    /// A rough width in pixels of `text` at 12 px, for laying out legends without measuring fonts.
    static func estimatedWidth(_ text: String, fontSize: Double = 12) -> Double {
        Double(text.count) * fontSize * 0.58
    }
}
