/// The shortest decimal text that reads back as the same `Double`, byte for byte what Swift's
/// `description` writes, into caller memory and without allocating.
///
/// The digits are Schubfach's (Raffaello Giulietti, "The Schubfach way to render doubles", 2020;
/// the algorithm behind Java's `Double.toString` since JDK 19): the shortest decimal in the
/// interval of reals that round to the value, and of those the one closest to the value (the even
/// one on a tie), found with three 126×64-bit round-to-odd products against a table of powers of
/// ten (`ShortestDecimal+PowerTable.swift`, written by `scripts/shortest-decimal-table` with exact
/// integers). Unlike Java, a one-digit result stays one digit, as in Swift, and the smallest
/// subnormals need no special case (all with a significand below 2,000,000 were compared).
///
/// The text follows Swift's `Double.description` (established by comparison with the standard
/// library, see `ShortestDecimalTests`), with d₁d₂…dₙ the digits and E the decimal exponent of the
/// first digit (value = d₁.d₂…dₙ × 10^E):
/// - zero: `0.0` or `-0.0`;
/// - scientific when E < -4 or |value| > 2^53: `d₁e±XX` for one digit, otherwise `d₁.d₂…dₙe±XX`,
///   the exponent with a sign and at least two digits (`1e-05`, `1e+16`, `5e-324`,
///   `1.7976931348623157e+308`);
/// - otherwise plain, always with a point: `0.000d₁…dₙ` (E < 0), `d₁…dₙ00.0` (no fraction digits,
///   `100.0`, `9007199254740992.0`) or `d₁…d₍E+1₎.d₍E+2₎…dₙ` (`12.5`);
/// - a negative value is `-` followed by its magnitude's text.
public enum ShortestDecimal {
    /// The most bytes ``write(_:to:)`` writes: `-1.7976931348623157e+308` (sign, 17 digits, point,
    /// `e`, exponent sign and three exponent digits).
    public static let maximumLength = 24

    /// Writes the shortest round-trip text of a finite `value`, as `value.description` spells it.
    ///
    /// Allocates nothing, and runs about half the instructions of the standard library's
    /// `Double.write(to:)` (some 270 against 570 for a 17-digit number).
    ///
    /// ```swift
    /// withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ShortestDecimal.maximumLength) { bytes in
    ///     let count = ShortestDecimal.write(0.1, to: bytes.baseAddress!)  // "0.1", count 3
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - value: A finite number; a non-finite one stops the program (a precondition), so check
    ///     `isFinite` first.
    ///   - buffer: Memory for at least ``maximumLength`` bytes; the text starts at `buffer[0]`.
    ///     Bytes between the returned count and ``maximumLength`` may be overwritten.
    /// - Returns: The number of bytes of the text (3 to ``maximumLength``).
    public static func write(_ value: Double, to buffer: UnsafeMutablePointer<UInt8>) -> Int {
        precondition(value.isFinite, "ShortestDecimal.write needs a finite value")
        let bits = value.bitPattern
        var start = buffer
        if bits >> 63 != 0 {
            start.pointee = UInt8(ascii: "-")
            start += 1
        }
        let fraction = bits & (1 << 52 - 1)
        let biasedExponent = Int(truncatingIfNeeded: bits >> 52) & 0x7FF
        if biasedExponent == 0, fraction == 0 {
            start[0] = UInt8(ascii: "0")
            start[1] = UInt8(ascii: ".")
            start[2] = UInt8(ascii: "0")
            return start - buffer + 3
        }
        let decimal = shortest(fraction: fraction, biasedExponent: biasedExponent)
        let length = format(
            digits: decimal.digits, pointExponent: decimal.pointExponent,
            scientific: bits & ~(1 << 63) > (0x1p53 as Double).bitPattern, to: start)
        return start - buffer &+ length
    }

    // MARK: - The shortest decimal (Schubfach)

