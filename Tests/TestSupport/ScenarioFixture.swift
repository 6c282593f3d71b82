public import Foundation

/// Scenario folders for tests: `scenario.yaml` beside its JSONL data, written to a fresh
/// temporary directory, so that tests never share or leave files in the repository.
///
/// ```swift
/// let folder = try ScenarioFixture.folder(yaml: yaml, files: ["train.jsonl": …, "valid.jsonl": …])
/// let scenario = try JobScenario.load(path: folder.path)
/// ```
public enum ScenarioFixture {
    /// A new folder with `scenario.yaml` (the text `yaml`) and the files `files` (name → text).
    ///
    /// - Parameter prefix: Names the folder (`rftsim-PREFIX-UUID`), to tell tests' folders apart.
    public static func folder(yaml: String, files: [String: String], prefix: String = "scenario") throws -> URL {
        let folder = try emptyFolder(prefix)
        for (name, text) in files.merging(["scenario.yaml": yaml], uniquingKeysWith: { _, yaml in yaml }) {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return folder
    }

    /// A new empty folder in the temporary directory (`rftsim-PREFIX-UUID`), e.g. the parent of a
    /// command's output folder, to check that nothing else was written beside it.
    public static func emptyFolder(_ prefix: String) throws -> URL {
        let folder = temporaryFolder(prefix)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A path in the temporary directory that does not exist yet: `rftsim-PREFIX-UUID`.
    public static func temporaryFolder(_ prefix: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("rftsim-\(prefix)-\(UUID().uuidString)")
    }
}
