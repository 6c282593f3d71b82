internal import Graders
internal import Foundation
internal import Stochastics

/// The token arithmetic and the lookups shared by the charge functions.
extension PriceSheet {
    /// One kind of token in a usage record, with its rate.
    struct TokenPart {
        let name: String
        let tokens: Int
        let rate: Double
        var exactCost: Decimal { Decimal(tokens) * Money.decimal(rate) / 1_000_000 }
    }

    func tokenParts(_ prices: TokenPrice, _ usage: TokenUsage) throws(PriceSheetError) -> [TokenPart] {
        guard usage.promptTokens >= 0, usage.completionTokens >= 0, usage.cachedTokens >= 0 else {
            throw chargeError(.invalidQuantity, path: "usage", "token counts must be ≥ 0 (prompt \(usage.promptTokens), cached \(usage.cachedTokens), completion \(usage.completionTokens))")
        }
        guard usage.cachedTokens <= usage.promptTokens else {
            throw chargeError(.invalidQuantity, path: "usage.cachedTokens", "\(usage.cachedTokens) cached tokens exceed the \(usage.promptTokens) prompt tokens, which include them")
        }
        return [
            TokenPart(name: "input", tokens: usage.promptTokens - usage.cachedTokens, rate: prices.input),
            TokenPart(name: "cached input", tokens: usage.cachedTokens, rate: prices.cachedInput),
            TokenPart(name: "output", tokens: usage.completionTokens, rate: prices.output),
        ]
    }

    func tokenCharge(label: String, prices: TokenPrice, usage: TokenUsage, discount: Double) throws(PriceSheetError) -> Charge {
        let parts = try tokenParts(prices, usage)
        let exact = parts.reduce(Decimal(0)) { $0 + $1.exactCost }
        let tokens = usage.promptTokens + usage.completionTokens
        let shown = parts.filter { $0.tokens > 0 }
        let items = (shown.isEmpty ? [parts[0]] : shown)
            .map { "\(NumberText.grouped($0.tokens)) \($0.name) tokens × \(Money.dollars($0.rate))/1M" }
        return Charge(
            description: "\(label): \(items.joined(separator: " + "))" + discountNote(discount),
            quantity: Double(tokens) / 1e6, unit: "1M tokens",
            unitPrice: tokens > 0 ? Money.double(exact * 1_000_000 / Decimal(tokens)) : prices.input,
            discount: discount, exactCost: exact
        )
    }

    func tokenLines(label: String, prices: TokenPrice, usage: TokenUsage, discount: Double) throws(PriceSheetError) -> [Charge] {
        try tokenParts(prices, usage).filter { $0.tokens > 0 }.map { part in
            Charge(
                description: "\(label), \(part.name): \(NumberText.grouped(part.tokens)) tokens × \(Money.dollars(part.rate))/1M" + discountNote(discount),
                quantity: Double(part.tokens) / 1e6, unit: "1M \(part.name) tokens", unitPrice: part.rate,
                discount: discount, exactCost: part.exactCost
            )
        }
    }

    /// The key under which `table` prices `model`: the name itself, or the snapshot id a built-in alias stands for.
    func resolve<Price>(_ model: String, in table: [String: Price], table kind: String) throws(PriceSheetError) -> String {
        if table[model] != nil { return model }
        if let id = ModelCatalogue.builtin.model(named: model)?.id, table[id] != nil { return id }
        throw chargeError(
            .unknownModel, path: "model",
            "no \(kind) price for \"\(model)\"; priced models: \(table.keys.sorted().joined(separator: ", "))")
    }

    func chargeError(_ code: PriceSheetError.Code, path: String, _ message: String) -> PriceSheetError {
        PriceSheetError(code, source: "price sheet \(name)", path: path, message: message)
    }

    func discountNote(_ discount: Double) -> String {
        discount > 0 ? ", \(Money.percent(discount)) data-sharing discount" : ""
    }
}
