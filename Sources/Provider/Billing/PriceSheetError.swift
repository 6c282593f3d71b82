/// A price sheet that cannot be used, or a charge a sheet cannot compute.
///
/// The message names the offending key or value and what is allowed:
///
/// ```
/// broken.json: training.o4-mini-2025-04-16.price: must be a number (USD per unit), not a string
/// price sheet launch-2025: model: no training price for "gpt-5"; priced models: gpt-4.1-2025-04-14, …
/// ```
public struct PriceSheetError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidSheet = "invalid price sheet"
            case unknownModel = "unknown model"
            case notPriced = "not priced"
            case invalidQuantity = "invalid quantity"
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The sheet file is not valid JSON or breaks the format; `path` names the key.
        public static let invalidSheet = Code(.invalidSheet)
        /// The sheet has no price of the asked kind for the model.
        public static let unknownModel = Code(.unknownModel)
        /// The model is priced, but not for the asked method (e.g. an hourly RFT model asked for SFT tokens).
        public static let notPriced = Code(.notPriced)
        /// A negative or non-finite duration, a negative token count, or more cached than prompt tokens.
        public static let invalidQuantity = Code(.invalidQuantity)

        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// The file, or `price sheet <name>` for a charge.
    public let source: String
    /// The JSON path of the offending value in the sheet file, or the argument at fault; `nil` when none.
    public let path: String?
    /// What is wrong and what is allowed.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, source: String, path: String?, message: String) {
        self.code = code
        self.source = source
        self.path = path
        self.message = message
    }

    public var description: String {
        if let path, !path.isEmpty { return "\(source): \(path): \(message)" }
        return "\(source): \(message)"
    }
}
