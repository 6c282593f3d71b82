internal import Graders

/// One pass over a JSONL file: blank lines, encoding, JSON syntax and "is it an object", with
/// each object handed to the method's rules.
struct FileScan {
    private(set) var problems: ProblemCollector
    private(set) var examples: [JSONValue] = []
    /// Non-blank lines before the end of the file.
    private(set) var exampleCount = 0
    private var firstInvalidUTF8: (line: Int, column: Int, offset: Int, byte: UInt8)?
    private var invalidUTF8Lines = 0

    /// Characters of a bad line quoted in its problem.
    static let excerptLength = 60

    init(limit: Int) {
        problems = ProblemCollector(limit: limit)
    }

    /// Scans `bytes`, calling `check` with each line that is a JSON object.
    mutating func run(_ bytes: UnsafeBufferPointer<UInt8>,
                      check: (_ line: [String: JSONValue], _ problems: inout ProblemCollector) -> Void) {
        for line in JSONLines(bytes).lines {
            problems.line = line.number
            if line.isBlank {
                problems.addWholeLine("line \(line.number) is empty; blank lines are only allowed at the end of the file")
                continue
            }
            exampleCount += 1
            let content = UnsafeBufferPointer(rebasing: bytes[line.range])
            guard JSONLines.isValidUTF8(content) else {
                noteInvalidUTF8(content, line: line)
                continue
            }
            do {
                let value = try JSONLineParser.parse(content)
                guard case .object(let members) = value else {
                    let text = String(decoding: content, as: UTF8.self)
                    problems.addWholeLine("line \(line.number) is \(value.kindName), not a JSON object; each line must be one object such as {\"messages\": [...]} (the line: \(Self.excerpt(text, around: 0)))")
                    continue
                }
                examples.append(value)
                check(members, &problems)
            } catch {
                let text = String(decoding: content, as: UTF8.self)
                let column = Self.column(ofByte: error.offset, in: content)
                problems.addWholeLine("line \(line.number) is not valid JSON at column \(column): \(error.message) (near: \(Self.excerpt(text, around: column - 1)))")
            }
        }
    }

    private mutating func noteInvalidUTF8(_ content: UnsafeBufferPointer<UInt8>, line: JSONLines.Line) {
        invalidUTF8Lines += 1
        guard firstInvalidUTF8 == nil, let offset = JSONLines.firstInvalidUTF8(in: content) else { return }
        let column = Self.column(ofByte: offset, in: content)
        firstInvalidUTF8 = (line.number, column, line.offset + offset, content[offset])
    }

    /// The whole-file encoding problem, if any line was not UTF-8.
    var encodingProblem: String? {
        guard let first = firstInvalidUTF8 else { return nil }
        let byte = "0x" + JSONLineParser.hex(first.byte, digits: 2)
        let lines = invalidUTF8Lines == 1 ? "1 line has invalid bytes and was" : "\(invalidUTF8Lines) lines have invalid bytes and were"
        return "the file is not valid UTF-8: the first invalid byte (\(byte)) is at byte offset \(first.offset) (line \(first.line), column \(first.column)); \(lines) not checked further. Save the file as UTF-8"
    }

    /// The 1-based character column of the byte at `offset` of a UTF-8 line (continuation bytes
    /// do not start a character).
    static func column(ofByte offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var column = 1
        for index in 0..<min(offset, bytes.count) where bytes[index] & 0xC0 != 0x80 { column += 1 }
        return column
    }

    /// At most ``excerptLength`` characters of `text` around the 0-based character `position`,
    /// with "…" where it was cut.
    static func excerpt(_ text: String, around position: Int) -> String {
        let characters = Array(text)
        guard characters.count > excerptLength else { return text }
        let start = max(0, min(position - excerptLength / 2, characters.count - excerptLength))
        let end = start + excerptLength
        return (start > 0 ? "…" : "") + String(characters[start..<end]) + (end < characters.count ? "…" : "")
    }
}
