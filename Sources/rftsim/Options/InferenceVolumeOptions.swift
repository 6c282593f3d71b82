import ArgumentParser
import Foundation
import Studies

/// `--inference-requests N --tokens-per-request IN/OUT`: the tuned model's use to price beside a
/// job (`rftsim cost`, `run`, `sweep`), under each data-sharing rule.
struct InferenceVolumeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Also price this many requests to the tuned model, under each sheet's data-sharing rule (with --tokens-per-request).", valueName: "N"))
    var inferenceRequests: Int?

    @Option(help: ArgumentHelp("Input and output tokens of one request to the tuned model, e.g. 800/200.", valueName: "IN/OUT"))
    var tokensPerRequest: String?

    /// The inference volume the options give, if any.
    ///
    /// - Throws: `ValidationError` for one option without the other, a negative count, or tokens not given as IN/OUT.
    func volume() throws -> CostEstimate.InferenceVolume? {
        switch (inferenceRequests, tokensPerRequest) {
        case (nil, nil): return nil
        case (nil, _?): throw ValidationError("--tokens-per-request needs --inference-requests N, the number of requests to price.")
        case (_?, nil): throw ValidationError("--inference-requests needs --tokens-per-request IN/OUT, e.g. 800/200.")
        case (let requests?, let tokens?):
            guard requests >= 0 else { throw ValidationError("--inference-requests \(requests): give a number of requests ≥ 0.") }
            let parts = tokens.split(separator: "/", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 2, let input = parts[0], let output = parts[1], input >= 0, output >= 0 else {
                throw ValidationError("--tokens-per-request \(tokens): give input and output tokens as IN/OUT, two whole numbers ≥ 0, e.g. 800/200.")
            }
            return CostEstimate.InferenceVolume(requests: requests, inputTokensPerRequest: input, outputTokensPerRequest: output)
        }
    }
}
