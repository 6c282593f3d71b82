public import Foundation

extension Provider {
    /// The purposes `POST /v1/files` accepts.
    public static let uploadPurposes = ["assistants", "batch", "fine-tune", "vision", "user_data", "evals"]

    /// Stores an uploaded file (`POST /v1/files`).
    ///
    /// - Parameters:
    ///   - expiresAfterSeconds: `expires_after[seconds]` (3600…2592000), anchored at creation.
    /// - Throws: 400 naming `purpose`, `file` or `expires_after`; 413 over the size limit.
    public func uploadFile(filename: String, purpose: String, content: Data, expiresAfterSeconds: Int? = nil,
                           as caller: Caller) throws(ProviderError) -> FileObject {
        guard Self.uploadPurposes.contains(purpose) else {
            throw .invalid("'\(purpose)' is not one of \(Self.uploadPurposes.map { "'\($0)'" }.joined(separator: ", ")) - 'purpose'", param: "purpose")
        }
        guard content.count <= configuration.maximumFileBytes else {
            throw ProviderError(.contentTooLarge, message: "The file is \(content.count) bytes; this provider accepts files up to \(configuration.maximumFileBytes) bytes.", param: "file", platformCode: "file_too_large")
        }
        guard !content.isEmpty else { throw .invalid("The file is empty.", param: "file") }
        if purpose == "fine-tune", !filename.lowercased().hasSuffix(".jsonl") {
            throw .invalid("Invalid file format for Fine-Tuning API. Must be .jsonl (got \"\(filename)\").", param: "file", platformCode: "invalid_file_format")
        }
        if let seconds = expiresAfterSeconds, !(3600...2_592_000).contains(seconds) {
            throw .invalid("expires_after[seconds] must be between 3600 and 2592000, got \(seconds)", param: "expires_after")
        }
        let created = Int(now)
        let object = FileObject(id: ids.next("file-"), bytes: content.count, createdAt: created,
                                expiresAt: expiresAfterSeconds.map { created + $0 }, filename: filename, purpose: purpose)
        store(StoredFile(object: object, content: content, ownerKey: caller.apiKey))
        return object
    }

    func store(_ file: StoredFile) {
        files[file.object.id] = file
        fileOrder.append(file.object.id)
    }

    /// Lists files, newest first by default (`GET /v1/files`).
    public func listFiles(purpose: String? = nil, after: String? = nil, limit: Int? = nil, ascending: Bool = false,
                          as caller: Caller) throws(ProviderError) -> ListPage<FileObject> {
        var visible = fileOrder.compactMap { files[$0] }.filter { isVisible(ownerKey: $0.ownerKey, to: caller) }.map(\.object)
        visible += resultFiles(at: now, as: caller)
        visible.sort { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
        if let purpose { visible = visible.filter { $0.purpose == purpose } }
        if !ascending { visible.reverse() }
        let page = try Pagination.page(visible, id: \.id, after: after, limit: limit, defaultLimit: 10_000)
        return ListPage(data: Array(page.items), hasMore: page.hasMore, firstID: page.items.first?.id,
                        lastID: page.items.last?.id, includesBounds: true)
    }

    /// One file's metadata (`GET /v1/files/{id}`).
    public func file(id: String, as caller: Caller) throws(ProviderError) -> FileObject {
        try storedFile(id: id, as: caller).object
    }

    /// One file's bytes (`GET /v1/files/{id}/content`).
    public func fileContent(id: String, as caller: Caller) throws(ProviderError) -> Data {
        try storedFile(id: id, as: caller).content
    }

    /// Deletes a file (`DELETE /v1/files/{id}`). Jobs that already read it keep working.
    public func deleteFile(id: String, as caller: Caller) throws(ProviderError) -> DeletionStatus {
        guard let file = files[id], isVisible(ownerKey: file.ownerKey, to: caller) else {
            if resultFile(id: id, at: now, as: caller) != nil {
                throw ProviderError(.conflict, message: "File \(id) holds a job's results and cannot be deleted in rftsim.", param: "id", platformCode: "file_in_use")
            }
            throw .notFound("File", id: id)
        }
        files[id] = nil
        fileOrder.removeAll { $0 == id }
        return DeletionStatus(id: id, object: "file")
    }

    func storedFile(id: String, param: String = "id", as caller: Caller) throws(ProviderError) -> StoredFile {
        if let file = files[id], isVisible(ownerKey: file.ownerKey, to: caller) { return file }
        if let file = resultFile(id: id, at: now, as: caller, withContent: true) { return file }
        throw .notFound("File", id: id, param: param)
    }

    /// The results CSV of a job that has succeeded by `time` (purpose `fine-tune-results`).
    func resultFile(id: String, at time: Double, as caller: Caller?, withContent: Bool = false) -> StoredFile? {
        guard let jobID = jobByResultFile[id], let record = jobs[jobID] else { return nil }
        return resultFile(of: record, at: time, as: caller, withContent: withContent)
    }

    /// The results file of `record` if it exists at `time`; its bytes only when `withContent`
    /// (they are recomputed from the plan).
    func resultFile(of record: JobRecord, at time: Double, as caller: Caller?, withContent: Bool = false) -> StoredFile? {
        guard caller.map({ isVisible(ownerKey: record.ownerKey, to: $0) }) ?? true, let plan = record.plan,
              record.timeline.phase(at: time) == .succeeded, let finished = record.timeline.finishedAt(by: time) else { return nil }
        let content = withContent ? Data((planDetail(of: record) ?? plan.detail()).resultsCSV(throughStep: plan.totalSteps).utf8) : Data()
        let object = FileObject(id: record.resultFileID, bytes: plan.resultsByteCount, createdAt: Int(finished), expiresAt: nil,
                                filename: "step_metrics.csv", purpose: "fine-tune-results")
        return StoredFile(object: object, content: content, ownerKey: record.ownerKey)
    }

    /// The result files that exist at `time`.
    func resultFiles(at time: Double, as caller: Caller? = nil) -> [FileObject] {
        jobOrder.compactMap { jobs[$0] }.compactMap { record in
            resultFile(of: record, at: time, as: caller)?.object
        }
    }
}
