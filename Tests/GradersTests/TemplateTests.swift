import Testing

@testable import Graders

struct TemplateTests {
    private let context = TemplateContext(
        item: ["reference_answer": "Paris", "n": 3, "nested": ["a": ["b": "deep"]], "list": ["x", "y"]],
        sample: Sample(outputText: #"{"compliant": "yes", "score": 0.5}"#,
                       outputTools: [["type": "function", "function": ["name": "lookup", "arguments": "{}"]]])
    )

    @Test(arguments: [
        ("{{item.reference_answer}}", "Paris"),
        ("{{ item.reference_answer }}", "Paris"),
        ("The answer is {{item.reference_answer}}.", "The answer is Paris."),
        ("{{item.n}}", "3"),
        ("{{item.nested.a.b}}", "deep"),
        ("{{item.list[1]}}", "y"),
        ("{{item.nested}}", #"{"a":{"b":"deep"}}"#),
        ("{{sample.output_json.compliant}}", "yes"),
        ("{{sample.output_json.score}}", "0.5"),
        ("{{sample.output_tools[0].function.name}}", "lookup"),
        ("{{sample.choices[0].message.content}}", #"{"compliant": "yes", "score": 0.5}"#),
        ("no placeholders", "no placeholders"),
    ])
    func rendersVariables(template: String, expected: String) throws {
        #expect(try Template.render(template, context) == expected)
    }

    @Test(arguments: [
        ("{{item.missing}}", #"{{item.missing}} does not resolve: item has no key "missing" (it has list, n, nested, reference_answer)"#),
        ("{{item.list[5]}}", "{{item.list[5]}} does not resolve: item.list has 2 elements, no [5]"),
        ("{{item.n.x}}", #"{{item.n.x}} does not resolve: item.n is a number, so it has no key "x""#),
    ])
    func missingVariablesSayWhy(template: String, message: String) {
        #expect(throws: TemplateError(template: template, message: message, variable: String(template.dropFirst(2).dropLast(2)))) {
            try Template.render(template, context)
        }
    }

    @Test(arguments: ["{{item.x", "{{}}", "{{output.text}}", "{{item..x}}", "{{item.x[a]}}", "{{item x}}"])
    func malformedTemplatesAreRejected(template: String) {
        #expect(throws: TemplateError.self) { try Template(template) }
    }

    @Test func outputJSONIsAbsentWhenTheSampleIsNotJSON() {
        let plain = TemplateContext(item: [:], sample: Sample(outputText: "not json"))
        #expect(throws: TemplateError.self) { try Template.render("{{sample.output_json.a}}", plain) }
        #expect(Sample(outputText: "not json", requiresJSON: true).violatesResponseFormat)
        #expect(!Sample(outputText: #"{"a":1}"#, requiresJSON: true).violatesResponseFormat)
    }

    @Test func listsItsVariables() throws {
        let template = try Template("{{item.a}} and {{sample.output_text}}")
        #expect(template.variables.map(\.namespace) == [.item, .sample])
        #expect(template.variables.first?.path == [.key("a")])
    }
}
