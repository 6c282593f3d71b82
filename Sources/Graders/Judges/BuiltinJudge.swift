/// The default judge: a deterministic rule that needs no model.
///
/// - **Score**: the sample is compared with each item field the prompt's templates read (all
///   of the item's string fields when the prompt reads none). Texts are lowercased and split into
///   words of letters and digits. An identical word sequence scores the range's maximum;
///   otherwise the best word-overlap F1 over the fields, f, scores `min + f·(max − min)`.
/// - **Label**: of the labels that occur in the sample as a whole-word sequence, ignoring case,
///   the one with the most words (so "not compliant" wins over "compliant"; the first in
///   `labels` order on ties); if none occurs, the label with the best word-overlap F1 against
///   the sample (the first on ties).
///
/// The reply has the platform's shape, `{"result": …, "steps": [{"description", "conclusion"}]}`.
public struct BuiltinJudge: Judge {
    public init() {}

    public func reply(to request: JudgeRequest) async throws -> JudgeReply {
        JudgeReply(text: decide(request).jsonText)
    }

    /// The reply as JSON; synchronous, for callers that need no concurrency.
    public func decide(_ request: JudgeRequest) -> JSONValue {
        let sampleWords = Self.words(request.sample)
        switch request.task {
        case .score:
            let (lower, upper) = (request.range?.first ?? 0, request.range?.last ?? 1)
            let fields = request.referencedItemFields.isEmpty
                ? (request.item.objectMembers?.keys.sorted() ?? []) : request.referencedItemFields
            var best = 0.0
            var bestField = "(none)"
            for field in fields {
                guard let reference = request.item[field]?.renderedText else { continue }
                let referenceWords = Self.words(reference)
                let f1 = referenceWords == sampleWords && !sampleWords.isEmpty ? 1 : Self.f1(sampleWords, referenceWords)
                if f1 > best { (best, bestField) = (f1, field) }
            }
            let score = lower + best * (upper - lower)
            return ["result": .number(score), "steps": [[
                "description": .string("word-overlap F1 of the sample against item.\(bestField)"),
                "conclusion": .string("F1 \(JSONValue.format(best)) maps to \(JSONValue.format(score)) in [\(JSONValue.format(lower)), \(JSONValue.format(upper))]"),
            ]]]
        case .label:
            let labels = request.labels ?? []
            let named = labels.filter { Self.contains(sampleWords, Self.words($0)) }
            if let found = named.max(by: { Self.words($0).count < Self.words($1).count }) {
                return ["result": .string(found), "steps": [["description": "the sample names a label", "conclusion": .string(found)]]]
            }
            var chosen = labels.first ?? ""
            var best = -1.0
            for label in labels {
                let f1 = Self.f1(sampleWords, Self.words(label))
                if f1 > best { (best, chosen) = (f1, label) }
            }
            return ["result": .string(chosen), "steps": [["description": "closest label by word overlap", "conclusion": .string(chosen)]]]
        }
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().unicodeScalars
            .split { !($0.properties.isAlphabetic || $0.properties.numericType != nil) }
            .map { String(String.UnicodeScalarView($0)) }
    }

    /// The word-overlap F1 of two texts (lowercased letters and digits; SQuAD's token F1): the
    /// built-in judge's measure of agreement, also used by the provider's prompt responder.
    public static func wordOverlapF1(_ a: String, _ b: String) -> Double {
        f1(words(a), words(b))
    }

    static func f1(_ a: [String], _ b: [String]) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var counts: [String: Int] = [:]
        for word in b { counts[word, default: 0] += 1 }
        var overlap = 0
        for word in a where (counts[word] ?? 0) > 0 {
            counts[word]! -= 1
            overlap += 1
        }
        guard overlap > 0 else { return 0 }
        let precision = Double(overlap) / Double(a.count)
        let recall = Double(overlap) / Double(b.count)
        return 2 * precision * recall / (precision + recall)
    }

    static func contains(_ haystack: [String], _ needle: [String]) -> Bool {
        guard !needle.isEmpty, needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }
}

extension JSONValue {
    /// The members, if this is an object.
    var objectMembers: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }
}