    /// The shortest, then closest, decimal that rounds to the finite nonzero binary value with
    /// these fields, as 17 digits d1d2...d17 (10^16 ≤ digits < 10^17, ending in zeros beyond the
    /// shortest's) and the exponent E of d1.d2...d17 × 10^E.
    @inline(__always)
    private static func shortest(fraction: UInt64, biasedExponent: Int) -> (digits: UInt64, pointExponent: Int) {
        // value = c 2^q
        let isNormal = biasedExponent != 0
        let c = isNormal ? fraction | 1 << 52 : fraction
        let q = isNormal ? biasedExponent &- 1075 : -1074
        // With c even, the rounding interval's ends round to the value (ties to even): inclusive.
        let out = c & 1
        let cb = c &<< 2
        let cbr = cb &+ 2
        let cbl: UInt64
        let k: Int
        if c != 1 << 52 || q == -1074 {
            cbl = cb &- 2
            k = floorLog10Pow2(q)
        } else {
            // A power of two: the gap below is half the gap above.
            cbl = cb &- 1
            k = floorLog10ThreeQuartersPow2(q)
        }
        let h = UInt64(truncatingIfNeeded: q &+ floorLog2Pow10(-k) &+ 2)  // 1...4
        let index = 2 &* (k &+ 324)
        let g1 = powerTable[index]
        let g0 = powerTable[index &+ 1]
        // 4 value 10^-k and the interval's ends, rounded to odd.
        let vb = roundToOddProduct(g1, g0, cb &<< h)
        let vbl = roundToOddProduct(g1, g0, cbl &<< h)
        let vbr = roundToOddProduct(g1, g0, cbr &<< h)

        // s 10^k <= value < (s + 1) 10^k. The choice below is arithmetic on 0/1 flags rather than
        // branches, which random digits would mispredict; all quantities are below 2^61, so the
        // arithmetic is wrapping (unchecked) without ever wrapping.
        let s = vb >> 2
        // At most one multiple of 10^(k+1) lies in the interval; if one does, it is the shortest.
        let shorter = s / 10
        let shorterLowIn = flag(vbl &+ out <= shorter &* 40)
        let shorterHighIn = flag(shorter &* 40 &+ 40 &+ out <= vbr)
        let useShorter = shorterLowIn ^ shorterHighIn
        // Otherwise it is s or s + 1 (times 10^k): the one in the interval, or the one closer to
        // the value if both are (one at least is: the interval is wider than 10^k), the even one on a tie
        // (vb ≤ 4s + 2 for an even s, vb < 4s + 2 for an odd one).
        let lowIn = flag(vbl &+ out <= s &<< 2)
        let highIn = flag(s &<< 2 &+ 4 &+ out <= vbr)
        let closerToLow = flag(vb &+ (s & 1) <= s &<< 2 &+ 2)
        let useLow = (highIn ^ 1) | (lowIn & closerToLow)
        let nearest = s &+ 1 &- useLow
        let shorterDigits = shorter &+ (shorterLowIn ^ 1)
        // To 17 digits, d1.d2...d17 10^E. A normal value's s has 16 or 17 digits (value < 2^53 2^q
        // and 2^q < 10^(k+1)), which sets the scale without counting the result's digits.
        if s >= 1_000_000_000_000_000 {
            let isShort = flag(s < 10_000_000_000_000_000)
            let scale = 1 &+ isShort &* 9
            var digits = (useShorter != 0 ? shorterDigits &* 10 : nearest) &* scale
            var pointExponent = k &+ 16 &- Int(truncatingIfNeeded: isShort)
            if digits >= 100_000_000_000_000_000 {
                // s + 1 or s / 10 + 1 carried into one more digit.
                digits /= 10
                pointExponent &+= 1
            }
            return (digits, pointExponent)
        }
        // Subnormal values with few digits.
        let significand = useShorter != 0 ? shorterDigits : nearest
        let width = digitCount(significand)
        return (significand &* powersOfTen[17 - width], k + Int(truncatingIfNeeded: useShorter) + width - 1)
    }

    /// 1 for true, 0 for false.
    @inline(__always)
    private static func flag(_ condition: Bool) -> UInt64 { condition ? 1 : 0 }

    /// floor(g × cp / 2^127) with its last bit set when the product's dropped bits are not all
    /// zero (rounding to odd), for g = g1 2^63 + g0 and cp < 2^63.
    @inline(__always)
    private static func roundToOddProduct(_ g1: UInt64, _ g0: UInt64, _ cp: UInt64) -> UInt64 {
        let mask63: UInt64 = 1 << 63 - 1
        let x1 = g0.multipliedFullWidth(by: cp).high
        let y = g1.multipliedFullWidth(by: cp)
        let z = (y.low >> 1) &+ x1
        let vbp = y.high &+ (z >> 63)
        return vbp | (((z & mask63) &+ mask63) >> 63)
    }

    /// floor(log10(2^q)) for |q| ≤ 1,100 (checked by scripts/shortest-decimal-table).
    @inline(__always)
    private static func floorLog10Pow2(_ q: Int) -> Int { (q &* 661_971_961_083) >> 41 }

    /// floor(log10(3/4 × 2^q)) for |q| ≤ 1,100.
    @inline(__always)
    private static func floorLog10ThreeQuartersPow2(_ q: Int) -> Int { (q &* 661_971_961_083 &- 274_743_187_321) >> 41 }

    /// floor(log2(10^e)) for |e| ≤ 400.
    @inline(__always)
    private static func floorLog2Pow10(_ e: Int) -> Int { (e &* 913_124_641_741) >> 38 }

    // MARK: - Text

