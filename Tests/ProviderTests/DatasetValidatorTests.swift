import Foundation
import Graders
import Testing

@testable import Provider

/// One good line per method.
private let goodLine: [FineTuningMethod: String] = [
    .supervised: #"{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Capital of France?"},{"role":"assistant","content":"Paris"}]}"#,
    .dpo: #"{"input":{"messages":[{"role":"user","content":"Capital of France?"}]},"preferred_output":[{"role":"assistant","content":"Paris"}],"non_preferred_output":[{"role":"assistant","content":"Lyon"}]}"#,
    .reinforcement: #"{"messages":[{"role":"user","content":"Do you have a dedicated security team?"}],"compliant":"yes","explanation":"A team follows strict protocols."}"#,
]

private func validate(_ text: String, _ method: FineTuningMethod, role: DatasetRole = .training, grader: Grader? = nil,
                      limits: DatasetLimits = .platform) -> DatasetReport {
    DatasetValidator(method: method, role: role, grader: grader, limits: limits).validate(Data(text.utf8))
}

/// The file: ten good lines, then `lines` (so the first of them is line 11), with a final newline.
private func file(_ method: FineTuningMethod, then lines: [String] = []) -> String {
    (Array(repeating: goodLine[method]!, count: 10) + lines).joined(separator: "\n") + "\n"
}

/// The problems of `line` when it follows ten good lines.
private func problems(of line: String, _ method: FineTuningMethod, grader: Grader? = nil) -> [String] {
    validate(file(method, then: [line]), method, grader: grader).problems.map(\.message)
}

private func grader(_ json: String) throws -> Grader {
    try Grader(json: JSONValue(parsing: json))
}

struct DatasetValidatorFileTests {
    @Test func acceptsCRLFAndTrailingBlankLines() {
        let lines = Array(repeating: goodLine[.supervised]!, count: 10)
        for text in [lines.joined(separator: "\r\n") + "\r\n", lines.joined(separator: "\n") + "\n\n \n", lines.joined(separator: "\n")] {
            let report = validate(text, .supervised)
            #expect(report.isValid, "\(report.problems)")
            #expect(report.examples.count == 10)
            #expect(report.exampleCount == 10)
            #expect(report.jobError(fileID: "file-abc") == nil)
        }
    }

