import Foundation

/// The messages between ``PythonGraderRunner`` and its worker: one JSON object per line each way.
///
/// Request (runner → worker, on the worker's private copy of its original stdin):
/// ```json
/// {"id": 7, "source_id": 3, "source": "def grade(sample, item): …", "evict": [1],
///  "sample": "{\"output_text\": …}", "item": "{…}"}
/// ```
/// `source` is present only the first time the worker sees `source_id` (see
/// ``PythonSourceCache``), `evict` only when the worker must drop sources. `sample` and `item`
/// travel as JSON *strings* holding the caller's JSON texts, so a malformed text is reported
/// precisely (`bad_request`) and can never change the envelope.
///
/// Replies (worker → runner, on its private copy of its original stdout), `ensure_ascii` JSON:
/// - `{"status": "ready", "python": "3.11.7", "warnings": […]}` once, at start-up;
/// - `{"id": 7, "status": "ok", "score": 0.5}`;
/// - `{"id": 7, "status": "runtime_error" | "memory_limit" | "bad_request" | "protocol_error",
///   "details": "…"}` (`id` is null when the request itself could not be read).
enum PythonWorkerProtocol {
    /// One decoded reply line.
    struct Reply: Decodable {
        var id: Int?
        var status: String
        var score: Double?
        var details: String?
        var python: String?
    }

    /// The source checker's one reply line.
    private struct CheckReply: Decodable {
        var problems: [String]
    }

    /// The bytes of one grade request, newline included.
    ///
    /// - Parameters:
    ///   - id: the request's sequence number, echoed in the reply.
    ///   - source: the entry from ``PythonSourceCache/use(_:)`` and the source text.
    ///   - sampleJSON: the text of the `sample` object.
    ///   - itemJSON: the text of the `item` object.
    static func gradeRequest(
        id: Int, entry: PythonSourceCache.Entry, source: String, sampleJSON: String, itemJSON: String
    ) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 + sampleJSON.utf8.count + itemJSON.utf8.count + (entry.isNew ? source.utf8.count : 0))
        bytes += #"{"id":\#(id),"source_id":\#(entry.id)"#.utf8
        if entry.isNew {
            bytes += #","source":"#.utf8
            appendJSONString(source, to: &bytes)
        }
        if !entry.evicted.isEmpty {
            bytes += #","evict":[\#(entry.evicted.map(String.init).joined(separator: ","))]"#.utf8
        }
        bytes += #","sample":"#.utf8
        appendJSONString(sampleJSON, to: &bytes)
        bytes += #","item":"#.utf8
        appendJSONString(itemJSON, to: &bytes)
        bytes += "}\n".utf8
        return bytes
    }

    /// The bytes of the one request the source checker reads, newline included.
    static func checkRequest(source: String) -> [UInt8] {
        var bytes = Array(#"{"source":"#.utf8)
        appendJSONString(source, to: &bytes)
        bytes += "}\n".utf8
        return bytes
    }

    /// Decodes one reply line.
    ///
    /// - Throws: `DecodingError` when the line is not a reply object.
    static func decode(_ line: [UInt8]) throws -> Reply {
        try JSONDecoder().decode(Reply.self, from: Data(line))
    }

    /// Decodes the source checker's reply line into its problems.
    ///
    /// - Throws: `DecodingError` when the line is not a checker reply.
    static func decodeCheck(_ line: [UInt8]) throws -> [String] {
        try JSONDecoder().decode(CheckReply.self, from: Data(line)).problems
    }

    /// Appends `text` as a JSON string literal in UTF-8.
    ///
    /// Only `"`, `\` and control characters need escaping; everything else, including non-ASCII
    /// text, is valid inside a JSON string as it is (a Swift string is always valid UTF-8). The
    /// escaped line therefore never contains a raw newline, which frames the protocol.
    static func appendJSONString(_ text: String, to bytes: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case UInt8(ascii: "\n"):
                bytes += #"\n"#.utf8
            case 0..<0x20:
                bytes += #"\u00"#.utf8
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0xF)])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
