internal import Foundation
public import Graders

/// Answers prompts that match no dataset item: deterministically, through a `Judge` (the
/// mechanism model graders use: the built-in rule, a rule table or a command).
///
/// The request is read as a judge would be asked:
/// - **a score**: the `response_format` schema has a number or integer property, or the prompt
///   asks for a score with a range ("from 1 to 10", "between 0 and 1", "0-5"); the range is the
///   property's `minimum`/`maximum` or the one named, else [0, 1];
/// - **a label**: a string property with an `enum`, or the prompt offers quoted alternatives
///   (`"PASS" or "FAIL"`), or asks for yes or no;
/// - **text** otherwise.
///
/// With the built-in judge, a label prompt that has both a reference and a response and offers a
/// positive and a negative label (correct/incorrect, yes/no, pass/fail, …) is labelled by their
/// agreement (word-overlap F1 ≥ 0.5: positive). Otherwise, for a score or a label the judge gets the conversation, the range or labels, the text under
/// a "Reference…:"/"Expected…:"/"Ground truth:" heading as the item's `reference` and the text
/// under a "Response:"/"Answer:"/"Output:"/"Submission:" heading (else the last user message) as
/// the sample. The answer is the judge's result: a bare number or label, `{"score": …}` /
/// `{"label": …}` for `json_object`, or the schema's object with the result in its property.
/// Text answers are a fixed sentence naming the model and the prompt's start (schema-shaped JSON
/// when a schema is given), so they are never empty and always the same for the same request.
public struct PromptResponder: Sendable {
    /// Who decides scores and labels.
    public var judge: any Judge

    /// Creates a responder over `judge` (the built-in rule by default).
    public init(judge: any Judge = BuiltinJudge()) {
        self.judge = judge
    }

    /// What the request asks for.
    enum Task: Equatable {
        case score(lower: Double, upper: Double, property: String?)
        case label([String], property: String?)
        case text
    }

    /// The answer text to `request`.
    func answer(_ request: InferenceRequest) async -> String {
        let conversation = request.messages.map(\.content).joined(separator: "\n")
        let task = Self.task(format: request.responseFormat, prompt: conversation)
        let sections = Self.sections(conversation)
        let sample = sections.response ?? request.prompt
        var item: [String: JSONValue] = [:]
        if let reference = sections.reference { item["reference"] = .string(reference) }
        let fields = item.isEmpty ? [] : ["reference"]
        let judgeRequest: JudgeRequest
        switch task {
        case .text:
            return Self.text(for: request)
        case .score(let lower, let upper, _):
            judgeRequest = JudgeRequest(task: .score, grader: "inference", model: request.model, messages: request.messages,
                                        range: [lower, upper], item: .object(item), sample: sample, referencedItemFields: fields)
        case .label(let labels, _):
            if judge is BuiltinJudge, let reference = sections.reference, let response = sections.response,
               let verdict = Self.agreementLabel(labels, reference: reference, response: response) {
                return Self.render(.string(verdict), task: task, format: request.responseFormat)
            }
            judgeRequest = JudgeRequest(task: .label, grader: "inference", model: request.model, messages: request.messages,
                                        labels: labels, item: .object(item), sample: sample, referencedItemFields: fields)
        }
        let result = await decision(judgeRequest, task: task)
        return Self.render(result, task: task, format: request.responseFormat)
    }

    /// The judge's result, parsed as the platform parses a grader model's reply; a failing judge
    /// or an unreadable reply gives the range's lower end or the first label.
    private func decision(_ request: JudgeRequest, task: Task) async -> JSONValue {
        let fallback: JSONValue
        switch task {
        case .score(let lower, _, _): fallback = .number(lower)
        case .label(let labels, _): fallback = .string(labels.first ?? "")
        case .text: fallback = .null
        }
        guard let reply = try? await judge.reply(to: request) else { return fallback }
        let parsed = (try? JSONValue(parsing: reply.text)) ?? .string(reply.text.trimmingCharacters(in: .whitespacesAndNewlines))
        let result = parsed["result"] ?? parsed
        switch (task, result) {
        case (.score(let lower, let upper, _), .number(let value)): return .number(min(max(value, lower), upper))
        case (.score, .string(let text)): return Double(text).map(JSONValue.number) ?? fallback
        case (.label(let labels, _), .string(let label)) where labels.contains(label): return .string(label)
        default: return fallback
        }
    }

