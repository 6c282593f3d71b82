public import Graders
internal import Foundation

/// A grader definition read from a JSON file and checked as `graders/validate` checks it.
///
/// Every problem keeps the file and the grader's own JSON path:
/// `grader.json: graders.decision.operation: "same" is not allowed; use one of eq, ne, like, ilike`.
public enum GraderDefinitionFile {
    /// Reads the grader at `path` and lists every problem of it.
    ///
    /// - Parameter path: The grader JSON file, as the API takes it.
    /// - Returns: The grader when it decodes and breaks no rule (else `nil`), and each problem as
    ///   `PATH: JSON-PATH: message` (or `PATH: message` for the file as a whole).
    public static func check(path: String) async -> (grader: Grader?, problems: [String]) {
        do {
            return await check(try DatasetFile.read(path), path: path)
        } catch {
            return (nil, [error.message])
        }
    }

    /// Reads the grader at `path`.
    ///
    /// - Throws: ``CostEstimateError`` `unreadableFile` when it cannot be read, `invalidGrader`
    ///   listing every problem (with the path and the grader's JSON path, one per line) otherwise.
    public static func load(path: String) async throws(CostEstimateError) -> Grader {
        let (grader, problems) = await check(try DatasetFile.read(path), path: path)
        guard let grader else { throw CostEstimateError(.invalidGrader, problems.joined(separator: "\n")) }
        return grader
    }

    private static func check(_ data: Data, path: String) async -> (grader: Grader?, problems: [String]) {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: data)
        } catch {
            return (nil, ["\(path): not valid JSON (\(error)); a grader file holds one JSON object, as the API takes it"])
        }
        let problems = await GraderValidator.validate(json: json).map { "\(path): \($0)" }
        guard problems.isEmpty, let grader = try? Grader(json: json) else { return (nil, problems) }
        return (grader, [])
    }
}
