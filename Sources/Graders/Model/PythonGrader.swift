/// `python`: the user's `grade(sample, item) -> float`, run in a separate `python3` process.
public struct PythonGrader: Hashable, Sendable {
    /// The name; the platform's guides omit it, so it is optional here.
    public var name: String?
    /// Python source defining `grade(sample, item)`.
    public var source: String
    /// The platform image tag (e.g. `2025-05-08`); recorded, not emulated.
    public var imageTag: String?

    public init(name: String?, source: String, imageTag: String? = nil) {
        self.name = name
        self.source = source
        self.imageTag = imageTag
    }

    init(_ reader: JSONObjectReader) throws(GraderDefinitionError) {
        try reader.rejectUnknownKeys(allowed: ["type", "name", "source", "image_tag"], type: "python")
        name = try reader.optionalString("name")
        source = try reader.string("source")
        imageTag = try reader.optionalString("image_tag")
    }

    var json: JSONValue {
        var members: [String: JSONValue] = ["type": "python", "source": .string(source)]
        if let name { members["name"] = .string(name) }
        if let imageTag { members["image_tag"] = .string(imageTag) }
        return .object(members)
    }
}
