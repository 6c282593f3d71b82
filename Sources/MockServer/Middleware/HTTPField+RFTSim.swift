import Hummingbird
import HTTPTypes

extension HTTPField.Name {
    /// The id of a request, as the platform sends it (the SDK exposes it as `_request_id`).
    static let requestID = HTTPField.Name("x-request-id")!
    /// Set on responses a scheduled fault shaped: `429`, `delay 2s`, `drop`.
    static let rftsimFault = HTTPField.Name("x-rftsim-fault")!
}
