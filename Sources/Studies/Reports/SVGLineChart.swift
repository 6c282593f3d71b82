/// A line chart rendered as one inline `<svg>` element: nice ticks, grid, legend, an optional
/// right-hand axis and an optional row of labels along the top edge.
///
/// Non-finite values break a line (a gap); missing values are simply absent points, so a series
/// sampled every fifth step is drawn through its points. Long series are thinned with
/// ``LineDecimation`` so the page stays small at thousands of steps.
///
/// ```swift
/// var chart = SVGLineChart(title: "Reward", xLabel: "step", yLabel: "reward")
/// chart.series.append(.init("train", colour: ChartPalette.blue, points: [.init(x: 1, y: 0.2), .init(x: 2, y: 0.4)]))
/// let svg = chart.svg()
/// ```
public struct SVGLineChart: Sendable, Hashable {
    /// One data point.
    public struct Point: Sendable, Hashable {
        /// The horizontal value (a step).
        public var x: Double
        /// The vertical value.
        public var y: Double
        /// Creates a point.
        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    /// Which y axis a series is measured against.
    public enum Axis: Sendable, Hashable {
        case left, right
    }

    /// A named line.
    public struct Series: Sendable, Hashable {
        /// The legend text.
        public var name: String
        /// A CSS colour, usually from ``ChartPalette``.
        public var colour: String
        /// The points in increasing x; NaN or infinite y leaves a gap.
        public var points: [Point]
        /// Draws the line dashed.
        public var dashed: Bool
        /// Draws a dot at every point (for sparse series such as validation rewards), as long as
        /// there are at most ``SVGLineChart/maxMarkers`` points.
        public var markers: Bool
        /// The y axis the series is measured against.
        public var axis: Axis

        /// Creates a series.
        ///
        /// - Parameters:
        ///   - name: The legend text (escaped when drawn).
        ///   - colour: A CSS colour.
        ///   - points: The points in increasing x.
        ///   - dashed: Draws the line dashed.
        ///   - markers: Draws a dot at each point.
        ///   - axis: The y axis to measure against.
        public init(_ name: String, colour: String, points: [Point], dashed: Bool = false, markers: Bool = false,
                    axis: Axis = .left) {
            self.name = name
            self.colour = colour
            self.points = points
            self.dashed = dashed
            self.markers = markers
            self.axis = axis
        }
    }

    /// A label drawn above the plot at an x position (a secondary scale such as simulated hours).
    public struct TopLabel: Sendable, Hashable {
        /// The horizontal value (a step).
        public var x: Double
        /// The label text (escaped when drawn).
        public var text: String
        /// Creates a label.
        public init(x: Double, text: String) {
            self.x = x
            self.text = text
        }
    }

    /// The heading drawn in the chart's top-left corner (and the SVG's accessible name).
    public var title: String
    /// Draws `title` inside the chart; turn it off when the page already has a heading for it.
    public var showsTitle: Bool
    /// The x axis title.
    public var xLabel: String
    /// The left y axis title.
    public var yLabel: String
    /// The right axis's label; the right axis is drawn only when some series uses it.
    public var rightLabel: String
    /// The lines, drawn and listed in the legend in this order.
    public var series: [Series]
    /// Labels along the top edge (place them at ``xAxis()``'s ticks).
    public var topLabels: [TopLabel]
    /// The caption put before the top labels (`"hours"`).
    public var topCaption: String
    /// Stretches the y axes to include zero.
    public var includeZero: Bool
    /// Uses whole-number ticks on the x axis (steps).
    public var integerX: Bool
    /// The width of the SVG in pixels; the height follows from `plotHeight` and the legend.
    public var width: Double
    /// The height of the plotting area in pixels.
    public var plotHeight: Double
    /// The most vertices drawn per series before ``LineDecimation`` thins it.
    public var maxPointsPerSeries: Int

    /// Creates an empty chart; add series to `series`.
    public init(title: String, xLabel: String, yLabel: String, rightLabel: String = "", series: [Series] = [],
                includeZero: Bool = false, integerX: Bool = true, width: Double = 860, plotHeight: Double = 210,
                maxPointsPerSeries: Int = 600) {
        self.title = title
        self.showsTitle = true
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.rightLabel = rightLabel
        self.series = series
        self.topLabels = []
        self.topCaption = ""
        self.includeZero = includeZero
        self.integerX = integerX
        self.width = width
        self.plotHeight = plotHeight
        self.maxPointsPerSeries = maxPointsPerSeries
    }

    /// The x axis the chart draws (callers use its ticks to place ``topLabels``).
    public func xAxis() -> ChartAxis {
        let xs = series.lazy.flatMap { series in series.points.lazy.filter { $0.y.isFinite }.map(\.x) }
        return ChartAxis(covering: xs, targetTickCount: 8, integerSteps: integerX)
    }

    /// The y axis for the series on `side`, or `nil` when no series uses it.
    public func yAxis(_ side: Axis) -> ChartAxis? {
        let measured = series.filter { $0.axis == side }
        guard side == .left || !measured.isEmpty else { return nil }
        return ChartAxis(covering: measured.lazy.flatMap { $0.points.lazy.map(\.y) }, targetTickCount: 5,
                         includeZero: includeZero)
    }
}
