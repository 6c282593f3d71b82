import Stochastics
import Testing

/// The shared number formatting and hash: one home for each, pinned here.
struct NumberTextTests {
    @Test(arguments: [
        (0.5304, 3, "0.530"), (-0.0001, 2, "0.00"), (-1.005, 1, "-1.0"), (2.0, 0, "2"),
        (Double.nan, 2, "nan"), (Double.infinity, 2, "inf"), (-Double.infinity, 1, "-inf"),
    ])
    func fixedWritesExactlyTheDecimalsAndNoNegativeZero(value: Double, decimals: Int, text: String) {
        #expect(NumberText.fixed(value, decimals: decimals) == text)
    }

    @Test(arguments: [(0, "0"), (999, "999"), (1_000, "1,000"), (300_000, "300,000"), (-1_234_567, "-1,234,567")])
    func groupedSeparatesThousands(value: Int, text: String) {
        #expect(NumberText.grouped(value) == text)
    }

    @Test func fnv1aMatchesTheReferenceVectors() {
        // From the FNV reference test suite (64-bit FNV-1a).
        #expect(FNV1a64.hash("") == 0xcbf2_9ce4_8422_2325)
        #expect(FNV1a64.hash("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(FNV1a64.hash("foobar") == 0x8594_4171_f739_67e8)
    }
}
