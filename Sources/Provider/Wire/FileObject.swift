/// A file as `GET /v1/files/{id}` returns it (the spec's `OpenAIFile`).
public struct FileObject: Sendable, Hashable, Encodable {
    /// `file-` and 24 alphanumerics.
    public var id: String
    /// Size in bytes.
    public var bytes: Int
    /// Unix seconds on the provider's clock.
    public var createdAt: Int
    /// When the file expires, if an `expires_after` was given.
    public var expiresAt: Int?
    /// The uploaded file's name.
    public var filename: String
    /// `fine-tune`, `fine-tune-results`, `batch`, …
    public var purpose: String
    /// Always `processed`: screening happens when a job starts, not at upload.
    public var status: String = "processed"

    private enum CodingKeys: String, CodingKey {
        case id, object, bytes, createdAt = "created_at", expiresAt = "expires_at", filename, purpose, status
        case statusDetails = "status_details"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode("file", forKey: .object)
        try c.encode(bytes, forKey: .bytes)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(expiresAt, forKey: .expiresAt)
        try c.encode(filename, forKey: .filename)
        try c.encode(purpose, forKey: .purpose)
        try c.encode(status, forKey: .status)
        try c.encodeNil(forKey: .statusDetails)
    }
}

/// The answer to a `DELETE` of a file, model or permission: `{id, object, deleted}`.
public struct DeletionStatus: Sendable, Hashable, Encodable {
    /// The deleted object's id.
    public var id: String
    /// `file`, `model` or `checkpoint.permission`.
    public var object: String
    /// Always `true`: a refused delete is an error instead.
    public var deleted: Bool = true
}
