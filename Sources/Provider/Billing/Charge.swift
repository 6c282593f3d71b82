internal import Foundation

/// One line of an invoice: what was bought, how much, at what price, and what it costs.
///
/// Amounts are computed from the exact quantity (not the rounded one the description shows) and
/// rounded to cents, halves away from zero. The `Codable` form uses snake_case keys
/// (`unit_price`, `undiscounted_amount`), as the control API's `/_rftsim/billing` returns it:
///
/// ```json
/// {"description": "RFT training, o4-mini-2025-04-16: 2.55 h × $100.00/h", "quantity": 2.55,
///  "unit": "hour", "unit_price": 100, "discount": 0, "amount": 255, "undiscounted_amount": 255}
/// ```
public struct Charge: Sendable, Hashable, Codable {
    /// The invoice text, e.g. `RFT training, o4-mini-2025-04-16: 2.55 h × $100.00/h`.
    public var description: String
    /// How many units: hours (exact seconds / 3600) or millions of tokens.
    public var quantity: Double
    /// The unit of `quantity` and `unitPrice`: `hour`, `1M training tokens`, `1M input tokens`, …
    public var unit: String
    /// USD per unit before any discount; for a line that sums several token rates, the average.
    public var unitPrice: Double
    /// The fraction taken off (0.5 for half price), 0 when none.
    public var discount: Double
    /// What is owed in USD, rounded to cents.
    public var amount: Double
    /// What would be owed without the discount, in USD, rounded to cents.
    public var undiscountedAmount: Double

    /// Creates a charge from amounts already computed.
    public init(
        description: String, quantity: Double, unit: String, unitPrice: Double, discount: Double = 0,
        amount: Double, undiscountedAmount: Double
    ) {
        self.description = description
        self.quantity = quantity
        self.unit = unit
        self.unitPrice = unitPrice
        self.discount = discount
        self.amount = amount
        self.undiscountedAmount = undiscountedAmount
    }

    /// Creates a charge whose amounts are `exactCost` (USD, undiscounted) rounded to cents before
    /// and after the discount.
    init(description: String, quantity: Double, unit: String, unitPrice: Double, discount: Double, exactCost: Decimal) {
        let discounted = exactCost * (1 - Money.decimal(discount))
        self.init(
            description: description, quantity: quantity, unit: unit, unitPrice: unitPrice, discount: discount,
            amount: Money.double(Money.rounded(discounted, places: 2)),
            undiscountedAmount: Money.double(Money.rounded(exactCost, places: 2))
        )
    }

    /// What the discount saves, in USD.
    public var savings: Double {
        Money.double(Money.decimal(undiscountedAmount) - Money.decimal(amount))
    }

    enum CodingKeys: String, CodingKey {
        case description, quantity, unit
        case unitPrice = "unit_price"
        case discount, amount
        case undiscountedAmount = "undiscounted_amount"
    }
}
