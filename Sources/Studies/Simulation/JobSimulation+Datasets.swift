internal import Foundation
internal import Graders
internal import Provider

extension JobSimulation {
    /// A data file's examples, as the platform's validation reads them.
    struct Dataset: Sendable {
        let lines: [JSONValue]
        /// FNV-1a of the file's bytes.
        let hash: UInt64
    }

    /// Data files already read, by role, path and grader (a sweep's cells share their files).
    struct DatasetCache {
        var entries: [String: Dataset] = [:]
    }

    /// Reads and checks one data file as the provider's `validating_files` does.
    ///
    /// - Throws: ``ScenarioError`` (at the `data.training` or `data.validation` line) for a file
    ///   that cannot be read or fails the checks; the message names the file and its line.
    static func dataset(_ url: URL, role: DatasetRole, scenario: JobScenario, cache: inout DatasetCache) throws(ScenarioError) -> Dataset {
        let cacheKey = "\(role)|\(url.standardizedFileURL.path)|\(scenario.graderJSON?.jsonText ?? "")"
        if let cached = cache.entries[cacheKey] { return cached }
        let place = role == .training ? "data.training" : "data.validation"
        let bytes: Data
        do {
            bytes = try Data(contentsOf: url)
        } catch {
            throw Self.error(scenario, "", "cannot read \(url.path): \(error.localizedDescription)", at: place)
        }
        let report = DatasetValidator(method: .reinforcement, role: role, grader: scenario.grader).validate(bytes)
        if let problem = report.jobError(fileID: url.path) {
            throw Self.error(scenario, "", problem.message, at: place)
        }
        var hash = SweepHash()
        hash.combine(bytes)
        let dataset = Dataset(lines: report.examples, hash: hash.value)
        cache.entries[cacheKey] = dataset
        return dataset
    }
}
