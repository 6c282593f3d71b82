/// A file as `GET /v1/files/{id}` returns it (the spec's `OpenAIFile`).
public struct FileObject: WireObject {
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
}

/// The answer to a `DELETE` of a file, model or permission: `{id, object, deleted}`.
public struct DeletionStatus: WireObject {
    /// The deleted object's id.
    public var id: String
    /// `file`, `model` or `checkpoint.permission`.
    public var object: String
    /// Always `true`: a refused delete is an error instead.
    public var deleted: Bool = true
}
