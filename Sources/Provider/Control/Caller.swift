/// Who is calling: the bearer key of the request.
///
/// With ``OrganizationSettings/isolateByKey`` on, each key is its own organisation and sees only
/// what it created; otherwise every key belongs to the one organisation `org-rftsim`.
public struct Caller: Sendable, Hashable {
    /// The API key (`Authorization: Bearer …`).
    public var apiKey: String

    /// Creates a caller.
    public init(apiKey: String) {
        self.apiKey = apiKey
    }

    /// The caller used by in-process tests that don't care about keys.
    public static let test = Caller(apiKey: "sk-rftsim-test")
}
