/// Per-token prices of one model, in USD per million tokens.
///
/// Prompt tokens served from the cache are charged at `cachedInput` instead of `input`.
public struct TokenPrice: Sendable, Hashable {
    /// USD per 1M uncached input (prompt) tokens.
    public var input: Double
    /// USD per 1M cached input tokens.
    public var cachedInput: Double
    /// USD per 1M output (completion) tokens, reasoning tokens included.
    public var output: Double

    /// Creates token prices (USD per 1M tokens).
    public init(input: Double, cachedInput: Double, output: Double) {
        self.input = input
        self.cachedInput = cachedInput
        self.output = output
    }
}
