internal import Foundation

/// Numbers as text for reports, CSV files and invoices, the same on every machine.
///
/// The one home of fixed-point and thousands-grouped formatting; locale-independent.
public enum NumberText {
    /// `value` with exactly `decimals` digits after the point (`0.530`); `-0` is written as `0`
    /// (`-0.0001` with 2 decimals is `0.00`), non-finite values as C's `printf` writes them
    /// (`nan`, `inf`, `-inf`).
    ///
    /// - Parameters:
    ///   - value: The number.
    ///   - decimals: Digits after the point (0 writes no point).
    /// - Returns: The text, e.g. `0.530`.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        let text = String(format: "%.\(max(0, decimals))f", value)
        if text.hasPrefix("-"), text.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { return String(text.dropFirst()) }
        return text
    }

    /// A whole number with a comma between each group of three digits (`300,000`, `-1,234`).
    ///
    /// - Parameter value: The number.
    /// - Returns: The grouped text.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return value < 0 ? "-" + text : text
    }
}
