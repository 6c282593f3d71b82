/// The organisation behind the API keys: what it may do and how it is billed.
public struct OrganizationSettings: Sendable, Hashable, Codable {
    /// Verified organisations may run reinforcement jobs; others get a 403.
    public var verified: Bool
    /// "Share evaluation and fine-tuning data" is on: new jobs have `shared_with_openai: true`.
    public var dataSharing: Bool
    /// Each API key is its own organisation and sees only its own files, jobs and models.
    public var isolateByKey: Bool

    /// Creates settings (a verified organisation, no sharing, one organisation for all keys).
    public init(verified: Bool = true, dataSharing: Bool = false, isolateByKey: Bool = false) {
        self.verified = verified
        self.dataSharing = dataSharing
        self.isolateByKey = isolateByKey
    }

    private enum CodingKeys: String, CodingKey {
        case verified, dataSharing = "data_sharing", isolateByKey = "isolate_by_key"
    }
}
