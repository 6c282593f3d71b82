/// One message of a model grader's prompt (the platform's `EvalItem`).
public struct GraderMessage: Hashable, Sendable {
    /// Who speaks.
    public enum Role: String, CaseIterable, Sendable {
        case user, assistant, system, developer
    }

    /// The content kinds a message part may have.
    public enum PartType: String, CaseIterable, Sendable {
        case inputText = "input_text"
        case outputText = "output_text"
        case inputImage = "input_image"
        case inputAudio = "input_audio"
    }

    public var role: Role
    /// A string, a typed part (`{"type": "input_text", "text": …}`), or an array of those.
    public var content: JSONValue
    /// The optional `"type": "message"`.
    public var type: String?

    public init(role: Role, content: JSONValue, type: String? = nil) {
        self.role = role
        self.content = content
        self.type = type
    }

    init(json: JSONValue, path: String) throws(GraderDefinitionError) {
        let reader = try JSONObjectReader(json, path: path, what: "a message")
        try reader.rejectUnknownKeys(allowed: ["role", "content", "type"], type: "message in a model")
        role = try reader.choice("role", as: Role.self)
        type = try reader.optionalString("type")
        if let type, type != "message" {
            throw GraderDefinitionError(path: reader.childPath("type"), message: "\"\(type)\" is not allowed; use \"message\" or leave it out")
        }
        guard let content = reader.members["content"] else { throw reader.missing("content") }
        try Self.checkContent(content, path: reader.childPath("content"), allowArray: true)
        self.content = content
    }

    /// The text parts of the content, templates unrendered (images and audio have none).
    public var textParts: [String] {
        Self.texts(in: content)
    }

    var json: JSONValue {
        var members: [String: JSONValue] = ["role": .string(role.rawValue), "content": content]
        if let type { members["type"] = .string(type) }
        return .object(members)
    }

    private static func texts(in content: JSONValue) -> [String] {
        switch content {
        case .string(let text): [text]
        case .array(let parts): parts.flatMap(texts(in:))
        case .object(let part): part["text"]?.stringValue.map { [$0] } ?? []
        default: []
        }
    }

    private static func checkContent(_ content: JSONValue, path: String, allowArray: Bool) throws(GraderDefinitionError) {
        switch content {
        case .string:
            return
        case .array(let parts) where allowArray:
            for (index, part) in parts.enumerated() {
                try checkContent(part, path: "\(path)[\(index)]", allowArray: false)
            }
        case .object:
            let reader = try JSONObjectReader(content, path: path, what: "content")
            let type = try reader.choice("type", as: PartType.self)
            switch type {
            case .inputText, .outputText:
                _ = try reader.string("text")
            case .inputImage:
                _ = try reader.string("image_url")
            case .inputAudio:
                guard reader.members["input_audio"] != nil else { throw reader.missing("input_audio") }
            }
        default:
            let allowed = allowArray ? "a string, a typed part or an array of parts" : "a string or a typed part"
            throw GraderDefinitionError(path: path, message: "must be \(allowed), not \(content.kindName)")
        }
    }
}
