import Foundation

/// A linear axis with "nice" bounds and ticks: steps of 1, 2 or 5 times a power of ten.
///
/// The axis always covers the values it was built from; a single value, or none at all, still
/// gives a usable range.
///
/// ```swift
/// let axis = ChartAxis(min: 0.0013, max: 0.0042)
/// axis.ticks          // [0.001, 0.002, 0.003, 0.004, 0.005]
/// axis.label(0.002)   // "0.002"
/// ```
public struct ChartAxis: Sendable, Hashable {
    /// The smallest value shown (a multiple of `step`).
    public let lower: Double
    /// The largest value shown (a multiple of `step`).
    public let upper: Double
    /// The distance between ticks: 1, 2 or 5 times a power of ten.
    public let step: Double
    /// The tick values from `lower` to `upper`, inclusive.
    public let ticks: [Double]
    /// Digits after the decimal point that tick labels need.
    public let decimals: Int

    /// Builds the axis for the range `[min, max]`.
    ///
    /// - Parameters:
    ///   - min: The smallest value to cover. Non-finite bounds fall back to `[0, 1]`.
    ///   - max: The largest value to cover.
    ///   - targetTickCount: About how many intervals to aim for (the result has roughly this
    ///     many, between half and twice as many).
    ///   - integerSteps: Never use a step below 1 (for step counts).
    public init(min: Double, max: Double, targetTickCount: Int = 5, integerSteps: Bool = false) {
        var low = Swift.min(min, max)
        var high = Swift.max(min, max)
        if !low.isFinite || !high.isFinite {
            (low, high) = low.isFinite ? (low, low + 1) : (high.isFinite ? (high - 1, high) : (0, 1))
        }
        if high - low <= Swift.max(abs(high), abs(low)) * 1e-12 {
            if low == 0 {
                high = 1
            } else {
                let pad = integerSteps ? 1 : abs(low) * 0.1
                (low, high) = (low - pad, high + pad)
            }
        }
        let raw = (high - low) / Double(Swift.max(1, targetTickCount))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let fraction = raw / magnitude
        // The tolerance keeps 0.02 / 0.01 = 2.0000000000000004 at 2.
        let nice: Double = fraction <= 1 + 1e-9 ? 1 : fraction <= 2 + 1e-9 ? 2 : fraction <= 5 + 1e-9 ? 5 : 10
        var step = nice * magnitude
        if integerSteps { step = Swift.max(1, step.rounded()) }
        let first = (low / step + 1e-9).rounded(.down)
        let last = (high / step - 1e-9).rounded(.up)
        self.step = step
        self.lower = first * step
        self.upper = last * step
        let count = Int(last - first)
        self.ticks = (0...Swift.max(0, count)).map { (first + Double($0)) * step }
        self.decimals = Swift.max(0, Int((-log10(step) - 1e-9).rounded(.up)))
    }

    /// Builds the axis covering the finite values of `values` (`[0, 1]` when there are none).
    ///
    /// - Parameters:
    ///   - values: The data; NaN and infinities are ignored.
    ///   - targetTickCount: About how many intervals to aim for.
    ///   - integerSteps: Never use a step below 1.
    ///   - includeZero: Stretch the range to include 0 (for costs, counts, durations).
    ///   - padding: A share of the data's range added on each side before rounding, so points
    ///     do not sit on the frame (scatter plots use 0.04).
    public init(covering values: some Sequence<Double>, targetTickCount: Int = 5, integerSteps: Bool = false,
                includeZero: Bool = false, padding: Double = 0) {
        var low = Double.infinity
        var high = -Double.infinity
        for value in values where value.isFinite {
            low = Swift.min(low, value)
            high = Swift.max(high, value)
        }
        if low > high { (low, high) = (0, 1) }
        if padding > 0, high > low {
            let pad = (high - low) * padding
            (low, high) = (low >= 0 && low - pad < 0 ? 0 : low - pad, high + pad)
        }
        if includeZero { (low, high) = (Swift.min(low, 0), Swift.max(high, 0)) }
        self.init(min: low, max: high, targetTickCount: targetTickCount, integerSteps: integerSteps)
    }

    /// The tick label for `value`, with just enough decimals for this axis's step.
    public func label(_ value: Double) -> String {
        SVGMarkup.fixed(value, decimals: decimals)
    }

    /// Maps `value` linearly from `[lower, upper]` onto `[start, end]` (pixels; `end` may be
    /// smaller than `start`, as for a y axis).
    public func position(of value: Double, from start: Double, to end: Double) -> Double {
        start + (value - lower) / (upper - lower) * (end - start)
    }
}
