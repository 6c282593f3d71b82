import Foundation

/// A `multi` grader's `calculate_output`: arithmetic over the sub-graders' scores.
///
/// Grammar (usual precedence; `^` binds tightest and to the right, so `-2^2` is −4 and
/// `2^3^2` is 512):
///
/// ```
/// sum     := product (('+' | '-') product)*
/// product := unary (('*' | '/') unary)*
/// unary   := '-' unary | '+' unary | power
/// power   := atom ('^' unary)?
/// atom    := number | name | name '(' sum (',' sum)* ')' | '(' sum ')'
/// ```
///
/// Functions: `min` and `max` (one or more arguments), `abs`, `floor`, `ceil`, `exp`, `sqrt`,
/// `log` (natural). Names are the sub-graders' keys.
public struct Formula: Hashable, Sendable {
    indirect enum Node: Hashable, Sendable {
        case number(Double)
        case variable(String)
        case negate(Node)
        case binary(Character, Node, Node)
        case call(String, [Node])
    }

    /// The functions a formula may call.
    public static let functions = ["min", "max", "abs", "floor", "ceil", "exp", "sqrt", "log"]

    /// The formula's text.
    public let source: String
    let root: Node

    /// Parses `source`.
    ///
    /// - Throws: ``FormulaError`` with the 1-based character position of the problem.
    public init(_ source: String) throws(FormulaError) {
        var parser = FormulaParser(source)
        self.source = source
        self.root = try parser.parseFormula()
    }

    /// The names the formula reads, sorted.
    public var variables: [String] {
        var names = Set<String>()
        func visit(_ node: Node) {
            switch node {
            case .number: break
            case .variable(let name): names.insert(name)
            case .negate(let inner): visit(inner)
            case .binary(_, let left, let right): visit(left); visit(right)
            case .call(_, let arguments): arguments.forEach(visit)
            }
        }
        visit(root)
        return names.sorted()
    }

    /// Evaluates the formula.
    ///
    /// Arithmetic follows IEEE 754: division by zero gives ±infinity (0/0 gives NaN), `sqrt`
    /// of a negative and `log` of a negative give NaN, `log(0)` gives −infinity. The caller
    /// decides what a non-finite result means (a `multi` grader scores it 0, see
    /// ``GraderEngine``).
    ///
    /// - Throws: ``FormulaError`` when a variable has no value.
    public func evaluate(_ variables: [String: Double]) throws(FormulaError) -> Double {
        try Self.evaluate(root, variables, source: source)
    }

    private static func evaluate(_ node: Node, _ variables: [String: Double], source: String) throws(FormulaError) -> Double {
        switch node {
        case .number(let value):
            return value
        case .variable(let name):
            guard let value = variables[name] else {
                throw FormulaError(formula: source, position: nil, message: "\(name) has no value; the graders are \(variables.keys.sorted().joined(separator: ", "))")
            }
            return value
        case .negate(let inner):
            return -(try evaluate(inner, variables, source: source))
        case .binary(let op, let left, let right):
            let l = try evaluate(left, variables, source: source)
            let r = try evaluate(right, variables, source: source)
            switch op {
            case "+": return l + r
            case "-": return l - r
            case "*": return l * r
            case "/": return l / r
            default: return pow(l, r)
            }
        case .call(let name, let arguments):
            var values: [Double] = []
            for argument in arguments { values.append(try evaluate(argument, variables, source: source)) }
            switch name {
            case "min": return values.min()!
            case "max": return values.max()!
            case "abs": return abs(values[0])
            case "floor": return floor(values[0])
            case "ceil": return ceil(values[0])
            case "exp": return exp(values[0])
            case "sqrt": return sqrt(values[0])
            default: return log(values[0])
            }
        }
    }
}

/// A formula that cannot be parsed or evaluated.
public struct FormulaError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The formula's text.
    public let formula: String
    /// The 1-based character position of the problem, when parsing.
    public let position: Int?
    /// What is wrong.
    public let message: String

    public var description: String {
        if let position { return "calculate_output at character \(position): \(message) in \"\(formula)\"" }
        return "calculate_output: \(message)"
    }
}
