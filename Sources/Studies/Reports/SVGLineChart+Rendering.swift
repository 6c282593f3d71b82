extension SVGLineChart {
    /// Series with `markers` draw their dots only up to this many points.
    public static let maxMarkers = 200

    private static let leftMargin = 66.0

    /// The chart as one `<svg>` element, with no scripts and no external references.
    ///
    /// - Parameter standalone: Adds the SVG namespace, for writing a separate `.svg` file.
    ///   Inline SVG in HTML does not need it.
    /// - Returns: Deterministic markup: the same chart always gives the same text.
    public func svg(standalone: Bool = false) -> String {
        let xAxis = xAxis()
        let leftAxis = yAxis(.left) ?? ChartAxis(min: 0, max: 1)
        let rightAxis = yAxis(.right)
        let left = Self.leftMargin
        let right = width - (rightAxis == nil ? 24 : 66)
        // A series without a name (a second line of one legend entry) has no legend entry.
        let legend = ChartLegend(entries: series.filter { !$0.name.isEmpty }.map { series in
            .init(label: series.name, colour: series.colour,
                  swatch: .line(dashed: series.dashed, marker: series.markers))
        })
        let legendRows = legend.rowCount(width: right - left)
        let legendTop = showsTitle ? 26.0 : 4.0
        let top = legendTop + Double(legendRows) * ChartLegend.rowHeight + 10 + (topLabels.isEmpty ? 0 : 22)
        let bottom = top + plotHeight
        let height = bottom + 44

        var out = SVGMarkup.open(width: width, height: height, label: title, standalone: standalone)
        if showsTitle { out += SVGMarkup.text(title, x: left, y: 18, cssClass: "title") }
        out += legend.svg(left: left, top: legendTop, width: right - left)
        let mapX = { (x: Double) in xAxis.position(of: x, from: left, to: right) }

        // Grid and tick labels.
        for tick in leftAxis.ticks {
            let y = leftAxis.position(of: tick, from: bottom, to: top)
            out += SVGMarkup.line(x1: left, y1: y, x2: right, y2: y, stroke: "#e6e6e6")
            out += SVGMarkup.text(leftAxis.label(tick), x: left - 6, y: y + 4, anchor: "end", cssClass: "tick")
        }
        if let rightAxis {
            for tick in rightAxis.ticks {
                let y = rightAxis.position(of: tick, from: bottom, to: top)
                out += SVGMarkup.line(x1: right, y1: y, x2: right + 4, y2: y, stroke: "#444444")
                out += SVGMarkup.text(rightAxis.label(tick), x: right + 7, y: y + 4, cssClass: "tick")
            }
        }
        for tick in xAxis.ticks {
            let x = mapX(tick)
            out += SVGMarkup.line(x1: x, y1: top, x2: x, y2: bottom, stroke: "#f0f0f0")
            out += SVGMarkup.line(x1: x, y1: bottom, x2: x, y2: bottom + 4, stroke: "#444444")
            out += SVGMarkup.text(xAxis.label(tick), x: x, y: bottom + 17, anchor: "middle", cssClass: "tick")
        }
        out += SVGMarkup.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: "#444444")
        out += SVGMarkup.line(x1: left, y1: top, x2: left, y2: bottom, stroke: "#444444")
        if rightAxis != nil { out += SVGMarkup.line(x1: right, y1: top, x2: right, y2: bottom, stroke: "#444444") }

        // Axis titles.
        out += SVGMarkup.text(xLabel, x: (left + right) / 2, y: bottom + 36, anchor: "middle", cssClass: "axis-label")
        let middle = (top + bottom) / 2
        out += SVGMarkup.text(yLabel, x: 16, y: middle, anchor: "middle", cssClass: "axis-label",
                              extra: " transform=\"rotate(-90 16.0 \(SVGMarkup.coordinate(middle)))\"")
        if rightAxis != nil {
            let x = width - 12
            out += SVGMarkup.text(rightLabel, x: x, y: middle, anchor: "middle", cssClass: "axis-label",
                                  extra: " transform=\"rotate(90 \(SVGMarkup.coordinate(x)) \(SVGMarkup.coordinate(middle)))\"")
        }
        if !topLabels.isEmpty {
            // Above the top y tick label, and clear of a label centred on the left edge.
            out += SVGMarkup.text(topCaption, x: left - 14, y: top - 9, anchor: "end", cssClass: "note")
            for label in topLabels where label.x >= xAxis.lower && label.x <= xAxis.upper {
                let x = mapX(label.x)
                out += SVGMarkup.line(x1: x, y1: top - 4, x2: x, y2: top, stroke: "#444444")
                out += SVGMarkup.text(label.text, x: x, y: top - 9, anchor: "middle", cssClass: "tick")
            }
        }

        // Data.
        var drewAnything = false
        for series in series {
            guard let axis = series.axis == .left ? leftAxis : rightAxis else { continue }
            let project = { (point: Point) in
                (x: mapX(point.x), y: axis.position(of: point.y, from: bottom, to: top))
            }
            let segments = Self.segments(of: series.points)
            let total = segments.reduce(0) { $0 + $1.count }
            for segment in segments {
                drewAnything = true
                let budget = max(4, maxPointsPerSeries * segment.count / max(1, total))
                let kept = LineDecimation.decimate(segment, maxPoints: budget).map(project)
                if kept.count == 1 {
                    out += ChartLegend.dot(x: kept[0].x, y: kept[0].y, colour: series.colour, hollow: false, radius: 3.5)
                    continue
                }
                var path = ""
                for (index, point) in kept.enumerated() {
                    path += (index == 0 ? "M" : "L") + SVGMarkup.coordinate(point.x) + " " + SVGMarkup.coordinate(point.y)
                }
                let dash = series.dashed ? " stroke-dasharray=\"6 4\"" : ""
                out += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(series.colour)\" stroke-width=\"2\" "
                    + "stroke-linejoin=\"round\" stroke-linecap=\"round\"\(dash)/>"
            }
            // Past a few hundred, dots only hide the line (and swell the page).
            let finite = segments.flatMap { $0 }
            if series.markers, finite.count <= Self.maxMarkers {
                let decimals = axis.decimals + 2
                for point in finite {
                    let at = project(point)
                    let dot = ChartLegend.dot(x: at.x, y: at.y, colour: series.colour, hollow: false)
                    let tip = "\(series.name) at \(xAxis.label(point.x)): \(SVGMarkup.fixed(point.y, decimals: decimals))"
                    out += dot.dropLast(2) + "><title>\(SVGMarkup.escape(tip))</title></circle>"
                }
            }
        }
        if !drewAnything {
            out += SVGMarkup.text("no data", x: (left + right) / 2, y: middle, anchor: "middle", cssClass: "note")
        }
        return out + "</svg>"
    }

    /// Splits `points` into runs of finite points; a non-finite x or y ends a run.
    static func segments(of points: [Point]) -> [[Point]] {
        var segments: [[Point]] = []
        var current: [Point] = []
        for point in points {
            if point.x.isFinite && point.y.isFinite {
                current.append(point)
            } else if !current.isEmpty {
                segments.append(current)
                current = []
            }
        }
        if !current.isEmpty { segments.append(current) }
        return segments
    }
}
