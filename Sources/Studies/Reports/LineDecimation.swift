/// Thins a long polyline for drawing while keeping its shape: the first and last points and,
/// in each bucket of x, the lowest and the highest point.
///
/// A chart of 5,000 steps drawn 800 pixels wide gains nothing from 5,000 vertices, but a
/// naive stride would drop the spikes that matter (a reward collapse, a slow step). Min/max
/// buckets keep every extreme of the bucket's range.
public enum LineDecimation {
    /// Returns at most about `maxPoints` of `points` (in their original order), or all of them
    /// when there are no more than `maxPoints`.
    ///
    /// The result always keeps the first and the last point and the global minimum and maximum
    /// of y. Points are expected in increasing x with finite y (split a line at gaps first).
    ///
    /// - Parameters:
    ///   - points: The polyline, in drawing order.
    ///   - maxPoints: The budget; values below 4 are treated as 4.
    /// - Returns: A subsequence of `points`.
    /// - Complexity: O(*n*).
    public static func decimate(_ points: [SVGLineChart.Point], maxPoints: Int) -> [SVGLineChart.Point] {
        let budget = max(4, maxPoints)
        guard points.count > budget else { return points }
        let inner = 1..<(points.count - 1)
        let buckets = (budget - 2) / 2
        var kept = [points[0]]
        kept.reserveCapacity(budget)
        for bucket in 0..<buckets {
            let start = inner.lowerBound + bucket * inner.count / buckets
            let end = inner.lowerBound + (bucket + 1) * inner.count / buckets
            guard start < end else { continue }
            var lowest = start
            var highest = start
            for index in start..<end {
                if points[index].y < points[lowest].y { lowest = index }
                if points[index].y > points[highest].y { highest = index }
            }
            kept.append(points[min(lowest, highest)])
            if lowest != highest { kept.append(points[max(lowest, highest)]) }
        }
        kept.append(points[points.count - 1])
        return kept
    }
}
