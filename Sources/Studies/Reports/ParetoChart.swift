/// A scatter chart of cost against reward for a sweep, with the Pareto-efficient
/// configurations (no other is both cheaper and better) marked and joined by their frontier.
///
/// ```swift
/// let chart = ParetoChart(points: [
///     .init(label: "G=4", cost: 40, reward: 0.61, rewardLow: 0.58, rewardHigh: 0.64),
///     .init(label: "G=8", cost: 75, reward: 0.70),
/// ])
/// let page = HTMLPage(title: "Sweep", sections: [.init(heading: "Cost against reward", html: chart.svg())])
/// ```
public struct ParetoChart: Sendable, Hashable {
    /// One configuration of the sweep.
    public struct Point: Sendable, Hashable {
        /// What the configuration is (`"G=8, lr=2"`); escaped when drawn.
        public var label: String
        /// Cost in USD (lower is better).
        public var cost: Double
        /// Reward, for example the mean final valid reward over seeds (higher is better).
        public var reward: Double
        /// The lower end of an interval for the reward (a confidence interval over seeds), if any.
        public var rewardLow: Double?
        /// The upper end of the reward's interval, if any.
        public var rewardHigh: Double?

        /// Creates a point; give both interval ends or neither.
        public init(label: String, cost: Double, reward: Double, rewardLow: Double? = nil, rewardHigh: Double? = nil) {
            self.label = label
            self.cost = cost
            self.reward = reward
            self.rewardLow = rewardLow
            self.rewardHigh = rewardHigh
        }
    }

    /// The configurations; non-finite costs or rewards are left out of the drawing.
    public var points: [Point]
    /// The heading drawn in the chart (and its accessible name).
    public var title: String
    /// The cost axis title.
    public var xLabel: String
    /// The reward axis title.
    public var yLabel: String
    /// The width of the SVG in pixels.
    public var width: Double
    /// The height of the plotting area in pixels.
    public var plotHeight: Double
    /// Dominated points get a text label too when there are at most this many points in all.
    public var labelAllUpTo: Int

    /// Creates the chart.
    public init(points: [Point], title: String = "Cost against reward", xLabel: String = "cost (USD)",
                yLabel: String = "reward", width: Double = 860, plotHeight: Double = 320, labelAllUpTo: Int = 12) {
        self.points = points
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.width = width
        self.plotHeight = plotHeight
        self.labelAllUpTo = labelAllUpTo
    }

    /// Whether each point is Pareto-efficient: no other point has a cost at most as high and a
    /// reward at least as high with one of them strictly better.
    ///
    /// Identical points are all efficient (or all not); points with a non-finite cost or reward
    /// are never efficient and do not dominate others.
    ///
    /// - Returns: One flag per point, in the order of `points`.
    /// - Complexity: O(*n* log *n*).
    public static func efficiency(of points: [Point]) -> [Bool] {
        var flags = [Bool](repeating: false, count: points.count)
        let order = points.indices
            .filter { points[$0].cost.isFinite && points[$0].reward.isFinite }
            .sorted { (points[$0].cost, -points[$0].reward, $0) < (points[$1].cost, -points[$1].reward, $1) }
        var bestAtLowerCost = -Double.infinity
        var start = 0
        while start < order.count {
            let cost = points[order[start]].cost
            var end = start
            while end < order.count, points[order[end]].cost == cost { end += 1 }
            let top = points[order[start]].reward
            if top > bestAtLowerCost {
                for index in order[start..<end] where points[index].reward == top { flags[index] = true }
            }
            bestAtLowerCost = max(bestAtLowerCost, top)
            start = end
        }
        return flags
    }

    /// The flags of ``efficiency(of:)`` for this chart's points.
    public var efficient: [Bool] { Self.efficiency(of: points) }
}
