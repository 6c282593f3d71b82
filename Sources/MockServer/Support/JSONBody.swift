import Foundation
import Graders
import Hummingbird
import NIOCore
import Provider

/// Reading JSON request bodies with the platform's errors: 415 for another content type, 413 over
/// the limit, 400 that says where the JSON broke or which field has the wrong type.
enum JSONBody {
    /// The start of the platform's message for a body that is not JSON.
    static let parseFailure = "We could not parse the JSON body of your request."

    /// The body's bytes, after checking its content type and size.
    ///
    /// A missing `Content-Type` is accepted (curl and some clients omit it); any other than
    /// `application/json` (parameters such as `charset` allowed) is a 415.
    ///
    /// - Throws: ``APIError`` 415 or 413.
    /// - Parameter strictContentType: `false` for the control API, which reads the body as JSON
    ///   whatever it is labelled, because `curl -d '{…}'` sends `application/x-www-form-urlencoded`.
    static func bytes(of request: Request, limit: Int, strictContentType: Bool = true) async throws -> ByteBuffer {
        if strictContentType, let contentType = request.headers[.contentType], !isJSON(contentType) {
            throw APIError(status: .unsupportedMediaType, message: "Unsupported Content-Type '\(contentType)' for \(request.method.rawValue) \(request.uri.path): send the body as application/json.",
                                param: "Content-Type")
        }
        do {
            return try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw tooLarge(limit: limit)
        }
    }

    /// The 413 for a body over `limit` bytes.
    static func tooLarge(limit: Int, what: String = "JSON request bodies") -> APIError {
        APIError(status: .contentTooLarge, message: "The request body is larger than the \(limit) bytes rftsim accepts for \(what); send a smaller body.",
                      code: "request_too_large")
    }

    /// The body parsed as any JSON value.
    static func value(of request: Request, limit: Int, strictContentType: Bool = true) async throws -> JSONValue {
        try parse(try await bytes(of: request, limit: limit, strictContentType: strictContentType))
    }

    /// Parses JSON bytes.
    ///
    /// - Throws: 400 saying where the text stops being JSON.
    static func parse(_ buffer: ByteBuffer) throws(ProviderError) -> JSONValue {
        guard buffer.readableBytes > 0 else {
            throw .invalid("\(parseFailure) The body is empty; the API expects a JSON object.")
        }
        // Before any recursive parser sees it: a body of a million `[` must not exhaust the stack.
        if let depth = nestingBeyondLimit(buffer.readableBytesView) {
            throw .invalid("\(parseFailure) The JSON nests arrays and objects \(depth) levels deep; rftsim accepts at most \(maximumNesting).")
        }
        do {
            return try JSONValue(parsing: Data(buffer.readableBytesView))
        } catch {
            let bytes = Array(buffer.readableBytesView)
            if let failure = JSONSyntaxLocator.locate(bytes) {
                throw .invalid("\(parseFailure) The JSON is invalid at \(failure). The API expects a JSON payload.")
            }
            // Valid syntax that JSONValue still refused (e.g. a number out of range).
            throw .invalid("\(parseFailure) \(error)")
        }
    }

    /// How deeply a request body's arrays and objects may nest (a grader or job needs a few levels).
    static let maximumNesting = 64

    /// The depth at which `bytes` first nests deeper than ``maximumNesting``, if it does.
    ///
    /// Brackets inside strings do not count; `nil` when the nesting stays within the limit.
    /// Linear, no recursion.
    static func nestingBeyondLimit(_ bytes: some Collection<UInt8>) -> Int? {
        var depth = 0, inString = false, escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > maximumNesting { return depth }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return nil
    }

    /// A decoding failure as a 400 naming the field (`status`, `faults.0.count`).
    static func describe(_ error: DecodingError) -> ProviderError {
        func path(_ codingPath: [any CodingKey], _ key: (any CodingKey)? = nil) -> String {
            (codingPath + (key.map { [$0] } ?? [])).map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let name = path(context.codingPath, key)
            return .invalid("Missing required parameter: '\(name)'.", param: name, platformCode: "missing_required_parameter")
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let name = path(context.codingPath)
            return .invalid("Invalid type for '\(name)': expected \(typeName(type)).", param: name, platformCode: "invalid_type")
        case .dataCorrupted(let context):
            let name = path(context.codingPath)
            return .invalid(name.isEmpty ? "\(parseFailure) \(context.debugDescription)" : "Invalid value for '\(name)': \(context.debugDescription)",
                            param: name.isEmpty ? nil : name)
        @unknown default:
            return .invalid("\(parseFailure) \(error)")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type, is Int32.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        case is Bool.Type: "a boolean"
        case is String.Type: "a string"
        default: "\(type)"
        }
    }

    private static func isJSON(_ contentType: String) -> Bool {
        let media = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return media == "application/json" || (media.hasPrefix("application/") && media.hasSuffix("+json"))
    }
}
