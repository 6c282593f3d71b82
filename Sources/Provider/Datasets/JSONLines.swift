internal import Foundation

/// The lines of a JSONL file as byte ranges, with the file-level conventions decided once.
///
/// - Lines end at `\n`; a `\r` before it is dropped, so `\r\n` files read like `\n` files.
///   A lone `\r` does not end a line (JSON treats it as whitespace).
/// - A UTF-8 byte order mark at the very start is skipped (Windows editors write one; it is not
///   part of the first object).
/// - A line is *blank* when it holds only spaces, tabs or `\r`. Blank lines after the last
///   non-blank line (including the empty "line" after a final newline) are the end of the file
///   and allowed; a blank line before it is a problem.
struct JSONLines {
    /// One line of the file.
    struct Line {
        /// The 1-based line number.
        let number: Int
        /// The byte offset of the line's first byte in the file.
        let offset: Int
        /// The line's bytes without the line ending.
        let range: Range<Int>
        let isBlank: Bool
    }

    /// The lines up to and including the last non-blank one.
    let lines: [Line]

    /// Splits `bytes` into lines.
    ///
    /// - Complexity: O(n) in the size of the file; newlines are found with `memchr`.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var lines: [Line] = []
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        var number = 1
        let base = bytes.baseAddress
        while start <= bytes.count {
            var end = bytes.count
            if let base, start < bytes.count,
               let found = memchr(base + start, 0x0A, bytes.count - start) {
                end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            var contentEnd = end
            if contentEnd > start, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            lines.append(Line(number: number, offset: start, range: start..<contentEnd,
                              isBlank: Self.isBlank(bytes, start..<contentEnd)))
            number += 1
            start = end + 1
        }
        while let last = lines.last, last.isBlank { lines.removeLast() }
        self.lines = lines
    }

    private static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        for index in range {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: continue
            default: return false
            }
        }
        return true
    }

    /// The offset of the first byte that does not start or continue a well-formed UTF-8 sequence
    /// (overlong forms, surrogates and code points above U+10FFFF are ill-formed), or `nil`.
    static func firstInvalidUTF8(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // The allowed range of the second byte, and how many continuation bytes follow it.
            let (second, rest): (ClosedRange<UInt8>, Int)
            switch lead {
            case 0xC2...0xDF: (second, rest) = (0x80...0xBF, 0)
            case 0xE0: (second, rest) = (0xA0...0xBF, 1)
            case 0xE1...0xEC, 0xEE...0xEF: (second, rest) = (0x80...0xBF, 1)
            case 0xED: (second, rest) = (0x80...0x9F, 1)
            case 0xF0: (second, rest) = (0x90...0xBF, 2)
            case 0xF1...0xF3: (second, rest) = (0x80...0xBF, 2)
            case 0xF4: (second, rest) = (0x80...0x8F, 2)
            default: return index
            }
            guard index + 1 < bytes.count, second.contains(bytes[index + 1]) else { return index }
            for offset in 0..<rest {
                let position = index + 2 + offset
                guard position < bytes.count, (0x80...0xBF).contains(bytes[position]) else { return index }
            }
            index += 2 + rest
        }
        return nil
    }

    /// Whether `bytes` are well-formed UTF-8 (the standard library's validator, fast in debug builds too).
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        String(validating: bytes, as: UTF8.self) != nil
    }
}
