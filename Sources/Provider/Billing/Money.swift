internal import Foundation

/// Exact decimal arithmetic for invoice amounts, and the invoice's number formats.
///
/// Prices and quantities arrive as `Double`s; each is taken at its shortest round-trip decimal
/// (`0.275`, not `0.27500000000000002`), so that `9180 s × $100/h` is exactly $255 and halves
/// of a cent round the way an accountant expects (half away from zero).
enum Money {
    /// The decimal that `value` prints as.
    static func decimal(_ value: Double) -> Decimal {
        Decimal(string: "\(value)", locale: Locale(identifier: "en_US_POSIX")) ?? Decimal(value)
    }

    /// `value` rounded to `places` decimals, halves away from zero.
    static func rounded(_ value: Decimal, places: Int) -> Decimal {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, places, .plain)
        return result
    }

    /// The sum of amounts already in whole cents, added as decimals (so $33.51 + $0.00 is 33.51,
    /// not 33.510000000000005).
    static func sum(_ amounts: [Double]) -> Double {
        double(amounts.reduce(Decimal()) { $0 + decimal($1) })
    }

    /// The double nearest to `value`.
    static func double(_ value: Decimal) -> Double {
        Double(value.description) ?? NSDecimalNumber(decimal: value).doubleValue
    }

    /// `value` rounded to `places` decimals and written with exactly that many (`2.55`, `4.00`).
    static func fixed(_ value: Decimal, places: Int) -> String {
        pad(rounded(value, places: places).description, places: places)
    }

    /// A price in dollars with at least two decimals and as many more as it has (`$100.00`, `$0.275`).
    static func dollars(_ value: Double) -> String {
        let text = pad(decimal(value).description, places: 2)
        return text.hasPrefix("-") ? "-$" + text.dropFirst() : "$" + text
    }

    /// A fraction as a percentage without needless decimals (`0.5` → `50%`, `0.125` → `12.5%`).
    static func percent(_ fraction: Double) -> String {
        "\(rounded(decimal(fraction) * 100, places: 6))%"
    }

    /// Pads `text` (a plain decimal) with zeros to at least `places` decimals.
    private static func pad(_ text: String, places: Int) -> String {
        guard places > 0 else { return text }
        guard let dot = text.firstIndex(of: ".") else { return text + "." + String(repeating: "0", count: places) }
        let decimals = text.distance(from: text.index(after: dot), to: text.endIndex)
        return decimals >= places ? text : text + String(repeating: "0", count: places - decimals)
    }
}
