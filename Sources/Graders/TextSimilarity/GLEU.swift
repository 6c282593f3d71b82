/// Sentence GLEU (Google-BLEU) exactly as nltk 3.9.1 computes
/// `sentence_gleu([reference], hypothesis)` with `min_len=1, max_len=4`: matching 1- to 4-grams
/// over the larger of the two sequences' total 1- to 4-gram counts, i.e. min(precision, recall).
enum GLEU {
    /// The GLEU score of `hypothesis` against `reference`, tokens compared by code points.
    static func sentenceScore(reference: [String], hypothesis: [String]) -> Double {
        score(InternedPair(first: hypothesis, second: reference))
    }

    /// The GLEU score of text `hypothesisText` against `referenceText`, both split as by Python's
    /// `str.split()`: `sentenceScore(reference: PythonText.split(referenceText), hypothesis:
    /// PythonText.split(hypothesisText))`, without creating the token strings.
    static func sentenceScore(referenceText: String, hypothesisText: String) -> Double {
        score(InternedPair(firstText: hypothesisText, secondText: referenceText))
    }

    /// GLEU of the pair's first sequence (the hypothesis) against its second (the reference).
    private static func score(_ pair: InternedPair) -> Double {
        let total = max(everygramCount(pair.split), everygramCount(pair.secondCount))
        // nltk's corner case: no n-grams on either side scores 0.0.
        guard total > 0 else { return 0 }
        let matches = pair.clippedCounts(maxOrder: 4).reduce(0, +)
        return Double(matches) / Double(total)
    }

    /// How many 1- to 4-grams `everygrams` yields for a sequence of `length` tokens.
    private static func everygramCount(_ length: Int) -> Int {
        (1...4).reduce(0) { $0 + max(0, length - $1 + 1) }
    }
}
