/// A request the provider refuses, shaped as the platform's error object
/// (`{"error": {"message", "type", "param", "code"}}`) without its transport.
///
/// Every refusal of the in-process API is one of these, so a Swift caller sees the same message
/// a Python client would. The provider knows no HTTP: ``code`` says what kind of refusal it is,
/// and the HTTP server maps each code to a status in one table.
public struct ProviderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of refusal (swift-nio's error-code pattern: a struct over a private enum, so
    /// codes can be added without breaking callers that switch over the known ones).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable, CaseIterable {
            case invalidRequest = "invalid request"
            case forbidden
            case notFound = "not found"
            case conflict
            case contentTooLarge = "content too large"
        }

        private var base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The request is malformed or asks for something the platform does not allow.
        public static let invalidRequest = Code(.invalidRequest)
        /// The organisation may not do what it asks (an unverified organisation's RFT job).
        public static let forbidden = Code(.forbidden)
        /// The object the request names does not exist, or the caller may not see it.
        public static let notFound = Code(.notFound)
        /// The object is in a state the request cannot apply to (an outcome that would rewrite
        /// the past, a results file that cannot be deleted).
        public static let conflict = Code(.conflict)
        /// An upload over the provider's size limit.
        public static let contentTooLarge = Code(.contentTooLarge)

        /// Every code the provider uses.
        public static let all: [Code] = Base.allCases.map(Code.init)

        public var description: String { base.rawValue }
    }

    /// The kind of refusal.
    public var code: Code
    /// A human sentence: what failed, with which value, and what is allowed.
    public var message: String
    /// The request field at fault (`training_file`, `method.reinforcement.grader.name`), if any.
    public var param: String?
    /// The platform's machine-readable code (`model_not_found`, `invalid_job_state`), sent as the
    /// error object's `code`, if any.
    public var platformCode: String?

    /// Creates an error.
    public init(_ code: Code, message: String, param: String? = nil, platformCode: String? = nil) {
        self.code = code
        self.message = message
        self.param = param
        self.platformCode = platformCode
    }

    public var description: String {
        var text = "\(code)"
        if let platformCode { text += " (\(platformCode))" }
        if let param { text += " [\(param)]" }
        return text + ": " + message
    }

    /// The request is malformed or asks for something the platform does not allow.
    public static func invalid(_ message: String, param: String? = nil, platformCode: String? = nil) -> ProviderError {
        ProviderError(.invalidRequest, message: message, param: param, platformCode: platformCode)
    }

    /// An unknown object, in the platform's words ("No such File object: file-abc").
    public static func notFound(_ kind: String, id: String, param: String = "id", platformCode: String? = nil) -> ProviderError {
        ProviderError(.notFound, message: "No such \(kind) object: \(id)", param: param, platformCode: platformCode)
    }

    /// The organisation may not do what it asks.
    public static func forbidden(_ message: String, platformCode: String? = nil) -> ProviderError {
        ProviderError(.forbidden, message: message, platformCode: platformCode)
    }
}
