/// A self-contained HTML page: a title, an optional introduction and sections, with the
/// style sheet inline and nothing fetched from elsewhere (no scripts, fonts or images).
///
/// The markup is also well-formed XML (void elements are self-closed, only numeric character
/// references), so tests and tools can parse it.
///
/// ```swift
/// let page = HTMLPage(title: "Sweep", sections: [
///     .init(heading: "Cost against reward", html: ParetoChart(points: points).svg()),
/// ])
/// try page.render().write(to: url, atomically: true, encoding: .utf8)
/// ```
public struct HTMLPage: Sendable, Hashable {
    /// A titled part of the page.
    public struct Section: Sendable, Hashable {
        /// Plain text; escaped when rendered.
        public var heading: String
        /// Trusted markup (an SVG chart, a table from `HTMLPage/table(header:rows:)`); not escaped.
        public var html: String

        /// Creates a section.
        public init(heading: String, html: String) {
            self.heading = heading
            self.html = html
        }
    }

    /// Plain text for `<title>` and the top heading; escaped when rendered.
    public var title: String
    /// Trusted markup placed under the heading; use ``HTMLPage/escape(_:)`` for user text.
    public var introduction: String
    /// The sections, in page order.
    public var sections: [Section]

    /// Creates a page.
    public init(title: String, introduction: String = "", sections: [Section] = []) {
        self.title = title
        self.introduction = introduction
        self.sections = sections
    }

    /// The whole document, from `<!DOCTYPE html>` to `</html>`, ending in a newline.
    public func render() -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        out += "<title>\(Self.escape(title))</title>\n<style>\n\(Self.styleSheet)</style>\n</head>\n<body>\n<main>\n"
        out += "<h1>\(Self.escape(title))</h1>\n"
        if !introduction.isEmpty { out += introduction + "\n" }
        for section in sections {
            out += "<section>\n<h2>\(Self.escape(section.heading))</h2>\n\(section.html)\n</section>\n"
        }
        return out + "</main>\n</body>\n</html>\n"
    }

    /// Escapes text for HTML content and attribute values (`&`, `<`, `>`, `"`, `'`).
    public static func escape(_ text: String) -> String {
        SVGMarkup.escape(text)
    }

    /// A table of plain-text cells (all escaped).
    ///
    /// - Parameters:
    ///   - header: Column headings, or `nil` for a table of key–value rows whose first cell is
    ///     a row heading.
    ///   - rows: The cells, row by row.
    ///   - numericColumns: Indexes of columns to right-align with tabular figures.
    /// - Returns: A `<table>` element.
    public static func table(header: [String]?, rows: [[String]], numericColumns: Set<Int> = []) -> String {
        func cell(_ text: String, column: Int) -> String {
            let numeric = numericColumns.contains(column) ? " class=\"num\"" : ""
            if header == nil, column == 0 { return "<th scope=\"row\">\(escape(text))</th>" }
            return "<td\(numeric)>\(escape(text))</td>"
        }
        var out = "<table>\n"
        if let header {
            out += "<thead><tr>"
            for (column, heading) in header.enumerated() {
                let numeric = numericColumns.contains(column) ? " class=\"num\"" : ""
                out += "<th scope=\"col\"\(numeric)>\(escape(heading))</th>"
            }
            out += "</tr></thead>\n"
        }
        out += "<tbody>\n"
        for row in rows {
            out += "<tr>" + row.enumerated().map { cell($1, column: $0) }.joined() + "</tr>\n"
        }
        return out + "</tbody>\n</table>"
    }

    /// The page's CSS: system fonts, a 900 px column, charts that shrink on narrow screens.
    static let styleSheet = """
        body { margin: 0; background: #ffffff; color: #1a1a1a;
          font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
        main { max-width: 900px; margin: 0 auto; padding: 16px 20px 40px; }
        h1 { font-size: 26px; margin: 12px 0 4px; }
        h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #dddddd; padding-bottom: 4px; }
        p.meta { color: #555555; margin: 0 0 8px; }
        p.description { white-space: pre-line; margin: 8px 0; }
        svg { display: block; max-width: 100%; height: auto; margin: 6px 0 14px; }
        table { border-collapse: collapse; margin: 6px 0 12px; font-variant-numeric: tabular-nums; }
        th, td { text-align: left; padding: 3px 14px 3px 0; border-bottom: 1px solid #eeeeee; vertical-align: top; }
        thead th { border-bottom: 1px solid #999999; }
        th[scope=row] { font-weight: 500; color: #444444; }
        .num { text-align: right; }
        .columns { display: flex; flex-wrap: wrap; gap: 8px 48px; }
        .columns h3 { font-size: 15px; margin: 4px 0; }
        code { font: 13px ui-monospace, Menlo, Consolas, monospace; }

        """
}
