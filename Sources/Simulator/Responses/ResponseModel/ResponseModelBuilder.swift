public import Graders
internal import Stochastics

/// Turns a dataset and a grader into a graded ``ResponseModel``, whose ``ResponseModel/table``
/// the ``Trainer`` trains on.
///
/// ```swift
/// var builder = ResponseModelBuilder(dataset: items, grader: grader)
/// builder.responseFormat = schema            // optional: JSON answers, malformed JSON candidates
/// builder.prior = BasePrior(successRate: 0.3, difficultyConcentration: 4, formatErrorRate: 0.05)
/// let model = try await builder.build()
/// let run = try Trainer(table: model.table, configuration: configuration).run()
/// ```
///
/// Candidates come from the ``answerSpace`` (facet combinations, or inference from the grader's
/// templates: see ``InferenceOptions``); each (item, candidate) is graded once by ``grader``
/// and, when given, by ``goldGrader`` (→ ``ResponseTable/goldRewards``); features are
/// ``ResponseFeatures``; prior logits follow ``BasePrior``. Everything random comes from
/// `StreamKey(seed: seed).child("responses", …)`, so a build is a pure function of its inputs.
/// A grader that errors on every answer does not fail the build: rewards are 0 and
/// ``GradingReport`` says so.
public struct ResponseModelBuilder: Sendable {
    /// The dataset items (the `item` namespace of templates), at least one.
    public var dataset: [JSONValue]
    /// The training grader.
    public var grader: Grader
    /// The objective you really care about, graded beside the training grader.
    public var goldGrader: Grader?
    /// Where the candidate answers come from (default: inferred).
    public var answerSpace: AnswerSpace
    /// The job's `response_format` (see ``ResponseFormatSpec`` for the accepted shapes), or `nil`.
    public var responseFormat: JSONValue?
    /// The base model's prior over answers.
    public var prior: BasePrior
    /// Add one memorisation column per (item, candidate) (see ``ResponseFeatures``).
    public var memorization: Bool
    /// The number J of off-span direction columns to add (0: none), plus a malformed-answer
    /// column, for ``TrainingDynamics/instability`` (see ``ResponseTable/OffSpanColumns``).
    public var offSpanDirections: Int
    /// The seed of every random choice.
    public var seed: UInt64

    /// Creates a builder; the other fields take their defaults and can be set after.
    public init(dataset: [JSONValue], grader: Grader, goldGrader: Grader? = nil, answerSpace: AnswerSpace = .inferred, seed: UInt64 = 0) {
        self.dataset = dataset
        self.grader = grader
        self.goldGrader = goldGrader
        self.answerSpace = answerSpace
        self.responseFormat = nil
        self.prior = BasePrior()
        self.memorization = false
        self.offSpanDirections = 0
        self.seed = seed
    }

    /// Builds with a fresh ``GraderEngine``, shut down afterwards.
    public func build() async throws(SimulatorError) -> ResponseModel {
        let engine = GraderEngine()
        let result: Result<ResponseModel, SimulatorError>
        do {
            result = .success(try await build(engine: engine))
        } catch {
            result = .failure(error)
        }
        await engine.shutdown()
        return try result.get()
    }

