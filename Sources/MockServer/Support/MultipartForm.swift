import Foundation
import Hummingbird
import MultipartKit
import Provider

/// A parsed `multipart/form-data` body: its parts by name, each with an optional filename.
///
/// Parsed with MultipartKit's streaming `MultipartParser`; the `Content-Disposition` header
/// (`form-data; name="file"; filename="train.jsonl"`) is read here, since the upload needs the
/// filename and the parser leaves headers as text.
struct MultipartForm {
    /// One part of the form.
    struct Part {
        var name: String
        var filename: String?
        var contentType: String?
        var body: ByteBuffer
    }

    /// The parts, in body order.
    private(set) var parts: [Part] = []

    /// The first part named `name`.
    subscript(name: String) -> Part? {
        parts.first { $0.name == name }
    }

    /// The boundary of a `multipart/form-data` content type.
    ///
    /// - Throws: 415 when the type is another or has no boundary.
    static func boundary(contentType: String?, method: HTTPRequest.Method, path: String) throws(APIError) -> String {
        let fields = (contentType ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let media = fields.first?.lowercased(), media == "multipart/form-data" else {
            throw APIError(status: .unsupportedMediaType, message: "Unsupported Content-Type '\(contentType ?? "none")' for \(method.rawValue) \(path): upload files as multipart/form-data with 'file' and 'purpose' parts.",
                                param: "Content-Type")
        }
        for field in fields.dropFirst() where field.lowercased().hasPrefix("boundary=") {
            var value = field.dropFirst("boundary=".count)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
            if !value.isEmpty { return String(value) }
        }
        throw APIError(status: .unsupportedMediaType, message: "The multipart/form-data Content-Type has no boundary parameter.", param: "Content-Type")
    }

    /// Parses a body.
    ///
    /// - Throws: 400 when the body is not well-formed multipart (including one cut short).
    init(body: ByteBuffer, boundary: String) throws(ProviderError) {
        let parser = MultipartParser(boundary: boundary)
        var headers: [(String, String)] = []
        var current = ByteBuffer()
        var parts: [Part] = []
        var malformed: String?
        var open = false
        parser.onHeader = { name, value in
            open = true
            headers.append((name.lowercased(), value))
        }
        parser.onBody = { chunk in
            open = true
            current.writeBuffer(&chunk)
        }
        parser.onPartComplete = {
            defer {
                headers = []
                current = ByteBuffer()
                open = false
            }
            guard let disposition = headers.last(where: { $0.0 == "content-disposition" })?.1 else {
                malformed = malformed ?? "a part has no Content-Disposition header"
                return
            }
            let parameters = Self.dispositionParameters(disposition)
            guard let name = parameters["name"] else {
                malformed = malformed ?? "a part's Content-Disposition has no name"
                return
            }
            parts.append(Part(name: name, filename: parameters["filename"],
                              contentType: headers.last(where: { $0.0 == "content-type" })?.1, body: current))
        }
        do {
            try parser.execute(body)
        } catch {
            throw .invalid("The multipart/form-data body is malformed (boundary \"\(boundary)\"): it could not be parsed.")
        }
        if let malformed { throw .invalid("The multipart/form-data body is malformed: \(malformed).") }
        if open || parts.isEmpty {
            throw .invalid("The multipart/form-data body is incomplete: it does not end with the closing boundary \"--\(boundary)--\".")
        }
        self.parts = parts
    }

    /// `name="file"; filename="a.jsonl"` as a dictionary (quoted or bare values).
    static func dispositionParameters(_ header: String) -> [String: String] {
        var result: [String: String] = [:]
        var rest = Substring(header)
        // Skip the disposition type (`form-data`).
        guard let firstSemicolon = rest.firstIndex(of: ";") else { return result }
        rest = rest[rest.index(after: firstSemicolon)...]
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == ";" }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                var end = rest.endIndex
                for index in rest.indices {
                    let character = rest[index]
                    if escaped { value.append(character); escaped = false }
                    else if character == "\\" { escaped = true }
                    else if character == "\"" { end = index; break }
                    else { value.append(character) }
                }
                rest = end < rest.endIndex ? rest[rest.index(after: end)...] : ""
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                value = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            if result[key] == nil { result[key] = value }
        }
        return result
    }
}
