extension JSONLineParser {
    /// A string from UTF-8 bytes the caller has validated (non-generic, so cheap in debug builds).
    static func string(_ start: UnsafePointer<UInt8>, count: Int) -> String {
        guard count > 0 else { return "" }
        return String(unsafeUninitializedCapacity: count) { buffer in
            buffer.baseAddress!.update(from: start, count: count)
            return count
        }
    }

    /// Parses a string at the cursor (which is on its opening quote).
    mutating func parseString() throws(SyntaxError) -> String {
        let opening = index
        index += 1
        let start = index
        // Most strings have no escapes: find the closing quote and copy the bytes in one go.
        while index < count {
            let byte = base[index]
            if byte == 0x22 {
                let text = Self.string(base + start, count: index - start)
                index += 1
                return text
            }
            if byte == 0x5C { break }
            if byte < 0x20 { throw controlCharacterInString(byte) }
            index += 1
        }
        var utf8 = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x22:
                index += 1
                return String(decoding: utf8, as: UTF8.self)
            case 0x5C:
                try parseEscape(into: &utf8)
            case 0..<0x20:
                throw controlCharacterInString(byte)
            default:
                utf8.append(byte)
                index += 1
            }
        }
        throw SyntaxError(offset: opening, message: "a string that starts here is never closed with '\"'")
    }

    private func controlCharacterInString(_ byte: UInt8) -> SyntaxError {
        let escape: String = switch byte {
        case 0x09: "\\t"
        case 0x0D: "\\r"
        default: "\\u" + Self.hex(byte, digits: 4).lowercased()
        }
        return failure("a raw control character inside a string; write it as \(escape)")
    }

    /// Appends the UTF-8 of the escape sequence at the cursor (on its backslash).
    private mutating func parseEscape(into utf8: inout [UInt8]) throws(SyntaxError) {
        index += 1
        guard let byte = current else { throw failure("a string ends with a lone '\\'") }
        index += 1
        switch byte {
        case 0x22, 0x5C, UInt8(ascii: "/"): utf8.append(byte)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var value = try parseHex4()
            if (0xD800..<0xDC00).contains(value), index + 1 < bytes.count,
               bytes[index] == 0x5C, bytes[index + 1] == UInt8(ascii: "u") {
                let save = index
                index += 2
                let low = try parseHex4()
                if (0xDC00..<0xE000).contains(low) {
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                } else {
                    index = save  // the next escape stands on its own
                }
            }
            let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"  // a lone surrogate
            UTF8.encode(scalar) { utf8.append($0) }
        default:
            index -= 2  // point at the backslash
            throw failure("\\\(Character(Unicode.Scalar(byte))) is not a JSON escape; use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX")
        }
    }

    private mutating func parseHex4() throws(SyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = Self.hexValue(byte) else {
                throw failure("\\u must be followed by four hexadecimal digits")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private var atDigit: Bool {
        guard let byte = current else { return false }
        return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// Parses a number at the cursor: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    mutating func parseNumber() throws(SyntaxError) -> Double {
        let start = index
        if current == UInt8(ascii: "-") { index += 1 }
        guard atDigit else {
            if current == UInt8(ascii: "I") { throw failure("NaN and Infinity are not JSON numbers; write null or a finite number") }
            throw failure("expected a digit after '-', found \(found)")
        }
        if current == UInt8(ascii: "0") {
            index += 1
            if atDigit { throw failure("numbers cannot have leading zeros") }
        } else {
            while atDigit { index += 1 }
        }
        if current == UInt8(ascii: ".") {
            index += 1
            guard atDigit else { throw failure("expected a digit after the decimal point, found \(found)") }
            while atDigit { index += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard atDigit else { throw failure("expected a digit in the exponent, found \(found)") }
            while atDigit { index += 1 }
        }
        let text = Self.string(base + start, count: index - start)
        guard let value = Double(text), value.isFinite else {
            throw SyntaxError(offset: start, message: "the number \(text) is too large for a 64-bit float")
        }
        return value
    }
}
