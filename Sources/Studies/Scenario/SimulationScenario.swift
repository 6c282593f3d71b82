/// What `rftsim simulate` reads: a scenario in the job form (``JobScenario``, trained as one run
/// of a sweep) or in the bandit form (``BanditScenario``). A file is one form or the other; the
/// form is told by its top-level keys.
///
/// ```swift
/// switch try SimulationScenario.load(path: "scenarios/security-compliance", overrides: ["seed=7"]) {
/// case .job(let job): print(job.name)
/// case .bandit(let bandit, _): print(bandit.configuration.algorithm)
/// }
/// ```
public enum SimulationScenario: Sendable {
    /// The job form, with `--set` overrides applied.
    case job(JobScenario)
    /// The bandit form and its document (``BanditScenario/makeTrainer(document:)`` names keys with it).
    case bandit(BanditScenario, document: ScenarioValue)

    /// Loads a scenario file, or a folder's `scenario.yaml` (as ``JobScenario/load(path:overrides:)``
    /// resolves it), applying `--set` overrides.
    ///
    /// - Throws: ``ScenarioError`` naming the file, line and key of the first problem.
    public static func load(path: String, overrides: [String] = []) throws -> SimulationScenario {
        let file = JobScenario.resolve(path)
        let document = try ScenarioDocument.applying(overrides, to: try ScenarioDocument.load(path: file))
        return try read(document, path: file)
    }

    /// Reads either form from a parsed document: `bandit:` makes it a bandit; any key only the
    /// job form has (`name`, `model`, `method`, `data`, …) makes it a job.
    ///
    /// - Throws: ``ScenarioError`` for a file with keys of both forms, a key of neither, or no key
    ///   that tells the form; otherwise the errors of the form's reader.
    public static func read(_ document: ScenarioValue, path: String) throws(ScenarioError) -> SimulationScenario {
        let keys: [String]
        if case .mapping(let members, _) = document { keys = members.map(\.key) } else { keys = [] }
        let jobKey = keys.first { JobScenario.keys.contains($0) && !BanditScenario.topLevelKeys.contains($0) }
        switch (keys.contains("bandit"), jobKey) {
        case (true, let key?):
            throw ScenarioError(location: document.location(ofKey: key), key: key,
                                message: "is a key of the job form, but the file also has bandit: (the bandit form); a file is one form or the other. \(formsText)")
        case (true, nil):
            return .bandit(try BanditScenario(document), document: document)
        case (false, _?):
            return .job(try JobScenario(document, path: path))
        case (false, nil):
            if let unknown = keys.first(where: { !JobScenario.keys.contains($0) && !BanditScenario.topLevelKeys.contains($0) }) {
                throw ScenarioError(location: document.location(ofKey: unknown), key: unknown, message: "is not a key of either form. \(formsText)")
            }
            throw ScenarioError(location: document.location, key: "",
                                message: "the file is neither form: a job needs model, method and data; a bandit needs bandit:. \(formsText)")
        }
    }

    /// The two forms, for messages.
    static var formsText: String {
        "A scenario is either a job (keys \(JobScenario.keys.joined(separator: ", ")); see docs/SCENARIOS.md) or a bandit "
            + "(keys \(BanditScenario.topLevelKeys.joined(separator: ", ")); see scenarios/bandit-plateau.yaml)."
    }
}
