internal import Graders

/// A strict JSON parser (RFC 8259) for one line of a JSONL file, with messages that say where
/// and what is wrong.
///
/// Written for the dataset validator rather than using `JSONValue(parsing:)`: Foundation's
/// decoder takes about half a millisecond per line in a debug build (ten thousand lines would take
/// seconds), accepts a trailing comma, and reports every mistake as "not valid JSON" without a
/// position. Choices where parsers differ: `NaN`/`Infinity`, trailing commas, single quotes,
/// comments and leading zeros are refused (as `JSON.parse` does; Python's `json` would take
/// `NaN`); a duplicate key keeps its last value (as Python and `JSON.parse` do); an escaped lone
/// surrogate (`"\ud800"`) becomes U+FFFD, since a Swift string cannot hold it.
struct JSONLineParser {
    /// Why a line is not JSON; `offset` is the byte offset in the line where parsing stopped.
    struct SyntaxError: Error {
        let offset: Int
        let message: String
    }

    /// Objects and arrays may nest this deep; deeper lines are refused rather than risking the stack.
    static let maximumDepth = 512

    let bytes: UnsafeBufferPointer<UInt8>
    /// `bytes`' start and count, read directly in the hot loops (cheaper than the buffer's
    /// subscript in debug builds).
    let base: UnsafePointer<UInt8>
    let count: Int
    var index = 0
    private var depth = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>, base: UnsafePointer<UInt8>) {
        self.bytes = bytes
        self.base = base
        count = bytes.count
    }

    /// Parses `bytes`, which must be valid UTF-8, as exactly one JSON value surrounded by optional whitespace.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(SyntaxError) -> JSONValue {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { throw SyntaxError(offset: 0, message: "the line is empty") }
        var parser = JSONLineParser(bytes, base: base)
        parser.skipWhitespace()
        guard parser.index < bytes.count else { throw SyntaxError(offset: 0, message: "the line holds only whitespace") }
        let value = try parser.parseValue()
        parser.skipWhitespace()
        if parser.index < bytes.count {
            throw parser.failure("there is more text after the JSON value; put exactly one JSON object on each line")
        }
        return value
    }

    func failure(_ message: String) -> SyntaxError {
        SyntaxError(offset: index, message: message)
    }

    var current: UInt8? {
        index < count ? base[index] : nil
    }

    private mutating func skipWhitespace() {
        while index < count {
            switch base[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// A short description of the byte at the cursor, for "found …" in messages.
    var found: String {
        guard let byte = current else { return "the end of the line" }
        if byte == UInt8(ascii: "'") { return "\"'\"" }
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        if byte == 0x20 { return "a space" }
        if byte < 0x20 { return "a control character (U+\(Self.hex(byte, digits: 4)))" }
        return "a non-ASCII character"
    }

    private mutating func parseValue() throws(SyntaxError) -> JSONValue {
        guard let byte = current else { throw failure("expected a value, found the end of the line") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "t"): return try parseLiteral("true", .bool(true))
        case UInt8(ascii: "f"): return try parseLiteral("false", .bool(false))
        case UInt8(ascii: "n"): return try parseLiteral("null", .null)
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw failure("NaN and Infinity are not JSON numbers; write null or a finite number")
        case UInt8(ascii: "'"):
            throw failure("strings must use double quotes (\"), not single quotes")
        case UInt8(ascii: "/"):
            throw failure("JSON has no comments")
        default:
            throw failure("expected a value (an object, array, string, number, true, false or null), found \(found)")
        }
    }

    private mutating func parseLiteral(_ word: StaticString, _ value: JSONValue) throws(SyntaxError) -> JSONValue {
        let count = word.utf8CodeUnitCount
        let start = word.utf8Start
        guard index + count <= bytes.count else { throw failure("expected \(word)") }
        for offset in 0..<count where bytes[index + offset] != start[offset] {
            throw failure("expected \(word)")
        }
        index += count
        return value
    }

    private mutating func enter() throws(SyntaxError) {
        depth += 1
        if depth > Self.maximumDepth { throw failure("objects and arrays nest deeper than \(Self.maximumDepth) levels") }
    }

    private mutating func parseObject() throws(SyntaxError) -> JSONValue {
        try enter()
        index += 1  // {
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(members)
        }
        // Growing 1 → 2 → 4 → 8 rehashes each time; most objects in datasets have a few keys.
        members.reserveCapacity(8)
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else {
                if current == UInt8(ascii: "}") { throw failure("a trailing comma before '}'; remove the last ','") }
                if current == UInt8(ascii: "'") { throw failure("keys and strings must use double quotes (\"), not single quotes") }
                throw failure("expected a key in double quotes, found \(found)")
            }
            let key = try parseString()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw failure("expected ':' after the key \"\(key)\", found \(found)") }
            index += 1
            skipWhitespace()
            members[key] = try parseValue()
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return .object(members)
            default: throw failure("expected ',' or '}' after the value of \"\(key)\", found \(found)")
            }
        }
    }

    private mutating func parseArray() throws(SyntaxError) -> JSONValue {
        try enter()
        index += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            if current == UInt8(ascii: "]") { throw failure("a trailing comma before ']'; remove the last ','") }
            elements.append(try parseValue())
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return .array(elements)
            default: throw failure("expected ',' or ']' after an array element, found \(found)")
            }
        }
    }
}

extension JSONLineParser {
    /// `byte` in uppercase hexadecimal with at least `digits` digits: `hex(9, digits: 4)` is `0009`.
    static func hex(_ byte: UInt8, digits: Int) -> String {
        let text = String(byte, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
