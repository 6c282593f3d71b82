public import Foundation

extension Provider {
    /// The purposes `POST /v1/files` accepts.
    public static var uploadPurposes: [String] { FileStore.purposes }

    /// Stores an uploaded file (`POST /v1/files`).
    ///
    /// - Parameters:
    ///   - filename: The `file` part's filename (`.jsonl` for purpose `fine-tune`).
    ///   - purpose: One of ``uploadPurposes``.
    ///   - content: The file's bytes.
    ///   - expiresAfterSeconds: `expires_after[seconds]` (3600…2592000), anchored at creation.
    ///   - caller: The uploader, who owns the file.
    /// - Returns: The file object.
    /// - Throws: 400 naming `purpose`, `file` or `expires_after`; 413 over the size limit; 400
    ///   `storage_quota_exceeded` when the organisation's files would exceed its quota.
    public func uploadFile(filename: String, purpose: String, content: Data, expiresAfterSeconds: Int? = nil,
                           as caller: Caller) throws(ProviderError) -> FileObject {
        try storeUpload(filename: filename, purpose: purpose, byteCount: content.count, expiresAfterSeconds: expiresAfterSeconds, as: caller) {
            StoredFile(object: $0, content: content, ownerKey: caller.apiKey)
        }
    }

    /// Stores an upload already written to disk (`POST /v1/files` over HTTP streams its body to
    /// an ``UploadWriter``): the bytes stay in that file, read lazily by the jobs and evals that
    /// use them, and the file is removed with the stored file.
    ///
    /// - Parameters:
    ///   - filename: The `file` part's filename (`.jsonl` for purpose `fine-tune`).
    ///   - purpose: One of ``uploadPurposes``.
    ///   - spooled: The upload on disk; when it is refused, its file goes when `spooled` does.
    ///   - expiresAfterSeconds: `expires_after[seconds]` (3600…2592000), anchored at creation.
    ///   - caller: The uploader, who owns the file.
    /// - Returns: The file object.
    /// - Throws: As ``uploadFile(filename:purpose:content:expiresAfterSeconds:as:)``.
    public func uploadFile(filename: String, purpose: String, spooled: SpooledUpload, expiresAfterSeconds: Int? = nil,
                           as caller: Caller) throws(ProviderError) -> FileObject {
        try storeUpload(filename: filename, purpose: purpose, byteCount: spooled.byteCount, expiresAfterSeconds: expiresAfterSeconds, as: caller) {
            StoredFile(object: $0, spooled: spooled, ownerKey: caller.apiKey)
        }
    }

    /// Checks an upload of `byteCount` bytes, then stores the file `stored` makes of its object.
    private func storeUpload(filename: String, purpose: String, byteCount: Int, expiresAfterSeconds: Int?, as caller: Caller,
                             _ stored: (FileObject) -> StoredFile) throws(ProviderError) -> FileObject {
        try FileStore.checkUpload(filename: filename, purpose: purpose, byteCount: byteCount, expiresAfterSeconds: expiresAfterSeconds,
                                  maximumBytes: configuration.maximumFileBytes)
        let object = try newFileObject(filename: filename, purpose: purpose, byteCount: byteCount,
                                       expiresAfterSeconds: expiresAfterSeconds, as: caller)
        stores.files.add(stored(object))
        return object
    }

    /// Bytes the organisation of `caller` holds in uploaded files.
    func storedBytes(of caller: Caller) -> Int {
        let organization = stores.account.organizationID(of: caller)
        return stores.files.all.reduce(0) { total, file in
            stores.account.organizationID(of: Caller(apiKey: file.ownerKey)) == organization ? total + file.object.bytes : total
        }
    }

    /// The object of a new upload of `byteCount` bytes, once the organisation's quota allows it.
    private func newFileObject(filename: String, purpose: String, byteCount: Int, expiresAfterSeconds: Int?,
                               as caller: Caller) throws(ProviderError) -> FileObject {
        let stored = storedBytes(of: caller)
        guard stored + byteCount <= configuration.maximumStorageBytesPerOrganization else {
            throw .invalid("Storing this file (\(byteCount) bytes) would exceed the organization's storage quota: \(stored) of \(configuration.maximumStorageBytesPerOrganization) bytes are in use. Delete files you no longer need.",
                           param: "file", platformCode: "storage_quota_exceeded")
        }
        let created = Int(now)
        return FileObject(id: stores.ids.next("file-"), bytes: byteCount, createdAt: created,
                          expiresAt: expiresAfterSeconds.map { created + $0 }, filename: filename, purpose: purpose)
    }

