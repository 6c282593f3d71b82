import Foundation
import Testing

@testable import Graders

struct FormulaTests {
    @Test(arguments: [
        ("0.5 * compliant + 0.5 * explanation", 0.75),
        ("(compliant + explanation) / 2", 0.75),
        ("-compliant", -1),
        ("-2^2", -4),
        ("2^3^2", 512),
        ("2 * 3 + 4", 10),
        ("2 * (3 + 4)", 14),
        ("min(compliant, explanation, 0.7)", 0.5),
        ("max(compliant, explanation)", 1),
        ("abs(-3) + floor(1.7) + ceil(1.2)", 6),
        ("exp(0) + sqrt(16) + log(1)", 5),
        ("1e-1 * 10 + .5", 1.5),
        ("compliant^2 - --explanation", 0.5),
    ])
    func evaluates(formula: String, expected: Double) throws {
        let value = try Formula(formula).evaluate(["compliant": 1, "explanation": 0.5])
        #expect(abs(value - expected) < 1e-12)
    }

    @Test(arguments: [
        ("0.5 * a +", 10, "the formula ends where a number, name or '(' is expected"),
        ("(a + b", 7, "expected ')', found the end"),
        ("a $ b", 3, "unexpected '$'"),
        ("sin(a)", 1, "sin() is not a function; use one of min, max, abs, floor, ceil, exp, sqrt, log"),
        ("abs(a, b)", 1, "abs() takes one argument, got 2"),
        ("", 1, "the formula is empty"),
        ("1.2.3", 1, "\"1.2.3\" is not a number"),
    ])
    func parseErrorsNameThePosition(formula: String, position: Int, message: String) {
        #expect(throws: FormulaError(formula: formula, position: position, message: message)) { try Formula(formula) }
    }

    @Test func divisionByZeroFollowsIEEE() throws {
        #expect(try Formula("a / b").evaluate(["a": 1, "b": 0]) == .infinity)
        #expect(try Formula("b / b").evaluate(["b": 0]).isNaN)
        #expect(try Formula("sqrt(0 - a)").evaluate(["a": 1]).isNaN)
    }

    @Test func unknownVariablesAreReported() throws {
        #expect(try Formula("a + c").variables == ["a", "c"])
        #expect(throws: FormulaError.self) { try Formula("a + c").evaluate(["a": 1]) }
    }
}
