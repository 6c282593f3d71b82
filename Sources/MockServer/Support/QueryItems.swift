import Foundation
import Hummingbird
import Provider

/// A request's query string as name–value pairs, decoded the way HTML forms and Python's
/// `urlencode` encode them (`+` is a space, `%5B` is `[`): Hummingbird's `queryParameters`
/// leaves names percent-encoded, and `metadata%5Bteam%5D=a` must read as `metadata[team]`.
struct QueryItems {
    /// The pairs, in order.
    private(set) var items: [(name: String, value: String)] = []

    /// Parses the request's query string.
    init(_ request: Request) {
        guard let query = request.uri.query, !query.isEmpty else { return }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            items.append((Self.decode(parts[0]), parts.count > 1 ? Self.decode(parts[1]) : ""))
        }
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// The last value of `name`, if present.
    subscript(name: String) -> String? {
        items.last { $0.name == name }?.value
    }

    /// `name` as a positive integer.
    ///
    /// - Throws: 400 naming `name` when it is not an integer.
    func integer(_ name: String) throws(ProviderError) -> Int? {
        guard let text = self[name] else { return nil }
        guard let value = Int(text) else {
            throw .invalid("Invalid '\(name)': expected an integer, got '\(text)'.", param: name, platformCode: "invalid_type")
        }
        return value
    }

    /// Whether `name` asks for ascending order; `ascendingWord`/`descendingWord` are the two
    /// values the endpoint takes (`asc`/`desc` for files, `ascending`/`descending` for permissions).
    ///
    /// - Throws: 400 naming `name` for any other value.
    func ascending(_ name: String, ascendingWord: String, descendingWord: String) throws(ProviderError) -> Bool {
        guard let text = self[name] else { return false }
        switch text {
        case ascendingWord: return true
        case descendingWord: return false
        default:
            throw .invalid("Invalid '\(name)': expected '\(ascendingWord)' or '\(descendingWord)', got '\(text)'.", param: name)
        }
    }

    /// A deepObject parameter (`metadata[key]=value`) as a dictionary; `nil` when absent.
    /// `metadata=null` (the platform's way to ask for jobs without metadata) gives an empty one.
    func deepObject(_ name: String) -> [String: String]? {
        var result: [String: String]?
        let prefix = name + "["
        for (key, value) in items {
            if key == name, value == "null" {
                result = result ?? [:]
            } else if key.hasPrefix(prefix), key.hasSuffix("]") {
                let inner = String(key.dropFirst(prefix.count).dropLast())
                result = result ?? [:]
                result?[inner] = value
            }
        }
        return result
    }
}

extension AppRequestContext {
    /// The path parameter `name`, percent-decoded (clients may send `ft%3Ao4-mini…` for a model id).
    ///
    /// - Throws: 404 when the parameter is missing (the route did not capture it).
    func pathParameter(_ name: String) throws(APIError) -> String {
        guard let raw = parameters.get(name) else {
            throw APIError(status: .notFound, message: "Missing path parameter '\(name)'.", param: name)
        }
        // A byte scan: `contains("%")` is Foundation's (an NSString search) on every job poll.
        guard raw.utf8.contains(UInt8(ascii: "%")) else { return raw }
        return raw.removingPercentEncoding ?? raw
    }
}
