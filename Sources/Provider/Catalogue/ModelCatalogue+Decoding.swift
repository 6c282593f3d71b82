public import Foundation
internal import Graders

extension ModelCatalogue {
    /// The top-level keys of a catalogue file.
    static let documentKeys = ["name", "description", "sources", "models"]
    /// The keys of one model entry.
    static let entryKeys = CatalogueModel.CodingKeys.allCases.map(\.rawValue)
    /// The values `owned_by` may take.
    static let owners = ["system", "openai"]

    /// Reads a catalogue from JSON text.
    ///
    /// The document is `{"models": [entry, …]}` (with optional `name`, `description`, `sources`);
    /// an entry has `id`, `aliases`, `created`, `owned_by`, `methods`, `reasoning`,
    /// `grader_model` and the optional limits `context_window`, `max_output_tokens`,
    /// `training_context_tokens`, `shutdown_date`, `vision` and `prompt_completion` (both default false). Unknown keys are refused, and every id and
    /// alias must name one model only.
    ///
    /// - Parameters:
    ///   - json: The file's bytes.
    ///   - source: The file name or a label, repeated in every error.
    /// - Throws: `CatalogueError` naming the source, the entry (index and id), the key and what is allowed.
    public init(json: Data, source: String) throws(CatalogueError) {
        var currentID: String?
        let models: [CatalogueModel]
        do throws(JSONFieldError) {
            let document = try JSONFields(JSONFields.parse(json), path: "", what: "a model catalogue")
            try document.rejectUnknownKeys(allowed: Self.documentKeys)
            var entries: [CatalogueModel] = []
            var owners: [String: String] = [:]  // name -> id of the model it names
            for (path, value) in try document.array("models", of: "model entries") {
                let fields = try JSONFields(value, path: path, what: "a model entry")
                currentID = fields.members["id"]?.stringValue
                let model = try Self.entry(fields)
                for name in [model.id] + model.aliases {
                    if let other = owners[name] {
                        let what = name == model.id ? "id" : "alias"
                        throw JSONFieldError(path: path, message: "the \(what) \"\(name)\" already names \(other); ids and aliases must be unique")
                    }
                    owners[name] = model.id
                }
                entries.append(model)
                currentID = nil
            }
            models = entries
        } catch {
            throw CatalogueError(source: source, path: error.path, modelID: currentID, message: error.message)
        }
        self.init(models: models, source: source)
    }

    private static func entry(_ fields: JSONFields) throws(JSONFieldError) -> CatalogueModel {
        try fields.rejectUnknownKeys(allowed: entryKeys)
        let id = try fields.string("id")
        let aliases = try fields.stringArray("aliases")
        let created = try fields.int("created", minimum: 0)
        let owner = try fields.string("owned_by")
        guard owners.contains(owner) else {
            throw JSONFieldError(path: fields.childPath("owned_by"), message: "\"\(owner)\" is not allowed; use one of \(owners.joined(separator: ", "))")
        }
        let shutdown = try fields.optionalString("shutdown_date")
        if let shutdown, !isISODate(shutdown) {
            throw JSONFieldError(path: fields.childPath("shutdown_date"), message: "\"\(shutdown)\" is not a date; write YYYY-MM-DD")
        }
        return CatalogueModel(
            id: id,
            aliases: aliases,
            created: created,
            ownedBy: owner,
            methods: try fields.enumArray("methods", of: FineTuningMethod.self),
            reasoning: try fields.bool("reasoning"),
            graderModel: try fields.bool("grader_model"),
            contextWindow: try fields.optionalInt("context_window", minimum: 1),
            maxOutputTokens: try fields.optionalInt("max_output_tokens", minimum: 1),
            trainingContextTokens: try fields.optionalInt("training_context_tokens", minimum: 1),
            shutdownDate: shutdown,
            vision: fields.optionalValue("vision") == nil ? false : try fields.bool("vision"),
            promptCompletion: fields.optionalValue("prompt_completion") == nil ? false : try fields.bool("prompt_completion")
        )
    }
}

/// Whether `text` is a calendar date written `YYYY-MM-DD` (month 1–12, day 1–31).
func isISODate(_ text: String) -> Bool {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
        parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
        let month = Int(parts[1]), let day = Int(parts[2])
    else { return false }
    return (1...12).contains(month) && (1...31).contains(day)
}