    /// Lists files, newest first by default (`GET /v1/files`).
    public func listFiles(purpose: String? = nil, after: String? = nil, limit: Int? = nil, ascending: Bool = false,
                          as caller: Caller) async throws(ProviderError) -> ListPage<FileObject> {
        await settleJobs(visibleTo: caller)
        var visible = stores.files.all.filter { isVisible(ownerKey: $0.ownerKey, to: caller) }.map(\.object)
        visible += resultFiles(at: now, as: caller)
        visible.sort { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        if let purpose { visible = visible.filter { $0.purpose == purpose } }
        if !ascending { visible.reverse() }
        let page = try Pagination.page(visible, id: \.id, after: after, limit: limit, defaultLimit: 10_000)
        return ListPage(data: Array(page.items), hasMore: page.hasMore, firstID: page.items.first?.id,
                        lastID: page.items.last?.id, includesBounds: true)
    }

    /// One file's metadata (`GET /v1/files/{id}`).
    public func file(id: String, as caller: Caller) async throws(ProviderError) -> FileObject {
        try await storedFile(id: id, as: caller).object
    }

    /// One file's bytes (`GET /v1/files/{id}/content`).
    public func fileContent(id: String, as caller: Caller) async throws(ProviderError) -> Data {
        try await storedFile(id: id, as: caller).content()
    }

    /// The disk file holding an upload's bytes, if the server streamed it there (so
    /// `GET /v1/files/{id}/content` can stream it back without loading it); `nil` for files held
    /// in memory.
    ///
    /// - Throws: 404 for a file that does not exist or `caller` cannot see.
    public func fileContentLocation(id: String, as caller: Caller) async throws(ProviderError) -> URL? {
        try await storedFile(id: id, as: caller).body.location
    }

    /// Deletes a file (`DELETE /v1/files/{id}`). Jobs that already read it keep working.
    public func deleteFile(id: String, as caller: Caller) async throws(ProviderError) -> DeletionStatus {
        guard let file = stores.files[id], isVisible(ownerKey: file.ownerKey, to: caller) else {
            await settleJobs(visibleTo: caller)
            if resultFile(id: id, at: now, as: caller) != nil {
                throw ProviderError(.conflict, message: "File \(id) holds a job's results and cannot be deleted in rftsim.", param: "id", platformCode: "file_in_use")
            }
            throw .notFound("File", id: id)
        }
        stores.files.remove(id: id)
        stores.inference.forget(file: id)
        return DeletionStatus(id: id, object: "file")
    }

    func storedFile(id: String, param: String = "id", as caller: Caller) async throws(ProviderError) -> StoredFile {
        if let file = stores.files[id], isVisible(ownerKey: file.ownerKey, to: caller) { return file }
        // Not an upload: maybe the results file of a job still being planned.
        await settleJobs(visibleTo: caller)
        if let file = resultFile(id: id, at: now, as: caller, withContent: true) { return file }
        throw .notFound("File", id: id, param: param)
    }

    /// The results CSV of a job that has succeeded by `time` (purpose `fine-tune-results`).
    func resultFile(id: String, at time: Double, as caller: Caller?, withContent: Bool = false) -> StoredFile? {
        guard let record = stores.jobs.record(resultFile: id) else { return nil }
        return resultFile(of: record, at: time, as: caller, withContent: withContent)
    }

    /// The results file of `record` if it exists at `time`; its bytes only when `withContent`
    /// (they are recomputed from the plan).
    func resultFile(of record: JobRecord, at time: Double, as caller: Caller?, withContent: Bool = false) -> StoredFile? {
        guard caller.map({ isVisible(ownerKey: record.ownerKey, to: $0) }) ?? true, let plan = record.plan,
              record.timeline.phase(at: time) == .succeeded, let finished = record.timeline.finishedAt(by: time) else { return nil }
        let content = withContent ? Data((stores.jobs.planDetail(of: record) ?? plan.detail()).resultsCSV(throughStep: plan.totalSteps).utf8) : Data()
        let object = FileObject(id: record.resultFileID, bytes: plan.resultsByteCount, createdAt: Int(finished), expiresAt: nil,
                                filename: "step_metrics.csv", purpose: "fine-tune-results")
        return StoredFile(object: object, content: content, ownerKey: record.ownerKey)
    }

    /// The result files that exist at `time`.
    func resultFiles(at time: Double, as caller: Caller? = nil) -> [FileObject] {
        stores.jobs.all.compactMap { record in
            resultFile(of: record, at: time, as: caller)?.object
        }
    }
}
