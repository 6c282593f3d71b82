import Stochastics
import Testing

/// ShortestDecimal writes exactly the bytes of `Double.description`, and never more than its
/// documented maximum.
struct ShortestDecimalTests {
    /// SplitMix64 (Steele, Lea and Flood 2014): a seeded source of bit patterns for the comparisons.
    private struct SplitMix64 {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var mixed = state
            mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
            mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
            return mixed ^ (mixed >> 31)
        }
    }

    /// Compares ShortestDecimal's bytes with `description` for every finite value, checks that no
    /// byte past ``ShortestDecimal/maximumLength`` is touched, and describes the first values that
    /// differ (plain loops: this runs millions of times in a debug build).
    private func mismatches(_ values: some Sequence<Double>) -> [String] {
        let untouched: UInt64 = 0xA5A5_A5A5_A5A5_A5A5
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ShortestDecimal.maximumLength + 8) { buffer in
            let base = buffer.baseAddress!
            buffer.initialize(repeating: 0xA5)
            var differing: [String] = []
            for value in values where value.isFinite {
                let count = ShortestDecimal.write(value, to: base)
                var expected = value.description
                let same = expected.withUTF8 { bytes in
                    guard bytes.count == count else { return false }
                    var index = 0
                    while index < count, bytes[index] == base[index] { index += 1 }
                    return index == count
                }
                let tail = UnsafeRawPointer(base + ShortestDecimal.maximumLength).loadUnaligned(as: UInt64.self)
                if !same || tail != untouched {
                    let written = String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
                    let bits = String(value.bitPattern, radix: 16)
                    differing.append("0x\(bits): wrote \(written), description \(expected)" + (tail != untouched ? ", past the maximum" : ""))
                    buffer.initialize(repeating: 0xA5)
                    if differing.count == 20 { break }
                }
            }
            return differing
        }
    }

    /// The text ShortestDecimal writes for `value`.
    private func text(_ value: Double) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ShortestDecimal.maximumLength) { buffer in
            let count = ShortestDecimal.write(value, to: buffer.baseAddress!)
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
        }
    }

    @Test(arguments: [
        (0.0, "0.0"), (-0.0, "-0.0"), (1, "1.0"), (-2.5, "-2.5"), (0.1, "0.1"), (100, "100.0"),
        (0.0001, "0.0001"), (0.00012, "0.00012"), (0.0000999, "9.99e-05"), (0.00001, "1e-05"),
        (1e15, "1000000000000000.0"), (9_007_199_254_740_992, "9007199254740992.0"),
        (9_007_199_254_740_994, "9.007199254740994e+15"), (1e16, "1e+16"), (1e23, "1e+23"),
        (Double.leastNonzeroMagnitude, "5e-324"), (Double.leastNormalMagnitude, "2.2250738585072014e-308"),
        (-Double.greatestFiniteMagnitude, "-1.7976931348623157e+308"), (0.04127415616789345, "0.04127415616789345"),
        (3.7932465409343114e-06, "3.7932465409343114e-06"), (123_456.789, "123456.789"),
    ])
    func writesSwiftsFormat(value: Double, expected: String) {
        #expect(text(value) == expected)
    }

    @Test func edgeCasesMatchDescription() {
        var values: [Double] = []
        // Subnormals with the fewest and the most significand bits.
        for fraction in UInt64(1)...5_000 {
            values += [Double(bitPattern: fraction), Double(bitPattern: (1 << 52) - fraction)]
        }
        // Every binary exponent: powers of two (asymmetric intervals) and their neighbours.
        let fractions: [UInt64] = [0, 1, 2, 3, 1 << 51, (1 << 51) + 1, (1 << 52) - 2, (1 << 52) - 1]
        for exponent in UInt64(0)..<2047 {
            for fraction in fractions {
                let value = Double(bitPattern: exponent << 52 | fraction)
                values += [value, value.nextUp, value.nextDown]
            }
        }
        // d × 10^e and its neighbours, across the whole range and the format switches.
        for exponent in -324...308 {
            for digit in 1...9 {
                guard let value = Double("\(digit)e\(exponent)"), value.isFinite, value > 0 else { continue }
                values += [value, value.nextUp, value.nextDown]
            }
        }
        // Integers: small ones, around 2^53 (the switch to scientific) and scaled powers of two.
        values += (0..<20_000).map { Double($0) }
        values += (-20_000...20_000).map { Double((1 << 53) + $0) }
        values += (0..<64).flatMap { shift in (1..<64).map { Double(UInt64($0) << shift) } }
        #expect(mismatches(values + values.map { -$0 }) == [])
    }

    @Test func decimalsWithFifteenToSeventeenDigitsMatchDescription() {
        var random = SplitMix64(state: 15)
        let values = (0..<100_000).map { _ in
            let digits = 15 + Int(random.next() % 3)
            let significand = String(random.next() % 90_000_000_000_000_000 + 10_000_000_000_000_000).prefix(digits)
            return Double("\(significand)e\(Int(random.next() % 60) - 40)")!
        }
        #expect(mismatches(values) == [])
    }

    @Test func randomBitPatternsMatchDescription() {
        var random = SplitMix64(state: 1)
        #expect(mismatches((0..<1_000_000).lazy.map { _ in Double(bitPattern: random.next()) }) == [])
    }

    @Test func randomUnitIntervalValuesMatchDescription() {
        var random = SplitMix64(state: 2)
        #expect(mismatches((0..<1_000_000).lazy.map { _ in Double(random.next() >> 11) * 0x1p-53 }) == [])
    }
}
