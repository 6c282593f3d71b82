import Foundation
import Hummingbird
import MultipartKit
import Provider

/// The headers of a `multipart/form-data` upload: the content type's boundary and a part's `Content-Disposition`.
///
/// `form-data; name="file"; filename="train.jsonl"` is read here, since the parser leaves
/// headers as text. The body itself is read by ``MultipartUpload``.
enum MultipartForm {
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
