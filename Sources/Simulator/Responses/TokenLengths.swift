import Foundation
internal import Graders
import Stochastics

/// How long each candidate answer of a ``ResponseModel`` is, in tokens: its reasoning and its
/// visible output.
///
/// - **Output tokens** are the answer's own text, counted as the provider counts text
///   (`TokenEstimate`: about four bytes a token).
/// - **Reasoning tokens** are the base model's mean reasoning per sample (the task's
///   `prior.reasoning_tokens`, else the timing model's default for the model and
///   `reasoning_effort`) × the candidate's ``reasoningFactors`` entry. The factor is the
///   candidate's own: a seeded log-normal spread (``reasoningSpread``, drawn from the answer's
///   text, so the same answer always reasons as long), × ``incorrectReasoningFactor`` for an answer
///   below its item's best reward (wrong reasoning runs longer), normalised per item so that the
///   base model's answers (π at θ = 0) reason for the mean exactly.
///
/// Because the policy chooses among the candidates, the mean length it samples moves with it:
/// a policy that learns the right answers samples their lengths.
public struct TokenLengths: Sendable, Hashable {
    /// The relative reasoning length of each flat candidate (the base policy's mean per item is 1).
    public let reasoningFactors: [Double]
    /// The visible output tokens of each flat candidate (its text).
    public let outputTokens: [Int]

    /// The standard deviation of the log of a candidate's reasoning factor before normalising.
    public static let reasoningSpread = 0.25
    /// How much longer an answer below its item's best reward reasons, before normalising.
    public static let incorrectReasoningFactor = 1.25

    /// Creates lengths from explicit values.
    ///
    /// - Parameters:
    ///   - reasoningFactors: One relative reasoning length ≥ 0 per candidate.
    ///   - outputTokens: One output length ≥ 0 per candidate.
    public init(reasoningFactors: [Double], outputTokens: [Int]) {
        self.reasoningFactors = reasoningFactors
        self.outputTokens = outputTokens
    }

    /// The lengths of a response model's candidates.
    public init(model: ResponseModel) {
        self.init(table: model.table, texts: model.candidates.map(\.text))
    }

    /// The lengths of a table's candidates whose answers are `texts` (one per flat candidate).
    public init(table: ResponseTable, texts: [String]) {
        var factors = [Double](repeating: 1, count: table.candidateCount)
        var outputs = [Int](repeating: 0, count: table.candidateCount)
        let stream = RandomStream(seed: 0, generator: .taus2)
        for item in 0..<table.itemCount {
            let range = table.candidates(of: item)
            let best = range.map { table.rewards[$0] }.max() ?? 0
            let largestLogit = range.map { table.priorLogits[$0] }.max() ?? 0
            var weighted = 0.0, mass = 0.0
            for c in range {
                let text = texts[c]
                outputs[c] = TokenEstimate.tokens(in: text)
                var hash = FNV1a64()
                hash.combine(text)
                stream.reseed(StreamKey(value: hash.value).child(.index(UInt64(item))))
                let spread = Self.reasoningSpread
                var factor = exp(stream.gaussian(standardDeviation: spread) - spread * spread / 2)
                if table.rewards[c] < best - 1e-9 { factor *= Self.incorrectReasoningFactor }
                factors[c] = factor
                let p = exp(table.priorLogits[c] - largestLogit)
                weighted += p * factor
                mass += p
            }
            let mean = weighted / mass
            for c in range { factors[c] /= mean }
        }
        reasoningFactors = factors
        outputTokens = outputs
    }

    /// The reasoning tokens of candidate `c` when the base model reasons `mean` tokens per sample.
    @inline(__always)
    public func reasoningTokens(of c: Int, mean: Double) -> Int {
        Int((mean * reasoningFactors[c]).rounded())
    }

    /// The base model's mean reasoning tokens per training sample for `prior`: its
    /// ``BasePrior/reasoningTokens`` (else the timing model's default) × its effort's factor.
    public static func meanReasoningTokens(for prior: BasePrior, parameters: TimingModel.Parameters = .default) -> Double {
        var base = parameters
        if let tokens = prior.reasoningTokens { base.reasoningTokensPerSample = tokens }
        return base.reasoningTokens(effort: prior.reasoningEffort)
    }

    /// Each candidate's whole length, reasoning + output, at a base mean of `mean` reasoning
    /// tokens (at least one token): what ``ResponseTable/answerTokens`` holds.
    public func answerTokens(mean: Double) -> [Double] {
        reasoningFactors.indices.map { Double(max(1, reasoningTokens(of: $0, mean: mean) + outputTokens[$0])) }
    }
}
