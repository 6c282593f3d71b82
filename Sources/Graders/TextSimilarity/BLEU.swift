#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Sentence BLEU exactly as nltk 3.9.1 computes
/// `sentence_bleu([reference], hypothesis, smoothing_function=SmoothingFunction().method1)`:
/// uniform weights over 1- to 4-grams, one reference, brevity penalty, and method1 smoothing
/// (a precision with no matches becomes 0.1 / its denominator).
enum BLEU {
    /// The BLEU score of `hypothesis` against `reference`, tokens compared by code points.
    static func sentenceScore(reference: [String], hypothesis: [String]) -> Double {
        score(InternedPair(first: hypothesis, second: reference))
    }

    /// The BLEU score of text `hypothesisText` against `referenceText`, both split as by Python's
    /// `str.split()`: `sentenceScore(reference: PythonText.split(referenceText), hypothesis:
    /// PythonText.split(hypothesisText))`, without creating the token strings.
    static func sentenceScore(referenceText: String, hypothesisText: String) -> Double {
        score(InternedPair(firstText: hypothesisText, secondText: referenceText))
    }

    /// BLEU of the pair's first sequence (the hypothesis) against its second (the reference).
    private static func score(_ pair: InternedPair) -> Double {
        let hypothesisLength = pair.split
        let numerators = pair.clippedCounts(maxOrder: 4)

        // nltk returns 0 outright when no unigram matches (this covers an empty hypothesis or
        // reference), before any smoothing.
        guard numerators[0] > 0 else { return 0 }

        var terms: [Double] = []
        terms.reserveCapacity(4)
        for order in 1...4 {
            // `modified_precision`'s denominator: the hypothesis's n-gram count, at least 1.
            let denominator = Double(max(1, hypothesisLength - order + 1))
            let numerator = numerators[order - 1]
            // method1 replaces a zero numerator by epsilon = 0.1 (a float, no longer a
            // Fraction); otherwise `math.log` takes `float(Fraction)`, the correctly rounded
            // quotient, which is what Double division of these exact integers gives.
            let precision = numerator == 0 ? 0.1 / denominator : Double(numerator) / denominator
            terms.append(0.25 * log(precision))
        }
        return brevityPenalty(referenceLength: pair.secondCount, hypothesisLength: hypothesisLength)
            * exp(PythonMath.fsum(terms))
    }

    /// nltk's `brevity_penalty(closest_ref_len, hyp_len)`.
    private static func brevityPenalty(referenceLength: Int, hypothesisLength: Int) -> Double {
        if hypothesisLength > referenceLength { return 1 }
        if hypothesisLength == 0 { return 0 }
        return exp(1 - Double(referenceLength) / Double(hypothesisLength))
    }
}