    /// Builds, grading with `engine` (share one engine across builds; its python worker and
    /// judge are reused).
    ///
    /// - Throws: ``SimulatorError`` naming the field: `dataset` (empty, or an item missing a
    ///   referenced field: `dataset[3]`), `prior.*`, `responseFormat`, `answerSpace.*`, or
    ///   `grader` when inference finds no item field to use as the reference.
    public func build(engine: GraderEngine) async throws(SimulatorError) -> ResponseModel {
        guard !dataset.isEmpty else { throw .invalid("dataset", "the dataset is empty; a response model needs at least one item") }
        try prior.validate()
        let format = try ResponseFormatSpec(responseFormat)
        let drafts: [[DraftCandidate]], facetIndices: [[[Int]]]?, layout: FeatureLayout, expectsJSON: Bool
        switch answerSpace {
        case .facets(let space):
            let renderer = FacetRenderer(space: space)
            let combinations = renderer.combinations
            drafts = try dataset.enumerated().map { (index, item) throws(SimulatorError) in
                try combinations.map { (combination) throws(SimulatorError) in
                    DraftCandidate(text: try renderer.render(combination, item: item, itemIndex: index), kind: renderer.kind(of: combination), agreement: [])
                }
            }
            facetIndices = Array(repeating: combinations, count: dataset.count)
            layout = FeatureLayout(facets: space)
            expectsJSON = format.requiresJSON
        case .inferred(let options):
            let space = try InferredAnswerSpace(dataset: dataset, grader: grader, format: format, options: options, seed: seed)
            drafts = dataset.indices.map(space.candidates(item:))
            facetIndices = nil
            layout = FeatureLayout(inferred: space.agreementNames)
            expectsJSON = format.requiresJSON || space.expectsJSON
        }

        var grading = CandidateGrading(engine: engine, grader: grader, requiresJSON: format.requiresJSON)
        var goldGrading = goldGrader.map { CandidateGrading(engine: engine, grader: $0, requiresJSON: format.requiresJSON) }
        let total = drafts.reduce(0) { $0 + $1.count }
        guard offSpanDirections >= 0 else {
            throw .invalid("offSpanDirections", "offSpanDirections must be ≥ 0, got \(offSpanDirections)")
        }
        let memorizationColumns = memorization ? total : 0
        let offSpanStart = layout.sharedNames.count + memorizationColumns
        let offSpanColumns = offSpanDirections > 0 ? offSpanDirections + 1 : 0
        let featureCount = offSpanStart + offSpanColumns
        var candidates: [ResponseModel.Candidate] = [], rewards: [Double] = [], gold: [Double] = [], logits: [Double] = []
        var features = [Double](repeating: 0, count: total * featureCount)
        var successProbabilities: [Double] = []
        candidates.reserveCapacity(total)
        for (index, item) in dataset.enumerated() {
            let texts = drafts[index].map(\.text)
            let results = await grading.grade(texts, item: item)
            let goldResults = await goldGrading?.grade(texts, item: item)
            let valid = texts.map { ResponseFeatures.validFormat($0, expectsJSON: expectsJSON) }
            let offSpanStream = offSpanColumns == 0 ? nil : RandomStream(key: StreamKey(seed: seed).child("responses", "off-span", .index(UInt64(index))))
            let p = prior.successProbability(item: index, seed: seed)
            successProbabilities.append(p)
            logits += prior.logits(rewards: results.map(\.reward), validFormat: valid, successProbability: p)
            for (k, draft) in drafts[index].enumerated() {
                let flat = candidates.count
                let row = layout.row(draft, validFormat: valid[k], facetIndices: facetIndices?[index][k])
                features.replaceSubrange((flat * featureCount)..<(flat * featureCount + row.count), with: row)
                if memorization { features[flat * featureCount + layout.sharedNames.count + flat] = 1 }
                if let offSpanStream {
                    for j in 0..<offSpanDirections { features[flat * featureCount + offSpanStart + j] = offSpanStream.gaussian() }
                    features[flat * featureCount + offSpanStart + offSpanDirections] = valid[k] ? 0 : 1
                }
                rewards.append(results[k].reward)
                if let goldResults { gold.append(goldResults[k].reward) }
                candidates.append(.init(item: index, text: draft.text, kind: draft.kind, result: results[k], goldResult: goldResults?[k]))
            }
        }
        var table = try ResponseTable(featureCount: featureCount, candidateCounts: drafts.map(\.count), rewards: rewards,
                                      priorLogits: logits, features: features, goldRewards: goldGrading == nil ? nil : gold)
        var names = layout.sharedNames
        if memorization {
            for (index, items) in drafts.enumerated() { names += items.indices.map { "memorize[\(index),\($0)]" } }
        }
        if offSpanColumns > 0 {
            table.offSpan = .init(directions: offSpanStart..<(offSpanStart + offSpanDirections), format: offSpanStart + offSpanDirections)
            names += (0..<offSpanDirections).map { "off_span[\($0)]" } + ["off_span.format"]
        }
        // Every answer has a length (reasoning + its text): GRPO's per-sequence normalisation reads it.
        let lengths = TokenLengths(table: table, texts: candidates.map(\.text))
        try table.setAnswerTokens(lengths.answerTokens(mean: TokenLengths.meanReasoningTokens(for: prior)))
        return ResponseModel(table: table, candidates: candidates, featureNames: names, itemSuccessProbabilities: successProbabilities,
                             report: Self.report(grading, goldGrading))
    }

    private static func report(_ grading: CandidateGrading, _ gold: CandidateGrading?) -> GradingReport {
        var report = GradingReport()
        report.gradedCount = grading.gradedCount
        report.erroredCount = grading.erroredCount
        report.errorsByFlag = grading.errorsByFlag
        report.goldGradedCount = gold?.gradedCount ?? 0
        report.goldErroredCount = gold?.erroredCount ?? 0
        if report.graderErroredOnEveryAnswer {
            let flags = report.errorsByFlag.keys.sorted().joined(separator: ", ")
            report.warnings.append("the grader errored on every answer (\(flags)); every reward is 0 and training has no signal: check the grader's templates against the dataset's fields")
        } else if report.erroredCount > 0 {
            let percent = (report.erroredShare * 1000).rounded() / 10
            report.warnings.append("the grader errored on \(report.erroredCount) of \(report.gradedCount) answers (\(percent)%)")
        }
        if let gold, gold.gradedCount > 0, gold.erroredCount == gold.gradedCount {
            report.warnings.append("the gold grader errored on every answer; every gold reward is 0")
        }
        return report
    }
}
