extension TextSimilarityGrader {
    /// The similarity of the rendered input to the rendered reference.
    ///
    /// Each metric reproduces a Python reference library exactly (the platform names only the
    /// libraries; these calls are RFTSim's choice, see docs/GRADERS.md). Tokens are the text
    /// split on whitespace (Python's `str.split()`):
    /// - `fuzzy_match`: rapidfuzz `fuzz.WRatio(input, reference) / 100`;
    /// - `bleu`: nltk `sentence_bleu([reference_tokens], input_tokens,
    ///   smoothing_function=SmoothingFunction().method1)`;
    /// - `gleu`: nltk `sentence_gleu([reference_tokens], input_tokens)`;
    /// - `meteor`: nltk `meteor_score([reference_tokens], input_tokens)` with WordNet 3.0;
    /// - `rouge_1`…`rouge_5`, `rouge_l`: rouge-score `RougeScorer` F-measure, default options;
    /// - `cosine`: a deterministic local embedding (``LocalEmbedding``), not OpenAI's.
    ///
    /// - Throws: ``TemplateError`` for a variable that does not resolve; WordNet's loading
    ///   error for `meteor` without WordNet.
    func score(_ context: TemplateContext, wordNet: LazyWordNet) throws -> Double {
        let input = try inputTemplate.render(context)
        let reference = try referenceTemplate.render(context)
        return try Self.similarity(evaluationMetric, input: input, reference: reference, wordNet: wordNet)
    }

    static func similarity(_ metric: Metric, input: String, reference: String, wordNet: LazyWordNet) throws -> Double {
        switch metric {
        case .fuzzyMatch: FuzzyMatch.weightedRatio(input, reference) / 100
        case .bleu: BLEU.sentenceScore(referenceText: reference, hypothesisText: input)
        case .gleu: GLEU.sentenceScore(referenceText: reference, hypothesisText: input)
        case .meteor: METEOR.score(reference: PythonText.split(reference), hypothesis: PythonText.split(input), wordNet: try wordNet.get())
        case .rouge1: ROUGE.nGramF1(order: 1, reference: reference, candidate: input)
        case .rouge2: ROUGE.nGramF1(order: 2, reference: reference, candidate: input)
        case .rouge3: ROUGE.nGramF1(order: 3, reference: reference, candidate: input)
        case .rouge4: ROUGE.nGramF1(order: 4, reference: reference, candidate: input)
        case .rouge5: ROUGE.nGramF1(order: 5, reference: reference, candidate: input)
        case .rougeL: ROUGE.longestCommonSubsequenceF1(reference: reference, candidate: input)
        case .cosine: LocalEmbedding.cosine(input, reference)
        }
    }
}
