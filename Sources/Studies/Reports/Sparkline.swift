/// A one-line chart for terminals made of the block characters `▁▂▃▄▅▆▇█`.
///
/// ```swift
/// Sparkline.render([0.1, 0.4, 0.2, 0.9], width: 4)   // "▁▄▂█"
/// ```
public enum Sparkline {
    /// The eight levels, lowest first.
    public static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// Draws `values` in exactly `width` characters (or none when `values` is empty).
    ///
    /// Longer series are resampled by averaging consecutive buckets; shorter ones are stretched
    /// by repeating values, so sparklines of the same width share a time axis. The lowest
    /// resampled value is `▁` and the highest `█`; a flat series is drawn at mid height.
    /// NaN and infinite values are ignored, and a bucket with nothing else draws as a space.
    ///
    /// - Parameters:
    ///   - values: The series, oldest first.
    ///   - width: The number of characters; values below 1 give an empty string.
    /// - Returns: A string of `width` characters.
    /// - Complexity: O(`values.count` + `width`).
    public static func render(_ values: [Double], width: Int) -> String {
        guard width > 0, !values.isEmpty else { return "" }
        let buckets = resample(values, width: width)
        let finite = buckets.compactMap { $0 }
        guard let low = finite.min(), let high = finite.max() else { return String(repeating: " ", count: width) }
        let top = levels.count - 1
        return String(buckets.map { value -> Character in
            guard let value else { return " " }
            guard high > low else { return levels[top / 2] }
            let level = Int(((value - low) / (high - low) * Double(top)).rounded())
            return levels[min(top, max(0, level))]
        })
    }

    /// `width` values: bucket means when shrinking, repeated values when stretching; `nil`
    /// where a bucket holds no finite value.
    static func resample(_ values: [Double], width: Int) -> [Double?] {
        let count = values.count
        return (0..<width).map { column in
            let start = column * count / width
            let end = max(start + 1, (column + 1) * count / width)
            var sum = 0.0
            var n = 0
            for value in values[start..<end] where value.isFinite {
                sum += value
                n += 1
            }
            return n == 0 ? nil : sum / Double(n)
        }
    }
}
