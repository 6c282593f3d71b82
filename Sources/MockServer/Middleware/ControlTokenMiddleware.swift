import HTTPTypes
import Hummingbird

/// Requires the control token on `/_rftsim` when the server was started with one
/// (`rftsim serve --control-token T` or `RFTSIM_CONTROL_TOKEN`).
///
/// The token travels in `X-RFTSim-Control-Token` (the control API's `Authorization` header
/// already carries an API key, which narrows the billing report). No token is a 401, a wrong
/// one a 403, both with the platform's error body.
struct ControlTokenMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    /// The header that carries the token.
    static let header = HTTPField.Name("X-RFTSim-Control-Token")!

    let token: String

    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let sent = request.headers[Self.header] else {
            throw APIError(status: .unauthorized,
                           message: "The control API (/_rftsim) of this server needs its control token: send it in the X-RFTSim-Control-Token header.",
                           param: "X-RFTSim-Control-Token", code: "control_token_required")
        }
        guard Self.equalInConstantTime(sent, token) else {
            throw APIError(status: .forbidden, message: "The control token in X-RFTSim-Control-Token is not this server's.",
                           param: "X-RFTSim-Control-Token", code: "control_token_invalid")
        }
        return try await next(request, context)
    }

    /// Compares two strings in time that depends only on their lengths.
    static func equalInConstantTime(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for index in 0..<max(x.count, y.count) {
            difference |= (index < x.count ? x[index] : 0) ^ (index < y.count ? y[index] : 0)
        }
        return difference == 0
    }
}
