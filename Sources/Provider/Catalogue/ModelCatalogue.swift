public import Foundation

/// The base models the provider knows, and which fine-tuning methods each takes.
///
/// The built-in catalogue is the bundled `model-catalogue.json`: the RFT model
/// (`o4-mini-2025-04-16`), the SFT/DPO models (`gpt-4.1*`, `gpt-4o-mini`) and the grader models
/// of `score_model`, which take no fine-tuning. Any other file of the same shape loads with
/// ``init(json:source:)``.
///
/// ```swift
/// let catalogue = ModelCatalogue.builtin
/// catalogue.model(named: "o4-mini")?.id                          // "o4-mini-2025-04-16"
/// catalogue.refusal(model: "o4-mini", method: .supervised)?.param  // "method"
/// ```
public struct ModelCatalogue: Sendable, Hashable {
    /// The catalogue bundled with the module.
    ///
    /// A bundled file that does not load is a programming error (a test guards it), so this traps.
    public static let builtin: ModelCatalogue = {
        do {
            return try ModelCatalogue(contentsOf: BundledResource.url(named: "model-catalogue", subdirectory: nil))
        } catch {
            fatalError("the bundled model catalogue does not load: \(error)")
        }
    }()

    /// The models in file order.
    public var models: [CatalogueModel]
    /// Where the catalogue came from (a file name or a label), for error messages.
    public var source: String

    /// Creates a catalogue from models that are already checked.
    public init(models: [CatalogueModel], source: String) {
        self.models = models
        self.source = source
    }

    /// Reads a catalogue file.
    ///
    /// - Parameter url: A file URL of a catalogue JSON file; its last path component names the source.
    /// - Throws: `CatalogueError` when the file cannot be read or is not a valid catalogue.
    public init(contentsOf url: URL) throws(CatalogueError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CatalogueError(source: url.path, path: "", message: "cannot be read (\(error.localizedDescription)); check the path")
        }
        try self.init(json: data, source: url.lastPathComponent)
    }

    /// The model named `name`, by id or alias; case-sensitive, like the platform.
    public func model(named name: String) -> CatalogueModel? {
        models.first { $0.isNamed(name) }
    }

    /// The models that take `method`, in file order.
    public func models(taking method: FineTuningMethod) -> [CatalogueModel] {
        models.filter { $0.methods.contains(method) }
    }

    /// The models `score_model` and `label_model` graders may use, in file order.
    public var graderModels: [CatalogueModel] {
        models.filter(\.graderModel)
    }

    /// Why `model` cannot be fine-tuned with `method`, as the 400 `invalid_request_error` the
    /// provider sends, or `nil` when it can.
    ///
    /// An unknown model, or one that takes no fine-tuning at all, is refused on `param` `"model"`
    /// with the platform's wording ("Model x is not available for fine-tuning or does not
    /// exist.") followed by the models that can be tuned. A model that takes other methods is
    /// refused on `param` `"method"`, naming the methods it takes and the models that take
    /// `method`. Fine-tuned model ids (`ft:…`) are not in the catalogue: resolve them to their base
    /// model before asking.
    ///
    /// - Parameters:
    ///   - name: The job's `model`, an id or an alias.
    ///   - method: The job's `method.type`.
    /// - Returns: The parameter to blame and the message, or `nil`.
    public func refusal(model name: String, method: FineTuningMethod) -> (param: String, message: String)? {
        guard let model = model(named: name), model.isFineTunable else {
            let reason = switch model(named: name)?.graderModel {
            case nil: "Model \(name) is not available for fine-tuning or does not exist."
            case true?: "Model \(name) is not available for fine-tuning; it can serve as a grader model only."
            case false?: "Model \(name) is not available for fine-tuning."
            }
            return ("model", "\(reason) Models available for fine-tuning: \(fineTunableSummary).")
        }
        guard model.methods.contains(method) else {
            let takes = model.methods.map(\.rawValue).joined(separator: ", ")
            let alternatives = models(taking: method).map(\.id)
            let elsewhere = alternatives.isEmpty
                ? "No model in the catalogue supports \(method.rawValue)."
                : "Models that support \(method.rawValue): \(alternatives.joined(separator: ", "))."
            return ("method", "Model \(name) does not support \(method.displayName) fine-tuning; it supports \(takes). \(elsewhere)")
        }
        return nil
    }

    /// "o4-mini-2025-04-16 (reinforcement), gpt-4.1-2025-04-14 (supervised, dpo), …", in file order.
    private var fineTunableSummary: String {
        let tunable = models.filter(\.isFineTunable)
        guard !tunable.isEmpty else { return "none" }
        return tunable.map { "\($0.id) (\($0.methods.map(\.rawValue).joined(separator: ", ")))" }.joined(separator: ", ")
    }
}
