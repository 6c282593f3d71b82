public import Provider
public import Simulator
internal import Foundation
internal import Graders

/// Reads a job's hyperparameters as the API's JSON object, from text or from a file, with the
/// provider's own checks (`PlatformHyperparameters/parsing(_:method:path:)`): unknown keys,
/// wrong types and out-of-range values are refused by name.
///
/// ```swift
/// try HyperparameterInput.parse(#"{"n_epochs": 2, "eval_samples": 1}"#, method: .reinforcement)
/// try HyperparameterInput.parse("@hyperparameters.json", method: .supervised)
/// ```
public enum HyperparameterInput {
    /// Parses `text`: a JSON object, or `@PATH` for a file holding one.
    ///
    /// A DPO job may carry `beta` (`"auto"` or a number in (0, 2]); it does not change the cost
    /// and is checked, then dropped.
    ///
    /// - Parameters:
    ///   - text: `{"n_epochs": 3}` or `@file.json`.
    ///   - method: The job's method, which decides the allowed keys.
    /// - Returns: The hyperparameters; absent keys stay absent (`"auto"`).
    /// - Throws: ``CostEstimateError``: `unreadableFile` for an `@PATH` that cannot be read,
    ///   `invalidHyperparameters` naming the key, what is allowed and the value (prefixed with
    ///   `PATH: ` when read from a file).
    public static func parse(_ text: String, method: FineTuningMethod) throws(CostEstimateError) -> PlatformHyperparameters {
        var file: String?
        var data = Data(text.utf8)
        if text.hasPrefix("@") {
            file = String(text.dropFirst())
            data = try DatasetFile.read(String(text.dropFirst()))
        }
        let prefix = file.map { "\($0): " } ?? ""
        guard let json = try? JSONValue(parsing: data), case .object = json else {
            throw CostEstimateError(.invalidHyperparameters, "\(prefix)hyperparameters must be a JSON object such as {\"n_epochs\": 3, \"batch_size\": \"auto\"}")
        }
        do {
            return try PlatformHyperparameters.parsing(json, method: method, path: "hyperparameters").0
        } catch {
            // The provider's messages name the key ("batch_size must be …"), some with the path already.
            let message = error.message.hasPrefix("hyperparameters.") ? error.message : "hyperparameters: \(error.message)"
            throw CostEstimateError(.invalidHyperparameters, prefix + message, cause: error)
        }
    }
}
