import Graders

/// The platform's error body, `{"error": {"message", "type", "param", "code"}}`, with all four
/// keys present (`null` when absent), as the spec's `ErrorResponse` requires.
///
/// Written by hand rather than through `JSONEncoder`, which on Linux does not keep key order:
/// `message` first reads best in a terminal, and nothing here can fail to encode.
enum ErrorBody {
    /// The JSON text of `error`'s body.
    static func text(of error: APIError) -> String {
        var output = #"{"error":{"message":"#
        output.reserveCapacity(96 + error.message.utf8.count)
        JSONValue.writeString(error.message, to: &output)
        output += #","type":"#
        JSONValue.writeString(error.type, to: &output)
        output += #","param":"#
        if let param = error.param { JSONValue.writeString(param, to: &output) } else { output += "null" }
        output += #","code":"#
        if let code = error.code { JSONValue.writeString(code, to: &output) } else { output += "null" }
        output += "}}"
        return output
    }
}
