/// Recursive-descent parser for ``Formula``; positions are 1-based character offsets.
struct FormulaParser {
    private let characters: [Character]
    private let source: String
    private var index = 0

    init(_ source: String) {
        self.source = source
        self.characters = Array(source)
    }

    mutating func parseFormula() throws(FormulaError) -> Formula.Node {
        skipSpaces()
        guard index < characters.count else { throw error("the formula is empty") }
        let node = try parseSum()
        skipSpaces()
        if index < characters.count { throw error("unexpected '\(characters[index])'") }
        return node
    }

    private mutating func parseSum() throws(FormulaError) -> Formula.Node {
        var node = try parseProduct()
        while let op = peekOperator(in: "+-") {
            index += 1
            node = .binary(op, node, try parseProduct())
        }
        return node
    }

    private mutating func parseProduct() throws(FormulaError) -> Formula.Node {
        var node = try parseUnary()
        while let op = peekOperator(in: "*/") {
            index += 1
            node = .binary(op, node, try parseUnary())
        }
        return node
    }

    private mutating func parseUnary() throws(FormulaError) -> Formula.Node {
        if let op = peekOperator(in: "+-") {
            index += 1
            let operand = try parseUnary()
            return op == "-" ? .negate(operand) : operand
        }
        return try parsePower()
    }

    private mutating func parsePower() throws(FormulaError) -> Formula.Node {
        let base = try parseAtom()
        if peekOperator(in: "^") != nil {
            index += 1
            return .binary("^", base, try parseUnary())
        }
        return base
    }

    private mutating func parseAtom() throws(FormulaError) -> Formula.Node {
        skipSpaces()
        guard index < characters.count else { throw error("the formula ends where a number, name or '(' is expected") }
        let character = characters[index]
        if character == "(" {
            index += 1
            let inner = try parseSum()
            try expect(")")
            return inner
        }
        if character.isNumber || character == "." {
            return .number(try parseNumber())
        }
        if character.isLetter || character == "_" {
            let start = index
            while index < characters.count, characters[index].isLetter || characters[index].isNumber || characters[index] == "_" {
                index += 1
            }
            let name = String(characters[start..<index])
            skipSpaces()
            guard index < characters.count, characters[index] == "(" else { return .variable(name) }
            guard Formula.functions.contains(name) else {
                throw error("\(name)() is not a function; use one of \(Formula.functions.joined(separator: ", "))", at: start)
            }
            index += 1
            var arguments = [try parseSum()]
            while peekOperator(in: ",") != nil {
                index += 1
                arguments.append(try parseSum())
            }
            try expect(")")
            if !["min", "max"].contains(name), arguments.count != 1 {
                throw error("\(name)() takes one argument, got \(arguments.count)", at: start)
            }
            return .call(name, arguments)
        }
        throw error("unexpected '\(character)'; expected a number, a grader name or '('")
    }

    private mutating func parseNumber() throws(FormulaError) -> Double {
        let start = index
        while index < characters.count, characters[index].isNumber || characters[index] == "." { index += 1 }
        if index < characters.count, characters[index] == "e" || characters[index] == "E" {
            var lookahead = index + 1
            if lookahead < characters.count, characters[lookahead] == "+" || characters[lookahead] == "-" { lookahead += 1 }
            if lookahead < characters.count, characters[lookahead].isNumber {
                index = lookahead
                while index < characters.count, characters[index].isNumber { index += 1 }
            }
        }
        let text = String(characters[start..<index])
        guard let value = Double(text), text.allSatisfy(\.isASCII) else { throw error("\"\(text)\" is not a number", at: start) }
        return value
    }

    private mutating func expect(_ character: Character) throws(FormulaError) {
        skipSpaces()
        guard index < characters.count, characters[index] == character else {
            let found = index < characters.count ? "'\(characters[index])'" : "the end"
            throw error("expected '\(character)', found \(found)")
        }
        index += 1
    }

    private mutating func peekOperator(in operators: String) -> Character? {
        skipSpaces()
        guard index < characters.count, operators.contains(characters[index]) else { return nil }
        return characters[index]
    }

    private mutating func skipSpaces() {
        while index < characters.count, characters[index].isWhitespace { index += 1 }
    }

    private func error(_ message: String, at position: Int? = nil) -> FormulaError {
        FormulaError(formula: source, position: (position ?? index) + 1, message: message)
    }
}
