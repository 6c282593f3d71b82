/// Python's `str.lower()`, reproduced code point by code point.
///
/// Swift's `String.lowercased()` is close but not the same function: it follows the Unicode version
/// of the Swift runtime rather than Python 3.11's Unicode 14.0, and the references (nltk's METEOR
/// `preprocess=str.lower`, its Porter stemmer and WordNet reader) are defined by Python's. The
/// tables in `PythonLowercase+Tables.swift` are generated from Python itself
/// (`tools/gen_lowercase.py`), so the two agree on every code point.
enum PythonLowercase {
    /// `text.lower()` as Python computes it: the full lowercase mapping of each code point
    /// (U+0130 `İ` becomes `i` + U+0307), with U+03A3 `Σ` becoming final `ς` in the Final_Sigma
    /// context and `σ` elsewhere.
    static func lower(_ text: String) -> String {
        // Fast path: ASCII text without capitals is its own lowercase (the common case).
        var needsMapping = false
        for byte in text.utf8 where byte >= 0x80 || (byte >= 0x41 && byte <= 0x5A) {
            needsMapping = true
            break
        }
        guard needsMapping else { return text }
        let scalars = text.unicodeScalars.map(\.value)
        var output = String.UnicodeScalarView()
        for (position, value) in scalars.enumerated() {
            switch value {
            case 0x130:
                output.append("i")
                output.append("\u{307}")
            case 0x3A3:
                output.append(isFinalSigma(scalars, at: position) ? "\u{3C2}" : "\u{3C3}")
            default:
                output.append(Unicode.Scalar(lowercase(value)) ?? "\u{FFFD}")
            }
        }
        return String(output)
    }

    /// The simple lowercase mapping of one code point (Python's `_PyUnicode_ToLowerFull` for
    /// everything but U+0130, whose mapping is two code points).
    static func lowercase(_ value: UInt32) -> UInt32 {
        if value < 0x80 {
            return value >= 0x41 && value <= 0x5A ? value + 0x20 : value
        }
        // The runs are sorted and disjoint: find the last run starting at or before `value`.
        let runCount = runs.count / 4
        var low = 0
        var high = runCount
        while low < high {
            let middle = (low + high) / 2
            if UInt32(runs[middle * 4]) <= value { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return value }
        let run = (low - 1) * 4
        let start = UInt32(runs[run])
        let end = UInt32(runs[run + 1])
        let stride = UInt32(runs[run + 2])
        guard value <= end, (value - start) % stride == 0 else { return value }
        return UInt32(Int64(value) + Int64(runs[run + 3]))
    }

    /// CPython's `handle_capital_sigma`: the sigma at `position` is final when a cased letter
    /// precedes it (skipping case-ignorable code points) and none follows it the same way.
    private static func isFinalSigma(_ scalars: [UInt32], at position: Int) -> Bool {
        var index = position - 1
        while index >= 0, contains(caseIgnorable, scalars[index]) {
            index -= 1
        }
        guard index >= 0, contains(cased, scalars[index]) else { return false }
        index = position + 1
        while index < scalars.count, contains(caseIgnorable, scalars[index]) {
            index += 1
        }
        return index == scalars.count || !contains(cased, scalars[index])
    }

    /// Whether `value` lies in one of the sorted closed ranges `first, last` of `ranges`.
    private static func contains(_ ranges: [UInt32], _ value: UInt32) -> Bool {
        var low = 0
        var high = ranges.count / 2
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle * 2] <= value { low = middle + 1 } else { high = middle }
        }
        return low > 0 && value <= ranges[(low - 1) * 2 + 1]
    }
}
