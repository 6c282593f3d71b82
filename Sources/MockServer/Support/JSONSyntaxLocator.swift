/// Finds where JSON text stops being JSON, for error messages.
///
/// Foundation's `JSONDecoder` on Linux says only "The given data was not valid JSON", so when a
/// body fails to parse we scan it once more with this small validator (RFC 8259 syntax) to say
/// where and why: `line 1, column 9: expected a value, found ','`. It runs only on the error path.
struct JSONSyntaxLocator {
    /// Where the first syntax error is and what was expected there.
    struct Failure: Error, Equatable, CustomStringConvertible {
        var line: Int
        var column: Int
        var offset: Int
        var problem: String

        var description: String { "line \(line), column \(column) (byte \(offset)): \(problem)" }
    }

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    /// The first syntax error in `bytes`, or `nil` when they are valid JSON.
    static func locate(_ bytes: [UInt8]) -> Failure? {
        var locator = JSONSyntaxLocator(bytes: bytes)
        return locator.run()
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func run() -> Failure? {
        do throws(Failure) {
            skipWhitespace()
            try value()
            skipWhitespace()
            if index < bytes.count { throw fail("unexpected \(found) after the end of the JSON value") }
            return nil
        } catch {
            return error
        }
    }

    private var found: String {
        guard index < bytes.count else { return "the end of the body" }
        let byte = bytes[index]
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }

    private func fail(_ problem: String) -> Failure {
        var line = 1, lineStart = 0
        for position in 0..<min(index, bytes.count) where bytes[position] == UInt8(ascii: "\n") {
            line += 1
            lineStart = position + 1
        }
        return Failure(line: line, column: index - lineStart + 1, offset: index, problem: problem)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private mutating func value() throws(Failure) {
        guard index < bytes.count else { throw fail("expected a value, found the end of the body") }
        switch bytes[index] {
        case UInt8(ascii: "{"): try object()
        case UInt8(ascii: "["): try array()
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        default: throw fail("expected a value, found \(found)")
        }
    }

    private mutating func object() throws(Failure) {
        depth += 1
        guard depth <= 512 else { throw fail("the JSON nests deeper than 512 levels") }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; depth -= 1; return }
        while true {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a quoted key, found \(found)") }
            try string()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':' after the key, found \(found)") }
            index += 1
            skipWhitespace()
            try value()
            skipWhitespace()
            guard index < bytes.count else { throw fail("expected ',' or '}', found the end of the body") }
            if bytes[index] == UInt8(ascii: "}") { index += 1; depth -= 1; return }
            guard bytes[index] == UInt8(ascii: ",") else { throw fail("expected ',' or '}', found \(found)") }
            index += 1
            skipWhitespace()
        }
    }

    private mutating func array() throws(Failure) {
        depth += 1
        guard depth <= 512 else { throw fail("the JSON nests deeper than 512 levels") }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; depth -= 1; return }
        while true {
            try value()
            skipWhitespace()
            guard index < bytes.count else { throw fail("expected ',' or ']', found the end of the body") }
            if bytes[index] == UInt8(ascii: "]") { index += 1; depth -= 1; return }
            guard bytes[index] == UInt8(ascii: ",") else { throw fail("expected ',' or ']', found \(found)") }
            index += 1
            skipWhitespace()
        }
    }

    private mutating func string() throws(Failure) {
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { break }
                if bytes[index] == UInt8(ascii: "u") {
                    for _ in 0..<4 {
                        index += 1
                        guard index < bytes.count, Self.isHexDigit(bytes[index]) else { throw fail("expected 4 hex digits after \\u, found \(found)") }
                    }
                } else if !"\"\\/bfnrt".utf8.contains(bytes[index]) {
                    throw fail("invalid escape \\\(Character(Unicode.Scalar(bytes[index])))")
                }
                index += 1
            case 0..<0x20:
                throw fail("control characters must be escaped inside strings, found \(found)")
            default:
                index += 1
            }
        }
        throw fail("unterminated string: expected '\"', found the end of the body")
    }

    private mutating func number() throws(Failure) {
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, Self.isDigit(bytes[index]) else { throw fail("expected a digit, found \(found)") }
        if bytes[index] == UInt8(ascii: "0") { index += 1 } else { digits() }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, Self.isDigit(bytes[index]) else { throw fail("expected a digit after '.', found \(found)") }
            digits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, Self.isDigit(bytes[index]) else { throw fail("expected a digit in the exponent, found \(found)") }
            digits()
        }
    }

    private mutating func digits() {
        while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
    }

    private mutating func literal(_ word: String) throws(Failure) {
        let start = index
        for expected in word.utf8 {
            guard index < bytes.count, bytes[index] == expected else {
                // Point at the word, not at the byte where it went wrong: `tru` → column of `t`.
                var end = start
                while end < bytes.count, end - start < 16, Self.isWordByte(bytes[end]) { end += 1 }
                index = start
                throw fail("expected '\(word)', found '\(String(decoding: bytes[start..<max(end, start + 1)], as: UTF8.self))'")
            }
            index += 1
        }
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z")) || isDigit(byte) || byte == UInt8(ascii: "_")
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
    }
}
