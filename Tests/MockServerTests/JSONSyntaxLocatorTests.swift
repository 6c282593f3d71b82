@testable import MockServer
import Testing

/// The validator that says where a JSON body breaks (Foundation on Linux does not).
struct JSONSyntaxLocatorTests {
    @Test(arguments: [
        ("{\"a\": 1,, }", "line 1, column 9 (byte 8): expected a quoted key, found ','"),
        ("[1, 2", "line 1, column 6 (byte 5): expected ',' or ']', found the end of the body"),
        ("{\"a\": \"x}", "line 1, column 10 (byte 9): unterminated string: expected '\"', found the end of the body"),
        ("{\n\"a\": nul }", "line 2, column 6 (byte 7): expected 'null', found 'nul'"),
        ("{} {}", "line 1, column 4 (byte 3): unexpected '{' after the end of the JSON value"),
        ("{\"a\": 01}", "line 1, column 8 (byte 7): expected ',' or '}', found '1'"),
        ("{\"a\": \"\\q\"}", "line 1, column 9 (byte 8): invalid escape \\q"),
    ])
    func describesTheFirstError(text: String, expected: String) {
        #expect(JSONSyntaxLocator.locate(Array(text.utf8))?.description == expected)
    }

    @Test(arguments: ["{}", "[]", " {\"a\": [1, -2.5e3, true, false, null, \"\\u00e9\\n\"]} ", "\"x\"", "0"])
    func acceptsValidJSON(text: String) {
        #expect(JSONSyntaxLocator.locate(Array(text.utf8)) == nil)
    }

    @Test func readsContentDispositionParameters() {
        #expect(MultipartForm.dispositionParameters(#"form-data; name="file"; filename="a \"b\".jsonl""#) == ["name": "file", "filename": #"a "b".jsonl"#])
        #expect(MultipartForm.dispositionParameters("form-data; name=purpose") == ["name": "purpose"])
    }
}