    /// Labels that say "it agrees" and "it does not", for judge prompts with a reference and a response.
    static let positiveLabels: Set<String> = ["correct", "yes", "pass", "passed", "true", "valid", "match", "matches", "consistent", "acceptable", "good", "compliant", "accurate", "1"]
    static let negativeLabels: Set<String> = ["incorrect", "no", "fail", "failed", "false", "invalid", "mismatch", "inconsistent", "unacceptable", "bad", "non-compliant", "noncompliant", "inaccurate", "wrong", "0"]

    /// The built-in rule for a label prompt with a reference and a response: the positive label
    /// when their word-overlap F1 is at least 0.5, else the negative one; `nil` unless the labels
    /// include one of each.
    static func agreementLabel(_ labels: [String], reference: String, response: String) -> String? {
        guard let positive = labels.first(where: { positiveLabels.contains($0.lowercased()) }),
              let negative = labels.first(where: { negativeLabels.contains($0.lowercased()) }) else { return nil }
        let f1 = BuiltinJudge.wordOverlapF1(reference, response)
        return f1 >= 0.5 ? positive : negative
    }

    /// What a request asks for, from its response format first, then from its wording.
    static func task(format: JSONValue?, prompt: String) -> Task {
        if case .object(let properties)? = format?["json_schema"]?["schema"]?["properties"] {
            for name in properties.keys.sorted() {
                let schema = properties[name]!
                if case .array(let values)? = schema["enum"] {
                    let labels = values.compactMap(\.stringValue)
                    if !labels.isEmpty { return .label(labels, property: name) }
                }
            }
            for name in properties.keys.sorted() {
                let schema = properties[name]!
                let type = schema["type"]?.stringValue
                if type == "number" || type == "integer" {
                    let range = scoreRange(in: prompt)
                    return .score(lower: schema["minimum"]?.numberValue ?? range?.0 ?? 0, upper: schema["maximum"]?.numberValue ?? range?.1 ?? 1,
                                  property: name)
                }
            }
            return .text
        }
        let lowered = prompt.lowercased()
        if let labels = quotedAlternatives(in: prompt) { return .label(labels, property: nil) }
        if lowered.contains("score") || lowered.contains("rate ") || lowered.contains("rating") {
            let range = scoreRange(in: prompt) ?? (0, 1)
            return .score(lower: range.0, upper: range.1, property: nil)
        }
        if lowered.contains("yes or no") { return .label(["yes", "no"], property: nil) }
        return .text
    }

    /// The range patterns, compiled once.
    private static let rangePatterns: [NSRegularExpression] = {
        let number = #"(-?\d+(?:\.\d+)?)"#
        let patterns = [
            "from \(number) to \(number)", "between \(number) and \(number)", "\\[\(number), ?\(number)\\]",
            "\(number) ?(?:-|–|to) ?\(number)",
        ]
        return patterns.compactMap { try? NSRegularExpression(pattern: $0, options: [.caseInsensitive]) }
    }()
    private static let quoted = #"["'“]([^"'”\n]{1,40})["'”]"#
    private static let alternativesPattern = try? NSRegularExpression(pattern: "\(quoted)(?:\\s*,\\s*\(quoted))*\\s*,?\\s+or\\s+\(quoted)")
    private static let quotedPattern = try? NSRegularExpression(pattern: quoted)

    /// "from 1 to 10", "between 0 and 1", "1-5", "0–10", "[0, 1]": the first range named.
    static func scoreRange(in prompt: String) -> (Double, Double)? {
        for expression in rangePatterns {
            guard let match = expression.firstMatch(in: prompt, range: NSRange(prompt.startIndex..., in: prompt)),
                  let first = Range(match.range(at: 1), in: prompt), let second = Range(match.range(at: 2), in: prompt),
                  let lower = Double(prompt[first]), let upper = Double(prompt[second]), lower < upper else { continue }
            return (lower, upper)
        }
        return nil
    }

