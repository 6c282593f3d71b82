import Foundation

/// A judge that answers from a table of rules in a JSON file: the first rule whose conditions
/// all hold gives the reply.
///
/// ```json
/// {
///   "rules": [
///     {"grader": "explanation", "sample_contains": "policy 4.2", "result": 1},
///     {"task": "label", "sample_matches": "(?i)not compliant", "result": "no"},
///     {"model": "o3-mini-2025-01-31", "item": {"difficulty": "hard"}, "reply": "{\"result\": 0.2}"}
///   ],
///   "default": {"result": 0}
/// }
/// ```
///
/// Conditions (all optional): `grader` (the grader's name), `model`, `task` (`score`/`label`),
/// `sample_equals`, `sample_contains`, `sample_matches` (a regular expression searched in the
/// sample), `prompt_contains` (the rendered messages), `item` (fields that must equal the given
/// JSON values). The reply is `result` (a number or a label, sent as `{"result": …}`) or
/// `reply` (raw text, to test parse errors). Without a matching rule, `default` answers; with
/// no `default`, the ``BuiltinJudge`` does.
public struct RuleTableJudge: Judge {
    struct Rule: Sendable {
        var grader: String?
        var model: String?
        var task: JudgeRequest.Task?
        var sampleEquals: String?
        var sampleContains: String?
        var samplePattern: String?
        var promptContains: String?
        var item: [String: JSONValue]
        var reply: String
    }

    let rules: [Rule]
    let defaultReply: String?

    /// Loads the table from a file.
    ///
    /// - Throws: ``JudgeConfigurationError`` naming the file, the rule and the key at fault.
    public init(contentsOf path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw JudgeConfigurationError(message: "cannot read the judge rules file \(path): \(error.localizedDescription)")
        }
        let json: JSONValue
        do {
            json = try JSONValue(parsing: data)
        } catch {
            throw JudgeConfigurationError(message: "\(path) is not valid JSON: \(error)")
        }
        try self.init(json: json, source: path)
    }

    /// Builds the table from its JSON.
    public init(json: JSONValue, source: String = "rules") throws {
        guard case .object(let top) = json else {
            throw JudgeConfigurationError(message: "\(source): the top level must be an object with \"rules\" (and optionally \"default\")")
        }
        for key in top.keys where !["rules", "default"].contains(key) {
            throw JudgeConfigurationError(message: "\(source): unknown key \"\(key)\"; allowed keys are rules, default")
        }
        guard case .array(let entries)? = top["rules"] else {
            throw JudgeConfigurationError(message: "\(source): \"rules\" must be an array of rules")
        }
        rules = try entries.enumerated().map { index, entry in try Self.rule(entry, at: "\(source): rules[\(index)]") }
        defaultReply = try top["default"].map { try Self.rule($0, at: "\(source): default").reply }
    }

    public func reply(to request: JudgeRequest) async throws -> JudgeReply {
        if let rule = rules.first(where: { matches($0, request) }) { return JudgeReply(text: rule.reply) }
        if let defaultReply { return JudgeReply(text: defaultReply) }
        return try await BuiltinJudge().reply(to: request)
    }

    private func matches(_ rule: Rule, _ request: JudgeRequest) -> Bool {
        if let grader = rule.grader, grader != request.grader { return false }
        if let model = rule.model, model != request.model { return false }
        if let task = rule.task, task != request.task { return false }
        if let equals = rule.sampleEquals, !equals.unicodeScalars.elementsEqual(request.sample.unicodeScalars) { return false }
        if let contains = rule.sampleContains, !request.sample.contains(contains) { return false }
        if let pattern = rule.samplePattern {
            guard let regex = try? Regex(pattern), request.sample.contains(regex) else { return false }
        }
        if let contains = rule.promptContains, !request.messages.contains(where: { $0.content.contains(contains) }) { return false }
        for (key, value) in rule.item where request.item[key] != value { return false }
        return true
    }

    private static let keys = ["grader", "model", "task", "sample_equals", "sample_contains", "sample_matches", "prompt_contains", "item", "result", "reply"]

    private static func rule(_ json: JSONValue, at place: String) throws -> Rule {
        guard case .object(let members) = json else { throw JudgeConfigurationError(message: "\(place) must be an object") }
        for key in members.keys.sorted() where !keys.contains(key) {
            throw JudgeConfigurationError(message: "\(place): unknown key \"\(key)\"; allowed keys are \(keys.joined(separator: ", "))")
        }
        func text(_ key: String) throws -> String? {
            guard let value = members[key] else { return nil }
            guard let text = value.stringValue else { throw JudgeConfigurationError(message: "\(place).\(key) must be a string") }
            return text
        }
        var task: JudgeRequest.Task?
        if let name = try text("task") {
            guard let parsed = JudgeRequest.Task(rawValue: name) else {
                throw JudgeConfigurationError(message: "\(place).task \"\(name)\" is not allowed; use score or label")
            }
            task = parsed
        }
        let pattern = try text("sample_matches")
        if let pattern {
            do { _ = try Regex(pattern) } catch {
                throw JudgeConfigurationError(message: "\(place).sample_matches is not a valid regular expression: \(error)")
            }
        }
        var item: [String: JSONValue] = [:]
        if let value = members["item"] {
            guard case .object(let fields) = value else { throw JudgeConfigurationError(message: "\(place).item must be an object of field values") }
            item = fields
        }
        let reply: String
        switch (members["result"], try text("reply")) {
        case (let result?, nil):
            guard result.numberValue != nil || result.stringValue != nil else {
                throw JudgeConfigurationError(message: "\(place).result must be a number (a score) or a string (a label)")
            }
            reply = JSONValue.object(["result": result]).jsonText
        case (nil, let raw?):
            reply = raw
        default:
            throw JudgeConfigurationError(message: "\(place) needs exactly one of \"result\" or \"reply\"")
        }
        return Rule(grader: try text("grader"), model: try text("model"), task: task, sampleEquals: try text("sample_equals"),
                    sampleContains: try text("sample_contains"), samplePattern: pattern, promptContains: try text("prompt_contains"),
                    item: item, reply: reply)
    }
}

/// A judge that cannot be set up as configured.
public struct JudgeConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
