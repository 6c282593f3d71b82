/// A model catalogue file that cannot be used: where in which file, and what is allowed.
///
/// ```
/// model-catalogue.json: models[2].methods[0] (gpt-4.1-mini-2025-04-14): "sft" is not allowed; use one of supervised, dpo, reinforcement
/// ```
public struct CatalogueError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file or label the catalogue came from.
    public let source: String
    /// The JSON path of the offending value (`models[2].methods[0]`), empty for the whole document.
    public let path: String
    /// The `id` of the entry at fault, when the entry has a readable one.
    public let modelID: String?
    /// What is wrong and what is allowed.
    public let message: String

    /// Creates an error.
    public init(source: String, path: String, modelID: String? = nil, message: String) {
        self.source = source
        self.path = path
        self.modelID = modelID
        self.message = message
    }

    public var description: String {
        var text = source
        if !path.isEmpty { text += ": \(path)" }
        if let modelID { text += " (\(modelID))" }
        return "\(text): \(message)"
    }
}