    /// Quoted alternatives joined by "or" (`"PASS" or "FAIL"`, `'A', 'B' or 'C'`).
    static func quotedAlternatives(in prompt: String) -> [String]? {
        guard let expression = alternativesPattern,
              let match = expression.firstMatch(in: prompt, range: NSRange(prompt.startIndex..., in: prompt)),
              let whole = Range(match.range, in: prompt) else { return nil }
        let text = String(prompt[whole])
        let labels = quotedPattern?.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { found in
            Range(found.range(at: 1), in: text).map { String(text[$0]) }
        } ?? []
        return labels.count >= 2 ? labels : nil
    }

    /// The text under a reference heading and under a response heading, if any.
    static func sections(_ text: String) -> (reference: String?, response: String?) {
        let referenceHeadings = ["reference answer", "reference", "expected answer", "expected output", "expected", "ground truth", "correct answer", "ideal answer", "gold answer"]
        let responseHeadings = ["model response", "model answer", "student answer", "candidate answer", "response", "answer", "output", "submission", "completion"]
        var reference: String?, response: String?
        var current: Int?  // 0 reference, 1 response
        var buffer: [String] = []
        func flush() {
            let joined = buffer.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if current == 0, reference == nil, !joined.isEmpty { reference = joined }
            if current == 1, response == nil, !joined.isEmpty { response = joined }
            buffer = []
        }
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            let lowered = line.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "#*<>[] "))
            var heading: (Int, String)?
            for name in referenceHeadings where lowered.hasPrefix(name + ":") { heading = (0, name); break }
            if heading == nil { for name in responseHeadings where lowered.hasPrefix(name + ":") { heading = (1, name); break } }
            if let (kind, _) = heading, let colon = line.firstIndex(of: ":") {
                flush()
                current = kind
                buffer = [String(line[line.index(after: colon)...])]
            } else if line.isEmpty, current != nil, !buffer.joined().trimmingCharacters(in: .whitespaces).isEmpty {
                flush()
                current = nil
            } else if current != nil {
                buffer.append(line)
            }
        }
        flush()
        return (reference, response)
    }

    /// The answer text for a decided score or label.
    static func render(_ result: JSONValue, task: Task, format: JSONValue?) -> String {
        let property: String?, key: String
        switch task {
        case .score(_, _, let name): (property, key) = (name, "score")
        case .label(_, let name): (property, key) = (name, "label")
        case .text: (property, key) = (nil, "result")
        }
        guard let format else { return result.renderedText }
        if let property, case .object(let properties)? = format["json_schema"]?["schema"]?["properties"] {
            var members = placeholder(properties: properties, text: "simulated by rftsim")
            members[property] = result
            return JSONValue.object(members).jsonText
        }
        return JSONValue.object([key: result]).jsonText
    }

    /// A text answer: a sentence naming the model and the prompt's start, or schema-shaped JSON.
    static func text(for request: InferenceRequest) -> String {
        let start = request.prompt.split(whereSeparator: \.isWhitespace).prefix(12).joined(separator: " ")
        let sentence = "Simulated answer from \(request.model) (rftsim): no uploaded dataset holds this prompt (\(start.isEmpty ? "empty" : start))."
        guard let format = request.responseFormat else { return sentence }
        if case .object(let properties)? = format["json_schema"]?["schema"]?["properties"] {
            return JSONValue.object(placeholder(properties: properties, text: sentence)).jsonText
        }
        return JSONValue.object(["answer": .string(sentence)]).jsonText
    }

    /// A value of each property's type: its first `enum` value, `text` for strings, 0, false, [], {}.
    static func placeholder(properties: [String: JSONValue], text: String) -> [String: JSONValue] {
        var members: [String: JSONValue] = [:]
        for (name, schema) in properties {
            if case .array(let values)? = schema["enum"], let first = values.first {
                members[name] = first
                continue
            }
            switch schema["type"]?.stringValue {
            case "number", "integer": members[name] = .number(schema["minimum"]?.numberValue ?? 0)
            case "boolean": members[name] = .bool(false)
            case "array": members[name] = .array([])
            case "object":
                if case .object(let inner)? = schema["properties"] {
                    members[name] = .object(placeholder(properties: inner, text: text))
                } else {
                    members[name] = .object([:])
                }
            case "null": members[name] = .null
            default: members[name] = .string(text)
            }
        }
        return members
    }
}