    /// Writes d1.d2...d17 × 10^E (10^16 ≤ digits < 10^17, the shortest digits padded with zeros)
    /// in Swift's layout and returns the byte count; writes at most 23 bytes.
    @inline(__always)
    private static func format(
        digits padded: UInt64, pointExponent: Int, scientific forceScientific: Bool,
        to out: UnsafeMutablePointer<UInt8>
    ) -> Int {
        // The 17 digits are written whole: n, the count without the zeros at the end, comes from
        // the text. The padding past the n digits is overwritten, lies beyond the returned
        // length, or is an integer's zero after the point.
        if forceScientific || pointExponent < -4 {
            // d1.d2...dn e±XX (the exponent overwrites the point when n = 1)
            let count = writeSeventeenDigits(padded, to: out, gap: 1)
            out[1] = UInt8(ascii: ".")
            let length = count == 1 ? 1 : count &+ 1
            out[length] = UInt8(ascii: "e")
            out[length + 1] = pointExponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")
            var magnitude = Int(pointExponent.magnitude)
            var end = length + 2
            if magnitude >= 100 {
                out[end] = UInt8(ascii: "1") &+ UInt8(truncatingIfNeeded: magnitude / 100 - 1)
                magnitude %= 100
                end += 1
            }
            let tens = magnitude / 10
            out[end] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: tens)
            out[end + 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude - tens * 10)
            return end + 2
        }
        if pointExponent < 0 {
            // 0.000d1...dn, E = -1...-4
            let zeros: UInt64 = 0x0030_3030_3030_2E30  // "0.00000" and a byte the digits overwrite (little-endian)
            UnsafeMutableRawPointer(out).storeBytes(of: zeros.littleEndian, as: UInt64.self)
            let count = writeSeventeenDigits(padded, to: out + 1 - pointExponent, gap: 0)
            return 1 &- pointExponent &+ count
        }
        // E = 0...15: the digits one byte right, the E + 1 integer digits moved in front of the
        // point; an integer keeps the padding zero after the point.
        let count = writeSeventeenDigits(padded, to: out + 1, gap: 0)
        var position = 0
        while position <= pointExponent {
            out[position] = out[position + 1]
            position += 1
        }
        out[position] = UInt8(ascii: ".")
        return count > position ? count + 1 : position + 2
    }

    /// The number of decimal digits of `value` (> 0, < 10^19).
    @inline(__always)
    private static func digitCount(_ value: UInt64) -> Int {
        // floor(log10(2^bits)) is the count or one less.
        let bits = 64 - value.leadingZeroBitCount
        let estimate = (bits &* 1233) >> 12
        return value >= powersOfTen[estimate] ? estimate + 1 : estimate
    }

    /// Writes `value` (10^16 ≤ value < 10^17) as its 17 digits, the first at `out[0]` and the
    /// other 16 from `out[1 + gap]`, and returns how many digits come before the zeros at its end.
    @inline(__always)
    private static func writeSeventeenDigits(_ value: UInt64, to out: UnsafeMutablePointer<UInt8>, gap: Int) -> Int {
        let leading = value / 100_000_000  // the first nine digits
        let low = value &- leading &* 100_000_000
        let first = UInt32(truncatingIfNeeded: leading) / 100_000_000
        let high = UInt32(truncatingIfNeeded: leading) &- first &* 100_000_000
        out[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: first)
        let highDigits = eightDigits(UInt32(truncatingIfNeeded: high))
        let lowDigits = eightDigits(UInt32(truncatingIfNeeded: low))
        let raw = UnsafeMutableRawPointer(out)
        raw.storeBytes(of: (highDigits &+ asciiZeros).littleEndian, toByteOffset: 1 &+ gap, as: UInt64.self)
        raw.storeBytes(of: (lowDigits &+ asciiZeros).littleEndian, toByteOffset: 9 &+ gap, as: UInt64.self)
        // Zero digits at the end: the last digit is the highest byte, a zero digit a zero byte.
        let highZeros = highDigits.leadingZeroBitCount >> 3
        let lowZeros = lowDigits.leadingZeroBitCount >> 3
        return 17 - (lowDigits == 0 ? 8 + highZeros : lowZeros)
    }

    /// "00000000" less the digits' values: added to ``eightDigits(_:)``'s lanes, gives ASCII.
    private static let asciiZeros: UInt64 = 0x3030_3030_3030_3030

    /// The eight decimal digits of `value` (< 10^8) as byte values 0...9, leading zeros included,
    /// the first in the lowest byte; four lanes at a time, without a table or a division.
    @inline(__always)
    private static func eightDigits(_ value: UInt32) -> UInt64 {
        let upper = value / 10_000
        // 32-bit lanes: abcd | efgh
        let quads = UInt64(upper) | UInt64(value &- upper &* 10_000) << 32
        // x / 100 as x * 10486 >> 20 (exact for x < 43,699), per lane: ab | ef
        let hundreds = ((quads &* 10_486) >> 20) & 0x0000_007F_0000_007F
        // 16-bit lanes: ab | cd | ef | gh
        let pairs = hundreds | (quads &- hundreds &* 100) << 16
        // x / 10 as x * 103 >> 10 (exact for x < 179), per lane
        let tens = ((pairs &* 103) >> 10) & 0x000F_000F_000F_000F
        let ones = pairs &- tens &* 10
        return tens | ones << 8
    }

    /// The powers of ten 10^0 through 10^19.
    private static let powersOfTen: [UInt64] = [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000,
        10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000,
        1_000_000_000_000_000, 10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000,
        10_000_000_000_000_000_000,
    ]
}
