public import Graders

/// What a test decides will happen to a job: a failure at a step, a failed validation, the time
/// it spends validating and queueing.
///
/// Set through the control API (`POST /_rftsim/jobs/{id}/outcome`), ``Provider/setOutcome(_:forJob:)``,
/// or at creation through metadata keys: `rftsim.fail_at_step`, `rftsim.fail_validation`,
/// `rftsim.error_code`, `rftsim.error_message`, `rftsim.queue_seconds`, `rftsim.validation_seconds`.
public struct JobOutcome: Sendable, Hashable, Codable {
    /// Fail during this step (1-based): steps before it complete, then the job fails.
    public var failAtStep: Int?
    /// Fail in `validating_files` with ``code`` and ``message``.
    public var failValidation: Bool
    /// The job error's code (default `server_error`, or `invalid_training_file` for validation).
    public var code: String?
    /// The job error's message.
    public var message: String?
    /// Simulated seconds in `queued` (default: the provider's `queueSeconds`).
    public var queueSeconds: Double?
    /// Simulated seconds in `validating_files` (default: the provider's `validationSeconds` + 1 ms per line).
    public var validationSeconds: Double?

    /// Creates an outcome (by default: the job runs to success).
    public init(failAtStep: Int? = nil, failValidation: Bool = false, code: String? = nil, message: String? = nil,
                queueSeconds: Double? = nil, validationSeconds: Double? = nil) {
        self.failAtStep = failAtStep
        self.failValidation = failValidation
        self.code = code
        self.message = message
        self.queueSeconds = queueSeconds
        self.validationSeconds = validationSeconds
    }

    private enum CodingKeys: String, CodingKey {
        case failAtStep = "fail_at_step", failValidation = "fail_validation", code, message
        case queueSeconds = "queue_seconds", validationSeconds = "validation_seconds"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        failAtStep = try c.decodeIfPresent(Int.self, forKey: .failAtStep)
        failValidation = try c.decodeIfPresent(Bool.self, forKey: .failValidation) ?? false
        code = try c.decodeIfPresent(String.self, forKey: .code)
        message = try c.decodeIfPresent(String.self, forKey: .message)
        queueSeconds = try c.decodeIfPresent(Double.self, forKey: .queueSeconds)
        validationSeconds = try c.decodeIfPresent(Double.self, forKey: .validationSeconds)
    }

    /// The keys a JSON outcome may have.
    static let keys = ["fail_at_step", "fail_validation", "code", "message", "queue_seconds", "validation_seconds"]

    /// Parses a control-API body, naming the field at fault.
    public init(json: JSONValue) throws(ProviderError) {
        guard case .object(let members) = json else { throw .invalid("The outcome must be a JSON object.") }
        if let unknown = members.keys.sorted().first(where: { !Self.keys.contains($0) }) {
            throw .invalid("Unknown outcome field \"\(unknown)\"; allowed: \(Self.keys.joined(separator: ", "))", param: unknown)
        }
        self.init()
        for (key, value) in members where value != .null {
            try apply(key: key, text: value.renderedText, param: key)
        }
        try check()
    }

    /// Reads the `rftsim.*` metadata keys.
    init(metadata: [String: String]) throws(ProviderError) {
        self.init()
        for (key, value) in metadata where key.hasPrefix("rftsim.") {
            let name = String(key.dropFirst("rftsim.".count))
            guard name == "error_code" || name == "error_message" || Self.keys.contains(name), name != "code", name != "message" else {
                throw .invalid("Unknown metadata key \"\(key)\"; rftsim keys: rftsim.fail_at_step, rftsim.fail_validation, rftsim.error_code, rftsim.error_message, rftsim.queue_seconds, rftsim.validation_seconds", param: "metadata.\(key)")
            }
            try apply(key: name == "error_code" ? "code" : name == "error_message" ? "message" : name, text: value, param: "metadata.\(key)")
        }
        try check()
    }

    private mutating func apply(key: String, text: String, param: String) throws(ProviderError) {
        func number() throws(ProviderError) -> Double {
            guard let value = Double(text), value.isFinite, value >= 0 else {
                throw .invalid("\(param) must be a number ≥ 0, got \"\(text)\"", param: param)
            }
            return value
        }
        switch key {
        case "fail_at_step":
            guard let step = Int(text), step >= 1 else { throw .invalid("\(param) must be an integer ≥ 1, got \"\(text)\"", param: param) }
            failAtStep = step
        case "fail_validation":
            guard let flag = Bool(text) else { throw .invalid("\(param) must be true or false, got \"\(text)\"", param: param) }
            failValidation = flag
        case "code": code = text
        case "message": message = text
        case "queue_seconds": queueSeconds = try number()
        case "validation_seconds": validationSeconds = try number()
        default: break
        }
    }

    private func check() throws(ProviderError) {
        if failValidation, failAtStep != nil {
            throw .invalid("An outcome fails either validation or a step, not both.", param: "fail_at_step")
        }
    }

    /// The job error this outcome sets, if it fails the job.
    func failure(param: String?) -> JobObject.Failure? {
        if failValidation {
            return .init(code: code ?? "invalid_training_file",
                         message: message ?? "The training file could not be validated (failure requested by rftsim outcome).",
                         param: param)
        }
        if let failAtStep {
            return .init(code: code ?? "server_error",
                         message: message ?? "Fine-tuning failed at step \(failAtStep) due to an internal error (failure requested by rftsim outcome).",
                         param: nil)
        }
        return nil
    }
}
