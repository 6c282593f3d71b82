public import Graders
public import Simulator
internal import Foundation

extension PlatformHyperparameters {
    /// Reads a job's `hyperparameters` object for `method`, refusing unknown keys and values
    /// out of range; DPO's `beta` ("auto" or (0, 2]) is returned beside.
    ///
    /// - Parameter path: The object's path in the request, prefixed to every `param`
    ///   (`method.reinforcement.hyperparameters`).
    /// - Throws: 400 naming the key at fault and what is allowed.
    public static func parsing(_ value: JSONValue?, method: FineTuningMethod, path: String) throws(ProviderError) -> (PlatformHyperparameters, beta: Double?) {
        guard let value, value != .null else { return (PlatformHyperparameters(), nil) }
        guard case .object(var members) = value else {
            throw .invalid("\(path) must be an object, got \(value.kindName)", param: path)
        }
        var beta: Double?
        if method == .dpo, let betaValue = members.removeValue(forKey: "beta") {
            switch betaValue {
            case .string("auto"): break
            case .number(let number) where number > 0 && number <= 2: beta = number
            default: throw .invalid("beta must be \"auto\" or a number in (0, 2], got \(betaValue.jsonText)", param: "\(path).beta")
            }
        }
        let simulatorMethod: PlatformHyperparameters.Method = method == .reinforcement ? .reinforcement : .supervised
        let allowed = PlatformHyperparameters.keys(for: simulatorMethod) + (method == .dpo ? ["beta"] : [])
        if let unknown = members.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw .invalid("\(unknown) is not a \(method.rawValue) hyperparameter; allowed: \(allowed.joined(separator: ", "))", param: "\(path).\(unknown)")
        }
        let decoded: PlatformHyperparameters
        do {
            decoded = try JSONDecoder().decode(PlatformHyperparameters.self, from: Data(JSONValue.object(members).jsonText.utf8))
        } catch {
            let key = failingKey(error) ?? ""
            let shown = members[key]?.jsonText ?? "?"
            throw .invalid("\(path).\(key) must be \"auto\" or a number of the right kind, got \(shown)", param: key.isEmpty ? path : "\(path).\(key)")
        }
        do {
            try decoded.validate(method: simulatorMethod)
        } catch {
            throw .invalid(error.message, param: error.field.map { "\(path).\($0)" } ?? path)
        }
        return (decoded, beta)
    }

    /// The hyperparameter keys a `method` job takes (DPO adds `beta`).
    static func knownKeys(for method: FineTuningMethod) -> [String] {
        keys(for: method == .reinforcement ? .reinforcement : .supervised) + (method == .dpo ? ["beta"] : [])
    }

    private static func failingKey(_ error: any Error) -> String? {
        guard let error = error as? DecodingError else { return nil }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context), .dataCorrupted(let context):
            return context.codingPath.first?.stringValue
        @unknown default: return nil
        }
    }
}