    @Test(arguments: ["\n", "\r\n"])
    func blankLinesBeforeTheEndAreProblemsAndLaterLineNumbersStayRight(ending: String) {
        let good = goodLine[.supervised]!
        let lines = Array(repeating: good, count: 5) + ["", "  \t", #"{"messages":[{"role":"bot","content":"x"},{"role":"assistant","content":"y"}]}"#]
            + Array(repeating: good, count: 5)
        let report = validate(lines.joined(separator: ending) + ending, .supervised)
        #expect(report.problems.map(\.message) == [
            "line 6 is empty; blank lines are only allowed at the end of the file",
            "line 7 is empty; blank lines are only allowed at the end of the file",
            #"line 8: messages[0].role is "bot"; allowed: system, developer, user, assistant, tool"#,
        ])
        #expect(report.problems.map(\.line) == [6, 7, 8])
        #expect(report.problems.last?.field == "messages[0].role")
        #expect(report.exampleCount == 11)  // blank lines are not examples
    }

    @Test func reportsTheFirstInvalidUTF8ByteAndKeepsCheckingOtherLines() {
        var data = Data((Array(repeating: goodLine[.supervised]!, count: 10).joined(separator: "\n") + "\n").utf8)
        let offset = data.count + 42  // the é of "café" on line 11
        data.append(Data(#"{"messages":[{"role":"user","content":"caf"#.utf8) + Data([0xE9]) + Data(#""}]}"#.utf8))
        data.append(Data("\n\(#"{"messages":[{"role":"usr","content":"x"},{"role":"assistant","content":"y"}]}"#)\n".utf8))
        data.append(Data([0x7B, 0xFF, 0x7D, 0x0A]))  // "{\xFF}" on line 13
        let report = DatasetValidator(method: .supervised, role: .training).validate(data)
        #expect(report.problems.map(\.message) == [
            "the file is not valid UTF-8: the first invalid byte (0xE9) is at byte offset \(offset) (line 11, column 43); 2 lines have invalid bytes and were not checked further. Save the file as UTF-8",
            #"line 12: messages[0].role is "usr"; allowed: system, developer, user, assistant, tool"#,
        ])
        #expect(report.problems.first?.line == nil)
        #expect(report.examples.count == 11)
        #expect(report.exampleCount == 13)
        #expect(report.jobError(fileID: "file-abc")?.code == "invalid_training_file")
    }

    @Test func skipsAByteOrderMarkAndDecodesEscapes() throws {
        let line = #"{"messages":[{"role":"user","content":"caf\u00e9 \ud83d\ude00\n\"q\""},{"role":"assistant","content":"ok"}]}"#
        let report = validate("\u{FEFF}" + file(.supervised, then: [line]), .supervised)
        #expect(report.isValid, "\(report.problems)")
        let content = report.examples.last?["messages"]?.value(at: [.index(0), .key("content")])
        #expect(content == .string("café 😀\n\"q\""))
    }

    @Test(arguments: [
        ("[1, 2]", #"line 11 is an array, not a JSON object; each line must be one object such as {"messages": [...]} (the line: [1, 2])"#),
        (#""hello""#, #"line 11 is a string, not a JSON object; each line must be one object such as {"messages": [...]} (the line: "hello")"#),
        ("42", #"line 11 is a number, not a JSON object; each line must be one object such as {"messages": [...]} (the line: 42)"#),
        ("true", #"line 11 is a boolean, not a JSON object; each line must be one object such as {"messages": [...]} (the line: true)"#),
        ("null", #"line 11 is null, not a JSON object; each line must be one object such as {"messages": [...]} (the line: null)"#),
    ])
    func saysWhatANonObjectLineIs(line: String, message: String) {
        #expect(problems(of: line, .supervised) == [message])
    }

    @Test(arguments: [
        (#"{"a":1,}"#, #"line 11 is not valid JSON at column 8: a trailing comma before '}'; remove the last ',' (near: {"a":1,})"#),
        ("{'a':1}", #"line 11 is not valid JSON at column 2: keys and strings must use double quotes ("), not single quotes (near: {'a':1})"#),
        (#"{"a":NaN}"#, #"line 11 is not valid JSON at column 6: NaN and Infinity are not JSON numbers; write null or a finite number (near: {"a":NaN})"#),
        (#"{"a":01}"#, #"line 11 is not valid JSON at column 7: numbers cannot have leading zeros (near: {"a":01})"#),
        (#"{"a":"b}"#, #"line 11 is not valid JSON at column 6: a string that starts here is never closed with '"' (near: {"a":"b})"#),
        (#"{"a":1 "b":2}"#, #"line 11 is not valid JSON at column 8: expected ',' or '}' after the value of "a", found '"' (near: {"a":1 "b":2})"#),
        ("{\"a\":\"x\ty\"}", "line 11 is not valid JSON at column 8: a raw control character inside a string; write it as \\t (near: {\"a\":\"x\ty\"})"),
        (#"{"a":1} {"b":2}"#, #"line 11 is not valid JSON at column 9: there is more text after the JSON value; put exactly one JSON object on each line (near: {"a":1} {"b":2})"#),
        (#"{"a":"\x"}"#, #"line 11 is not valid JSON at column 7: \x is not a JSON escape; use \" \\ \/ \b \f \n \r \t or \uXXXX (near: {"a":"\x"})"#),
    ])
    func pinpointsJSONSyntaxErrors(line: String, message: String) {
        #expect(problems(of: line, .supervised) == [message])
    }

    @Test func refusesNestingDeeperThan512Levels() throws {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        // The line's own object is level 1, so the 512th "[" (column 517) is level 513.
        let message = try #require(problems(of: #"{"a":"# + deep + "}", .supervised).first)
        #expect(message.hasPrefix("line 11 is not valid JSON at column 517: objects and arrays nest deeper than 512 levels"))
        #expect(problems(of: #"{"a":"# + String(repeating: "[", count: 511) + String(repeating: "]", count: 511) + "}", .supervised)
            == [#"line 11: messages is missing; it must be a non-empty array of {"role", "content"} messages"#])
    }

    @Test func quotesAtMostSixtyCharactersAroundTheError() throws {
        let line = #"{"messages":[{"role":"user","content":""# + String(repeating: "x", count: 200) + #""},]}"#
        let message = try #require(problems(of: line, .supervised).first)
        #expect(message.hasPrefix("line 11 is not valid JSON at column 243: a trailing comma before ']'"))
        let quoted = try #require(message.range(of: "(near: ")).upperBound
        let excerpt = message[quoted...].dropLast()
        #expect(excerpt.hasPrefix("…") && !excerpt.hasSuffix("…") && excerpt.hasSuffix("},]}"))
        #expect(excerpt.count == 61)  // 60 characters and the leading ellipsis
    }
}

struct DatasetValidatorCountTests {
    @Test func tooFewTrainingExamplesUseThePlatformsWording() throws {
        let text = Array(repeating: goodLine[.reinforcement]!, count: 3).joined(separator: "\n")
        let report = validate(text, .reinforcement)
        let error = try #require(report.jobError(fileID: "file-abc"))
        #expect(error.code == "invalid_n_examples")
        #expect(error.message == "Training file has 3 example(s), but must have at least 10 examples")
        #expect(error.param == "training_file")
        #expect(report.problems.map(\.line) == [nil])
    }

    @Test func anEmptyValidationFileNeedsOneExample() throws {
        let error = try #require(validate("", .supervised, role: .validation).jobError(fileID: "file-v"))
        #expect(error.code == "invalid_n_examples")
        #expect(error.message == "Validation file has 0 example(s), but must have at least 1 example")
        #expect(error.param == "validation_file")
        #expect(validate(goodLine[.supervised]! + "\n", .supervised, role: .validation).isValid)
    }

    @Test func countsOverTheMaximumAndTheCountWinsOverOtherProblems() throws {
        let limits = DatasetLimits(minimumExamples: 10, maximumTrainingExamples: 12, maximumValidationExamples: 2,
                                   maximumProblemsListed: 20)
        let text = file(.supervised, then: [goodLine[.supervised]!, goodLine[.supervised]!, "[]"])
        let error = try #require(validate(text, .supervised, limits: limits).jobError(fileID: "file-abc"))
        #expect(error.code == "invalid_n_examples")
        #expect(error.message == "Training file has 13 example(s), but must have at most 12 examples")
    }

    @Test func onlyReinforcementValidationFilesHaveTheirOwnMaximum() {
        let limits = DatasetLimits(minimumExamples: 10, maximumTrainingExamples: 50, maximumValidationExamples: 2,
                                   maximumProblemsListed: 20)
        let rft = validate(Array(repeating: goodLine[.reinforcement]!, count: 3).joined(separator: "\n"), .reinforcement,
                           role: .validation, limits: limits)
        #expect(rft.jobError(fileID: "file-v")?.message == "Validation file has 3 example(s), but must have at most 2 examples")
        let sft = validate(Array(repeating: goodLine[.supervised]!, count: 3).joined(separator: "\n"), .supervised,
                           role: .validation, limits: limits)
        #expect(sft.isValid)
        #expect(DatasetLimits.platform == DatasetLimits(minimumExamples: 10, maximumTrainingExamples: 50_000,
                                                        maximumValidationExamples: 1_000, maximumProblemsListed: 20))
    }

    @Test func listsTheFirstProblemsAndCountsTheRest() throws {
        let bad = #"{"messages":[{"role":"bot","content":"x"},{"role":"assistant","content":"y"}]}"#
        let report = validate(file(.supervised, then: Array(repeating: bad, count: 30)), .supervised)
        #expect(report.problems.count == 20)
        #expect(report.problemCount == 30)
        #expect(report.problems.map(\.line) == Array(11...30))
        let error = try #require(report.jobError(fileID: "file-abc"))
        #expect(error.code == "invalid_training_file")
        #expect(error.param == "training_file")
        #expect(error.message.hasPrefix(#"Training file file-abc has 30 problems: line 11: messages[0].role is "bot"; allowed: "#))
        #expect(error.message.hasSuffix(#"line 30: messages[0].role is "bot"; allowed: system, developer, user, assistant, tool; …and 10 more problems"#))
    }

    @Test func wholeFileProblemsAreListedPastTheCap() {
        let limits = DatasetLimits(minimumExamples: 10, maximumTrainingExamples: 50_000, maximumValidationExamples: 1_000,
                                   maximumProblemsListed: 1)
        let report = validate(["[]", "[]", "[]"].joined(separator: "\n"), .supervised, limits: limits)
        #expect(report.problems.map(\.line) == [nil, 1])
        #expect(report.problemCount == 4)
        #expect(report.jobError(fileID: "file-abc")?.code == "invalid_n_examples")
    }
}

struct DatasetValidatorSupervisedTests {
    @Test(arguments: [
        goodLine[.supervised]!,
        #"{"messages":[{"role":"developer","content":"Be brief."},{"role":"user","content":"Weather in Paris?"},{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},{"role":"tool","tool_call_id":"call_1","content":"18C"},{"role":"assistant","content":"It is 18C."}],"tools":[{"type":"function","function":{"name":"get_weather","description":"Weather","parameters":{"type":"object"},"strict":true}}],"parallel_tool_calls":false}"#,
        #"{"messages":[{"role":"user","content":"Weather?"},{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"get-weather_2","arguments":"{}"}}]}]}"#,
        #"{"messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"https://example.com/a.png","detail":"low"}},{"type":"image_url","image_url":{"url":"data:image/png;base64,iVBOR"}}]},{"role":"assistant","content":[{"type":"text","text":"A cat."}]}]}"#,
        #"{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b","weight":0},{"role":"user","content":"c"},{"role":"assistant","content":"d","weight":1}]}"#,
        #"{"messages":[{"role":"user","content":"a"},{"role":"assistant","function_call":{"name":"lookup","arguments":"{}"}},{"role":"function","name":"lookup","content":"42"},{"role":"assistant","content":"42"}],"functions":[{"name":"lookup","parameters":{"type":"object"}}]}"#,
        #"{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}],"metadata":{"source":"unknown keys are ignored"}}"#,
    ])
    func acceptsGoodLines(line: String) {
        #expect(problems(of: line, .supervised) == [])
    }

    @Test(arguments: [
        (#"{"prompt":"x","completion":"y"}"#, [#"messages is missing; it must be a non-empty array of {"role", "content"} messages"#]),
        (#"{"messages":[]}"#, [#"messages is an empty array; it must be a non-empty array of {"role", "content"} messages"#]),
        (#"{"messages":["hi",{"role":"assistant","content":"y"}]}"#, [#"messages[0] is "hi"; each message must be an object with "role" and "content""#]),
        (#"{"messages":[{"content":"x"},{"role":"assistant","content":"y"}]}"#, ["messages[0].role is missing; allowed: system, developer, user, assistant, tool"]),
        (#"{"messages":[{"role":1,"content":"x"},{"role":"assistant","content":"y"}]}"#, ["messages[0].role is 1; allowed: system, developer, user, assistant, tool"]),
        (#"{"messages":[{"role":"user","content":null},{"role":"assistant","content":"y"}]}"#, ["messages[0].content is null; a user message needs content: a string or an array of content parts"]),
        (#"{"messages":[{"role":"user","content":"x"},{"role":"assistant"}]}"#, ["messages[1].content is missing; an assistant message needs content (a string or an array of content parts) unless it has tool_calls"]),
        (#"{"messages":[{"role":"user","content":3},{"role":"assistant","content":"y"}]}"#, [#"messages[0].content is 3; it must be a string or an array of content parts like {"type": "text", "text": "…"}"#]),
        (#"{"messages":[{"role":"user","content":[]},{"role":"assistant","content":"y"}]}"#, ["messages[0].content is an empty array; give a string or at least one content part"]),
        (#"{"messages":[{"role":"user","content":[{"type":"input_text","text":"x"}]},{"role":"assistant","content":"y"}]}"#, [#"messages[0].content[0].type is "input_text"; allowed: text, image_url"#]),
        (#"{"messages":[{"role":"user","content":[{"type":"text"}]},{"role":"assistant","content":"y"}]}"#, [#"messages[0].content[0].text is missing; a text part needs "text": a string"#]),
        (#"{"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://x"}}]},{"role":"assistant","content":"y"}]}"#, [#"messages[0].content[0].image_url.url is "ftp://x"; it must be an https:// URL or a data: URL"#]),
        (#"{"messages":[{"role":"user","content":[{"type":"image_url"}]},{"role":"assistant","content":"y"}]}"#, [#"messages[0].content[0].image_url is missing; an image part needs "image_url": {"url": "https://…" or "data:image/…;base64,…"}"#]),
        (#"{"messages":[{"role":"user","content":"x"},{"role":"assistant","content":"y","weight":0.5}]}"#, ["messages[1].weight is 0.5; allowed: 0 (do not train on this message) or 1"]),
        (#"{"messages":[{"role":"user","content":"x","weight":1},{"role":"assistant","content":"y"}]}"#, ["messages[0].weight is set on a user message; weight is only allowed on assistant messages"]),
        (#"{"messages":[{"role":"user","content":"x"},{"role":"assistant","content":"y","weight":0}]}"#, ["every assistant message has weight 0, so this example trains nothing; set weight 1 (or leave weight out) on at least one"]),
        (#"{"messages":[{"role":"system","content":"x"},{"role":"user","content":"y"}]}"#, ["messages has no assistant message; a supervised example needs at least one assistant message with content or tool_calls (the target the model learns)"]),
        (#"{"messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","content":"1"},{"role":"assistant","content":"y"}]}"#, ["messages[2].tool_call_id is missing; a tool message needs the id (a string) of the tool call it answers"]),
        (#"{"messages":[{"role":"user","content":"x","tool_calls":[]},{"role":"assistant","content":"y"}]}"#, ["messages[0].tool_calls is set on a user message; only assistant messages make tool calls"]),
        (#"{"messages":[{"role":"user","content":"x"},{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"name":"get weather","arguments":{}}}]}]}"#, [
            #"messages[1].tool_calls[0].function.name is "get weather"; it must be 1–64 letters, digits, underscores or hyphens (^[a-zA-Z0-9_-]{1,64}$)"#,
            #"messages[1].tool_calls[0].function.arguments is an object; it must be a string of JSON, e.g. "{\"city\": \"Paris\"}""#,
        ]),
        (#"{"messages":[{"role":"user","content":"x"},{"role":"assistant","content":"y"}],"tools":{}}"#, [#"tools is an object; it must be an array of {"type": "function", "function": {"name": "…"}}"#]),
        (#"{"messages":[{"role":"user","content":"x"},{"role":"assistant","content":"y"}],"tools":[{"type":"retrieval","function":{"name":"f","description":3,"parameters":"x"}}],"parallel_tool_calls":"yes"}"#, [
            #"tools[0].type is "retrieval"; allowed: function"#,
            "tools[0].function.description is 3; it must be a string",
            #"tools[0].function.parameters is "x"; it must be a JSON Schema object such as {"type": "object", "properties": {…}}"#,
            #"parallel_tool_calls is "yes"; it must be true or false"#,
        ]),
        (#"{"messages":[{"role":"user","content":"x"},{"role":"assistant","content":"y"}],"tools":[{"type":"function","function":{"name":"\#(String(repeating: "a", count: 65))"}}]}"#, [
            #"tools[0].function.name is "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…"; it must be 1–64 letters, digits, underscores or hyphens (^[a-zA-Z0-9_-]{1,64}$)"#,
        ]),
        (#"{"messages":[{"role":"user","content":"x"},{"role":"assistant","content":"y"}],"functions":"f"}"#, [#"functions is "f"; it must be an array of {"name": "…", "parameters": {…}}"#]),
    ])
    func reportsBadLines(line: String, expected: [String]) {
        #expect(problems(of: line, .supervised) == expected.map { "line 11: " + $0 })
    }

    @Test func namesTheFieldOfEachProblem() {
        let line = #"{"messages":[{"role":"user","content":[{"type":"text","text":1}]},{"role":"assistant","content":"y","weight":2}]}"#
        let report = validate(file(.supervised, then: [line]), .supervised)
        #expect(report.problems.map(\.field) == ["messages[0].content[0].text", "messages[1].weight"])
        #expect(report.problems.map(\.line) == [11, 11])
        #expect(report.problems.first?.description == report.problems.first?.message)
    }
}

struct DatasetValidatorPreferenceTests {
    @Test(arguments: [
        goodLine[.dpo]!,
        #"{"input":{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello"},{"role":"user","content":"Weather?"}],"tools":[{"type":"function","function":{"name":"get_weather"}}],"parallel_tool_calls":true},"preferred_output":[{"role":"assistant","content":"Sunny."}],"non_preferred_output":[{"role":"assistant","content":"I cannot know."}],"id":7}"#,
    ])
    func acceptsGoodLines(line: String) {
        #expect(problems(of: line, .dpo) == [])
    }

    @Test(arguments: [
        (#"{"preferred_output":[{"role":"assistant","content":"a"}],"non_preferred_output":[{"role":"assistant","content":"b"}]}"#,
         [#"input is missing; it must be an object {"messages": [...], "tools"?: [...]} holding the prompt"#]),
        (#"{"input":{"prompt":"x"},"preferred_output":[{"role":"assistant","content":"a"}],"non_preferred_output":[{"role":"assistant","content":"b"}]}"#,
         [#"input.messages is missing; it must be a non-empty array of {"role", "content"} messages"#]),
        (#"{"input":{"messages":[{"role":"human","content":"x"}]},"preferred_output":[{"role":"assistant","content":"a"}],"non_preferred_output":[{"role":"assistant","content":"b"}]}"#,
         [#"input.messages[0].role is "human"; allowed: system, developer, user, assistant, tool"#]),
        (#"{"input":{"messages":[{"role":"user","content":"x"}]},"non_preferred_output":[{"role":"assistant","content":"b"}]}"#,
         [#"preferred_output is missing; it must be a non-empty array of assistant messages like [{"role": "assistant", "content": "…"}]"#]),
        (#"{"input":{"messages":[{"role":"user","content":"x"}]},"preferred_output":{"role":"assistant","content":"a"},"non_preferred_output":[]}"#, [
            #"preferred_output is an object; it must be a non-empty array of assistant messages like [{"role": "assistant", "content": "…"}]"#,
            #"non_preferred_output is an empty array; it must be a non-empty array of assistant messages like [{"role": "assistant", "content": "…"}]"#,
        ]),
        (#"{"input":{"messages":[{"role":"user","content":"x"}]},"preferred_output":[{"role":"user","content":"a"}],"non_preferred_output":[{"role":"assistant","content":null}]}"#, [
            #"preferred_output[0].role is "user"; allowed: assistant"#,
            "non_preferred_output[0].content is null; it must be a string (the answer)",
        ]),
        (#"{"input":{"messages":[{"role":"user","content":"x"}]},"preferred_output":[{"role":"assistant","content":"a"}],"non_preferred_output":[{"role":"assistant","content":"a"}]}"#,
         ["preferred_output and non_preferred_output are identical; DPO learns from the difference between them"]),
        (#"{"input":{"messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"a.b"}}]},"preferred_output":[{"role":"assistant","content":"a"}],"non_preferred_output":[{"role":"assistant","content":"b"}]}"#,
         [#"input.tools[0].function.name is "a.b"; it must be 1–64 letters, digits, underscores or hyphens (^[a-zA-Z0-9_-]{1,64}$)"#]),
    ])
    func reportsBadLines(line: String, expected: [String]) {
        #expect(problems(of: line, .dpo) == expected.map { "line 11: " + $0 })
    }

    @Test func aSupervisedLineIsNotAPreferenceLine() {
        #expect(problems(of: goodLine[.supervised]!, .dpo).count == 3)  // input, preferred_output, non_preferred_output
    }
}

struct DatasetValidatorReinforcementTests {
    @Test(arguments: [
        goodLine[.reinforcement]!,
        #"{"messages":[{"role":"system","content":"Answer yes or no."},{"role":"user","content":"Is 7 prime?"}],"answer":"yes"}"#,
        #"{"messages":[{"role":"user","content":"Is 7 prime?"},{"role":"assistant","content":"Think first."},{"role":"developer","content":"Answer now."}],"answer":"yes"}"#,
        #"{"messages":[{"role":"user","content":[{"type":"text","text":"What is shown?"},{"type":"image_url","image_url":{"url":"https://example.com/x.png"}}]}],"tools":[{"type":"function","function":{"name":"zoom","parameters":{"type":"object"}}}],"answer":"a cat"}"#,
        // Only messages and tools are reserved: these keys are item data, whatever their shape.
        #"{"messages":[{"role":"user","content":"q"}],"parallel_tool_calls":"yes","functions":"f","input":3,"weight":0.5}"#,
    ])
    func acceptsGoodLines(line: String) {
        #expect(problems(of: line, .reinforcement) == [])
    }

    @Test(arguments: [
        (#"{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}],"answer":"x"}"#,
         ["the last message (messages[1].role) is from the assistant; a reinforcement prompt must end with a user or developer message for the model to answer"]),
        (#"{"messages":[{"role":"system","content":"s"}],"answer":"x"}"#,
         ["the last message (messages[0].role) is from the system; a reinforcement prompt must end with a user or developer message for the model to answer"]),
        (#"{"messages":[{"role":"user","content":"q"},{"role":"tool","tool_call_id":"c","content":"1"}],"answer":"x"}"#,
         [#"messages[1].role is "tool"; allowed: system, developer, user, assistant"#]),
        (#"{"messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AAA","format":"wav"}}]}],"answer":"x"}"#,
         [#"messages[0].content[0].type is "input_audio"; audio and file input are not supported in reinforcement fine-tuning (allowed: text, image_url)"#]),
        (#"{"messages":[{"role":"user","content":[{"type":"file","file":{"file_id":"file-1"}}]}],"answer":"x"}"#,
         [#"messages[0].content[0].type is "file"; audio and file input are not supported in reinforcement fine-tuning (allowed: text, image_url)"#]),
        (#"{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"user","content":"go"}],"answer":"x"}"#,
         ["messages[1].content is null; an assistant message needs content: a string or an array of content parts"]),
        (#"{"prompt":"q","answer":"x"}"#, [#"messages is missing; it must be a non-empty array of {"role", "content"} messages"#]),
        (#"{"messages":[{"role":"user","content":"q"}],"tools":[{"type":"function","function":{}}]}"#,
         ["tools[0].function.name is missing; it must be 1–64 letters, digits, underscores or hyphens (^[a-zA-Z0-9_-]{1,64}$)"]),
    ])
    func reportsBadLines(line: String, expected: [String]) {
        #expect(problems(of: line, .reinforcement) == expected.map { "line 11: " + $0 })
    }

    /// The RFT guide's grader shape: a multi grader whose sub-graders read `compliant` and `explanation`.
    private let multiGrader = #"""
        {"type": "multi", "name": "policy", "calculate_output": "0.5 * compliant + 0.5 * explanation",
         "graders": {
           "compliant": {"type": "string_check", "name": "compliant", "operation": "eq",
                         "input": "{{sample.output_json.compliant}}", "reference": "{{item.compliant}}"},
           "explanation": {"type": "text_similarity", "name": "explanation", "evaluation_metric": "fuzzy_match",
                           "input": "{{sample.output_json.explanation}}", "reference": "{{ item.explanation }}"}}}
        """#

    @Test func everyItemPathAMultiGraderReadsMustResolveOnEachLine() throws {
        let grader = try grader(multiGrader)
        let missing = #"{"messages":[{"role":"user","content":"Encrypted at rest?"}],"compliant":"no","explanation_text":"x"}"#
        let bare = #"{"messages":[{"role":"user","content":"Encrypted at rest?"}]}"#
        let report = validate(file(.reinforcement, then: [missing, bare]), .reinforcement, grader: grader)
        #expect(report.problems.map(\.message) == [
            #"line 11: the grader reads {{item.explanation}} but this line has no "explanation" (its item keys: compliant, explanation_text)"#,
            #"line 12: the grader reads {{item.compliant}} but this line has no "compliant" (it has no item keys besides messages and tools)"#,
            #"line 12: the grader reads {{item.explanation}} but this line has no "explanation" (it has no item keys besides messages and tools)"#,
        ])
        #expect(report.problems.map(\.field) == ["item.explanation", "item.compliant", "item.explanation"])
        #expect(validate(file(.reinforcement), .reinforcement, grader: grader).isValid)
    }

    @Test(arguments: [
        (#""rubric":"be kind","reference":"r""#, #"the grader reads {{item.rubric.points[1]}} but on this line item.rubric is a string, so it has no "points""#),
        (#""rubric":{"max":3},"reference":"r""#, #"the grader reads {{item.rubric.points[1]}} but on this line item.rubric has no "points" (its keys: max)"#),
        (#""rubric":{"points":["a"]},"reference":"r""#, "the grader reads {{item.rubric.points[1]}} but on this line item.rubric.points has 1 element, so no [1]"),
        (#""rubric":{"points":["a","b"]}"#, #"the grader reads {{item.reference}} but this line has no "reference" (its item keys: rubric)"#),
    ])
    func explainsWhereANestedPathBreaksInModelGraderMessages(item: String, message: String) throws {
        let grader = try grader(#"""
            {"type": "score_model", "name": "judge", "model": "o4-mini-2025-04-16",
             "input": [{"role": "system", "content": "Grade against {{item.rubric.points[1]}}."},
                       {"role": "user", "content": [{"type": "input_text", "text": "{{sample.output_text}} vs {{item.reference}}"}]}]}
            """#)
        let prefix = #"{"messages":[{"role":"user","content":"q"}],"#
        let good = prefix + #""rubric":{"points":["a","b"]},"reference":"r"}"#
        let text = (Array(repeating: good, count: 10) + [prefix + item + "}"]).joined(separator: "\n")
        let report = validate(text, .reinforcement, grader: grader)
        #expect(report.problems.map(\.message) == ["line 11: " + message])
    }

    @Test func readingMessagesThroughTheItemIsOneFileProblem() throws {
        let grader = try grader(#"""
            {"type": "string_check", "name": "echo", "operation": "eq",
             "input": "{{sample.output_text}}", "reference": "{{item.messages[0].content}}"}
            """#)
        let report = validate(file(.reinforcement), .reinforcement, grader: grader)
        #expect(report.problems == [DatasetProblem(
            line: nil, field: "item.messages[0].content",
            message: "the grader reads {{item.messages[0].content}}, but messages and tools are the prompt, not part of the item (every other key of a line is); the platform rejects this with invalid_variable_error")])
    }

    @Test func pythonSourcesAreNotCheckedAndOtherMethodsIgnoreTheGrader() throws {
        let python = try grader(#"""
            {"type": "python", "name": "py", "source": "def grade(sample, item):\n    return float(item[\"answer\"] == sample[\"output_text\"])"}
            """#)
        #expect(validate(file(.reinforcement), .reinforcement, grader: python).isValid)
        #expect(validate(file(.supervised), .supervised, grader: try grader(multiGrader)).isValid)
    }

    @Test func validatesTenThousandLinesQuickly() throws {
        let grader = try grader(multiGrader)
        var text = ""
        for index in 0..<10_000 {
            text += #"{"messages":[{"role":"system","content":"You are a careful compliance assistant."},{"role":"user","content":"Do you have a dedicated security team? Question \#(index)."}],"compliant":"yes","explanation":"A dedicated security team follows strict protocols.","id":\#(index)}"# + "\n"
        }
        let data = Data(text.utf8)
        #expect((250...350).contains(data.count / 10_000))
        let validator = DatasetValidator(method: .reinforcement, role: .training, grader: grader)
        var report: DatasetReport?
        // Thread CPU time, best of three: the machine running the tests may be busy.
        let seconds = (0..<3).map { _ in threadCPUTime { report = validator.validate(data) } }.min()!
        #expect(report?.isValid == true)
        #expect(report?.examples.count == 10_000)
        #expect(seconds < 0.5, "validating 10,000 lines took \(seconds) s")
    }
}

/// The CPU time the current thread spends in `body`, in seconds.
private func threadCPUTime(_ body: () -> Void) -> Double {
    var start = timespec(), end = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
    body()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &end)
    return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
}
