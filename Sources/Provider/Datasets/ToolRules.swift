internal import Graders

/// Rules for function tools and tool calls in a line.
///
/// - `tools`: an array of `{"type": "function", "function": {"name", "description"?, "parameters"?,
///   "strict"?}}`; the name matches `^[a-zA-Z0-9_-]{1,64}$`, the description is a string, the
///   parameters a JSON Schema object, `strict` a boolean.
/// - `functions` (deprecated): an array of `{"name", "description"?, "parameters"?}`, same rules.
/// - `parallel_tool_calls`: a boolean.
/// - An assistant's `tool_calls`: a non-empty array of `{"id"?, "type"?: "function", "function":
///   {"name", "arguments"}}` whose `arguments` is a string (of JSON, as the model writes it). The
///   platform's examples always have `id` and `type`; we do not insist on them. `function_call`
///   (deprecated) is one `{"name", "arguments"}`.
enum ToolRules {
    static let nameRule = "1–64 letters, digits, underscores or hyphens (^[a-zA-Z0-9_-]{1,64}$)"

    /// Whether `name` matches `^[a-zA-Z0-9_-]{1,64}$`.
    static func isValidName(_ name: String) -> Bool {
        let utf8 = name.utf8
        guard (1...64).contains(utf8.count) else { return false }
        return utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"): true
            default: false
            }
        }
    }

    /// Checks the optional `tools` of `object`, whose path is `prefix` (empty for the line itself),
    /// and, when the format has them, `parallel_tool_calls` and the deprecated `functions`.
    static func checkDeclarations(in object: [String: JSONValue], prefix: String, parallelToolCalls: Bool = true,
                                  functions allowsFunctions: Bool, into problems: inout ProblemCollector) {
        let at = { (key: String) in prefix.isEmpty ? key : "\(prefix).\(key)" }
        if let tools = object["tools"] {
            checkList(tools, path: at("tools"), shape: #"{"type": "function", "function": {"name": "…"}}"#, into: &problems) {
                checkTool($0, path: $1, into: &$2)
            }
        }
        if parallelToolCalls, let parallel = object["parallel_tool_calls"], !parallel.isBool {
            problems.add(at("parallel_tool_calls"), "\(at("parallel_tool_calls")) is \(ProblemText.value(parallel)); it must be true or false")
        }
        if allowsFunctions, let functions = object["functions"] {
            checkList(functions, path: at("functions"), shape: #"{"name": "…", "parameters": {…}}"#, into: &problems) {
                checkFunction($0, path: $1, into: &$2)
            }
        }
    }

    private static func checkList(_ value: JSONValue, path: String, shape: String, into problems: inout ProblemCollector,
                                  element: (JSONValue, String, inout ProblemCollector) -> Void) {
        guard case .array(let elements) = value else {
            problems.add(path, "\(path) is \(ProblemText.value(value)); it must be an array of \(shape)")
            return
        }
        for (index, item) in elements.enumerated() { element(item, "\(path)[\(index)]", &problems) }
    }

    private static func checkTool(_ value: JSONValue, path: String, into problems: inout ProblemCollector) {
        guard case .object(let tool) = value else {
            problems.add(path, "\(path) is \(ProblemText.value(value)); a tool must be an object like {\"type\": \"function\", \"function\": {\"name\": \"…\"}}")
            return
        }
        if tool["type"] != .string("function") {
            problems.add("\(path).type", "\(path).type is \(tool["type"].map(ProblemText.value) ?? "missing"); allowed: function")
        }
        checkFunction(tool["function"], path: "\(path).function", into: &problems)
    }

    private static func checkFunction(_ value: JSONValue?, path: String, into problems: inout ProblemCollector) {
        guard case .object(let function)? = value else {
            problems.add(path, "\(path) is \(value.map(ProblemText.value) ?? "missing"); it must be an object with \"name\" and optional \"description\" and \"parameters\"")
            return
        }
        checkName(function["name"], path: "\(path).name", into: &problems)
        if let description = function["description"], description.stringValue == nil {
            problems.add("\(path).description", "\(path).description is \(ProblemText.value(description)); it must be a string")
        }
        if let parameters = function["parameters"], !parameters.isObject {
            problems.add("\(path).parameters", "\(path).parameters is \(ProblemText.value(parameters)); it must be a JSON Schema object such as {\"type\": \"object\", \"properties\": {…}}")
        }
        if let strict = function["strict"], !strict.isBool, strict != .null {
            problems.add("\(path).strict", "\(path).strict is \(ProblemText.value(strict)); it must be true or false")
        }
    }

    private static func checkName(_ value: JSONValue?, path: String, into problems: inout ProblemCollector) {
        guard case .string(let name)? = value, isValidName(name) else {
            problems.add(path, "\(path) is \(value.map(ProblemText.value) ?? "missing"); it must be \(nameRule)")
            return
        }
    }

    /// Checks an assistant's `tool_calls` (or `function_call`, when `key` says so).
    ///
    /// - Returns: whether the message does carry calls (a non-empty array, or an object), so that
    ///   its missing content is not reported as well.
    static func checkCalls(_ value: JSONValue, key: String, path: String, into problems: inout ProblemCollector) -> Bool {
        if key == "function_call" {
            checkCall(value, path: path, into: &problems)
            return value != .null
        }
        guard case .array(let calls) = value, !calls.isEmpty else {
            problems.add(path, "\(path) is \(ProblemText.value(value)); it must be a non-empty array of {\"id\", \"type\": \"function\", \"function\": {\"name\", \"arguments\"}}")
            return false
        }
        for (index, call) in calls.enumerated() {
            let callPath = "\(path)[\(index)]"
            guard case .object(let members) = call else {
                problems.add(callPath, "\(callPath) is \(ProblemText.value(call)); a tool call must be an object with \"function\": {\"name\", \"arguments\"}")
                continue
            }
            if let type = members["type"], type != .string("function") {
                problems.add("\(callPath).type", "\(callPath).type is \(ProblemText.value(type)); allowed: function")
            }
            if let id = members["id"], id.stringValue == nil {
                problems.add("\(callPath).id", "\(callPath).id is \(ProblemText.value(id)); it must be a string")
            }
            checkCall(members["function"], path: "\(callPath).function", into: &problems)
        }
        return true
    }

    private static func checkCall(_ value: JSONValue?, path: String, into problems: inout ProblemCollector) {
        guard case .object(let call)? = value else {
            problems.add(path, "\(path) is \(value.map(ProblemText.value) ?? "missing"); it must be {\"name\": \"…\", \"arguments\": \"{…}\"}")
            return
        }
        checkName(call["name"], path: "\(path).name", into: &problems)
        if call["arguments"]?.stringValue == nil {
            problems.add("\(path).arguments", "\(path).arguments is \(call["arguments"].map(ProblemText.value) ?? "missing"); it must be a string of JSON, e.g. \"{\\\"city\\\": \\\"Paris\\\"}\"")
        }
    }
}

extension JSONValue {
    fileprivate var isBool: Bool {
        if case .bool = self { true } else { false }
    }

    fileprivate var isObject: Bool {
        if case .object = self { true } else { false }
    }
}
