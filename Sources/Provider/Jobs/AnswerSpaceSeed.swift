/// The seed of a job's answer space (the base model's candidates, their prior and difficulty):
/// a function of the job's file ids and base model, never of the job's seed, so jobs on the same
/// files share one answer space.
///
/// Simulations that run a scenario without the provider (sweeps, `rftsim simulate`) take
/// ``firstUploads(model:hasValidation:catalogue:)``, the seed `rftsim run` gets from a fresh
/// provider, so a sweep's run with a seed is `rftsim run`'s job with that seed, bit for bit.
///
/// ```swift
/// let seed = AnswerSpaceSeed.firstUploads(model: "o4-mini", hasValidation: true)
/// ```
public enum AnswerSpaceSeed {
    /// The seed of a job on `trainingFileID` (and `validationFileID`) tuning `baseModel`.
    ///
    /// - Parameters:
    ///   - trainingFileID: The training file's id.
    ///   - validationFileID: The validation file's id, if any.
    ///   - baseModel: The base model's snapshot id.
    /// - Returns: FNV-1a of the ids and the model.
    public static func of(trainingFileID: String, validationFileID: String?, baseModel: String) -> UInt64 {
        (trainingFileID + (validationFileID ?? "") + baseModel).stableHash
    }

    /// The seed a fresh provider (default configuration) gives a job whose training file is its
    /// first upload and whose validation file, if any, its second: what `rftsim run` does.
    ///
    /// - Parameters:
    ///   - model: The base model, an id or alias of `catalogue` (an unknown name is used as is).
    ///   - hasValidation: Whether the job has a validation file.
    ///   - catalogue: The models, to resolve an alias to its snapshot id.
    /// - Returns: The seed of that job's answer space.
    public static func firstUploads(model: String, hasValidation: Bool, catalogue: ModelCatalogue = .builtin) -> UInt64 {
        var ids = IdentifierFactory()
        let training = ids.next("file-")
        let validation = hasValidation ? ids.next("file-") : nil
        return of(trainingFileID: training, validationFileID: validation, baseModel: catalogue.model(named: model)?.id ?? model)
    }
}
