extension ParetoChart {
    /// The chart as one `<svg>` element: dominated points as grey rings, efficient points as
    /// filled dots joined by the frontier's staircase, reward intervals as whiskers, and a
    /// tooltip (`<title>`) on every point. No scripts, no external references, deterministic.
    ///
    /// - Parameter standalone: Adds the SVG namespace, for writing a separate `.svg` file.
    public func svg(standalone: Bool = false) -> String {
        let flags = efficient
        let shown = points.indices.filter { points[$0].cost.isFinite && points[$0].reward.isFinite }
        let rewards = shown.flatMap { [points[$0].reward, points[$0].rewardLow, points[$0].rewardHigh].compactMap { $0 } }
        let xAxis = ChartAxis(covering: shown.map { points[$0].cost }, targetTickCount: 8, padding: 0.04)
        let yAxis = ChartAxis(covering: rewards, targetTickCount: 6, padding: 0.04)
        let (left, right) = (66.0, width - 24)
        let legend = ChartLegend(entries: [
            .init(label: "Pareto-efficient", colour: ChartPalette.vermillion, swatch: .line(dashed: false, marker: true)),
            .init(label: "dominated", colour: ChartPalette.grey, swatch: .ring),
            .init(label: "bars: reward interval", colour: ChartPalette.grey, swatch: .line(dashed: false, marker: false)),
        ])
        let top = 26 + Double(legend.rowCount(width: right - left)) * ChartLegend.rowHeight + 12
        let bottom = top + plotHeight
        let mapX = { (x: Double) in xAxis.position(of: x, from: left, to: right) }
        let mapY = { (y: Double) in yAxis.position(of: y, from: bottom, to: top) }

        var out = SVGMarkup.open(width: width, height: bottom + 44, label: title, standalone: standalone)
        out += SVGMarkup.text(title, x: left, y: 18, cssClass: "title")
        out += legend.svg(left: left, top: 26, width: right - left)
        for tick in yAxis.ticks {
            out += SVGMarkup.line(x1: left, y1: mapY(tick), x2: right, y2: mapY(tick), stroke: "#e6e6e6")
            out += SVGMarkup.text(yAxis.label(tick), x: left - 6, y: mapY(tick) + 4, anchor: "end", cssClass: "tick")
        }
        for tick in xAxis.ticks {
            out += SVGMarkup.line(x1: mapX(tick), y1: top, x2: mapX(tick), y2: bottom, stroke: "#f0f0f0")
            out += SVGMarkup.text(xAxis.label(tick), x: mapX(tick), y: bottom + 17, anchor: "middle", cssClass: "tick")
        }
        out += SVGMarkup.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: "#444444")
        out += SVGMarkup.line(x1: left, y1: top, x2: left, y2: bottom, stroke: "#444444")
        out += SVGMarkup.text(xLabel, x: (left + right) / 2, y: bottom + 36, anchor: "middle", cssClass: "axis-label")
        let middle = SVGMarkup.coordinate((top + bottom) / 2)
        out += SVGMarkup.text(yLabel, x: 16, y: (top + bottom) / 2, anchor: "middle", cssClass: "axis-label",
                              extra: " transform=\"rotate(-90 16.0 \(middle))\"")
        if shown.isEmpty {
            return out + SVGMarkup.text("no data", x: (left + right) / 2, y: (top + bottom) / 2, anchor: "middle",
                                        cssClass: "note") + "</svg>"
        }

        // Whiskers under everything else.
        for index in shown {
            let point = points[index]
            guard let low = point.rewardLow ?? point.rewardHigh, let high = point.rewardHigh ?? point.rewardLow,
                  low.isFinite, high.isFinite else { continue }
            let (x, colour) = (mapX(point.cost), flags[index] ? ChartPalette.vermillion : ChartPalette.grey)
            out += SVGMarkup.line(x1: x, y1: mapY(low), x2: x, y2: mapY(high), stroke: colour, width: 1.2)
            out += SVGMarkup.line(x1: x - 3, y1: mapY(low), x2: x + 3, y2: mapY(low), stroke: colour, width: 1.2)
            out += SVGMarkup.line(x1: x - 3, y1: mapY(high), x2: x + 3, y2: mapY(high), stroke: colour, width: 1.2)
        }
        // The frontier: the best reward reachable at each cost, a staircase through the efficient points.
        let frontier = shown.filter { flags[$0] }.sorted { (points[$0].cost, $0) < (points[$1].cost, $1) }
        if let first = frontier.first {
            var path = "M\(SVGMarkup.coordinate(mapX(points[first].cost))) \(SVGMarkup.coordinate(mapY(points[first].reward)))"
            for index in frontier.dropFirst() {
                path += "H\(SVGMarkup.coordinate(mapX(points[index].cost)))V\(SVGMarkup.coordinate(mapY(points[index].reward)))"
            }
            out += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(ChartPalette.vermillion)\" stroke-width=\"1.5\" "
                + "stroke-dasharray=\"5 3\"/>"
        }
        // Dominated points first, so efficient ones sit on top.
        let labelAll = shown.count <= labelAllUpTo
        for index in shown.sorted(by: { (flags[$0] ? 1 : 0, $0) < (flags[$1] ? 1 : 0, $1) }) {
            let point = points[index]
            let colour = flags[index] ? ChartPalette.vermillion : ChartPalette.grey
            let dot = ChartLegend.dot(x: mapX(point.cost), y: mapY(point.reward), colour: colour, hollow: !flags[index],
                                      radius: flags[index] ? 4.5 : 4)
            out += dot.dropLast(2) + "><title>\(SVGMarkup.escape(tooltip(point, efficient: flags[index])))</title></circle>"
        }
        // Labels last, placed so that none overlaps another or a dot: efficient points first (they
        // always get one), then the others in order while a free place is left (the tooltip has the rest).
        var placer = LabelPlacer(bounds: (left, top - 14, right, bottom),
                                 dots: shown.map { (mapX(points[$0].cost), mapY(points[$0].reward)) })
        for index in shown.sorted(by: { (flags[$0] ? 0 : 1, $0) < (flags[$1] ? 0 : 1, $1) }) where flags[index] || labelAll {
            let point = points[index]
            guard let place = placer.place(point.label, at: (mapX(point.cost), mapY(point.reward)), required: flags[index]) else {
                continue
            }
            out += SVGMarkup.text(point.label, x: place.x, y: place.y, anchor: place.anchor,
                                  cssClass: flags[index] ? "legend" : "tick")
        }
        return out + "</svg>"
    }

    private func tooltip(_ point: Point, efficient: Bool) -> String {
        var text = "\(point.label): cost $\(SVGMarkup.fixed(point.cost, decimals: 2)), reward \(SVGMarkup.fixed(point.reward, decimals: 4))"
        if let low = point.rewardLow, let high = point.rewardHigh {
            text += " [\(SVGMarkup.fixed(low, decimals: 4)), \(SVGMarkup.fixed(high, decimals: 4))]"
        }
        return text + (efficient ? " (Pareto-efficient)" : " (dominated)")
    }
}
