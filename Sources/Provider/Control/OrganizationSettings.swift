/// The organisation behind the API keys: what it may do and how it is billed.
public struct OrganizationSettings: Sendable, Hashable, Codable {
    /// Verified organisations may run reinforcement jobs; others get a 403.
    public var verified: Bool
    /// "Share evaluation and fine-tuning data" is on: new jobs have `shared_with_openai: true`.
    public var dataSharing: Bool
    /// Each API key is its own organisation and sees only its own files, jobs and models.
    public var isolateByKey: Bool
    /// Whether job requests are checked strictly.
    ///
    /// On, unknown top-level keys and unknown hyperparameters are 400s (`rftsim serve
    /// --strict-requests`). Off by default: the platform accepts and ignores them
    /// (docs/PROVIDER.md, "Leniency").
    public var strictRequests: Bool
    /// The callers have the Owner role of the organisation, which `DELETE /v1/models/{id}` needs
    /// (on by default; off, deleting a model is a 403).
    public var ownerRole: Bool

    /// Creates settings (a verified organisation, no sharing, one organisation for all keys,
    /// lenient requests, callers with the Owner role).
    public init(verified: Bool = true, dataSharing: Bool = false, isolateByKey: Bool = false, strictRequests: Bool = false,
                ownerRole: Bool = true) {
        self.verified = verified
        self.dataSharing = dataSharing
        self.isolateByKey = isolateByKey
        self.strictRequests = strictRequests
        self.ownerRole = ownerRole
    }

    private enum CodingKeys: String, CodingKey {
        case verified, dataSharing = "data_sharing", isolateByKey = "isolate_by_key", strictRequests = "strict_requests"
        case ownerRole = "owner_role"
    }
}
