public import Graders

extension Provider {
    /// Grants projects access to a checkpoint (`POST /v1/fine_tuning/checkpoints/{ckpt}/permissions`).
    ///
    /// - Throws: 404 for an unknown checkpoint; 400 naming `project_ids` for a bad body.
    public func createCheckpointPermissions(checkpoint: String, body: JSONValue, as caller: Caller) async throws(ProviderError) -> ListPage<PermissionObject> {
        try await requireCheckpoint(checkpoint, as: caller)
        guard case .object(let members) = body else { throw .invalid("The request body must be a JSON object, got \(body.kindName).") }
        guard case .array(let values)? = members["project_ids"], !values.isEmpty else {
            throw .invalid("project_ids must be a non-empty array of project ids.", param: "project_ids", platformCode: members["project_ids"] == nil ? "missing_required_parameter" : nil)
        }
        var created: [PermissionObject] = []
        for (index, value) in values.enumerated() {
            guard case .string(let project) = value, !project.isEmpty else {
                throw .invalid("project_ids[\(index)] must be a non-empty string.", param: "project_ids[\(index)]")
            }
            let object = PermissionObject(id: stores.ids.next("cp_"), createdAt: Int(now), projectID: project)
            stores.permissions.add(PermissionRecord(object: object, ownerKey: caller.apiKey), to: checkpoint)
            created.append(object)
        }
        return ListPage(data: created, hasMore: false, firstID: created.first?.id, lastID: created.last?.id, includesBounds: true)
    }

    /// Lists a checkpoint's permissions (`GET …/permissions`), newest first unless `ascending`.
    public func listCheckpointPermissions(checkpoint: String, projectID: String? = nil, after: String? = nil, limit: Int? = nil,
                                          ascending: Bool = false, as caller: Caller) async throws(ProviderError) -> ListPage<PermissionObject> {
        try await requireCheckpoint(checkpoint, as: caller)
        var list = stores.permissions.permissions(of: checkpoint).map(\.object)
        if let projectID { list = list.filter { $0.projectID == projectID } }
        if !ascending { list.reverse() }
        let page = try Pagination.page(list, id: \.id, after: after, limit: limit, defaultLimit: 10)
        return ListPage(data: Array(page.items), hasMore: page.hasMore, firstID: page.items.first?.id, lastID: page.items.last?.id, includesBounds: true)
    }

    /// Revokes a permission (`DELETE …/permissions/{id}`).
    public func deleteCheckpointPermission(checkpoint: String, permissionID: String, as caller: Caller) async throws(ProviderError) -> DeletionStatus {
        try await requireCheckpoint(checkpoint, as: caller)
        guard stores.permissions.remove(id: permissionID, of: checkpoint) else {
            throw .notFound("Permission", id: permissionID, param: "permission_id")
        }
        return DeletionStatus(id: permissionID, object: "checkpoint.permission")
    }

    private func requireCheckpoint(_ name: String, as caller: Caller) async throws(ProviderError) {
        await settleJobs(visibleTo: caller)
        guard name.contains(":ckpt-step-"), tunedModel(named: name, as: caller) != nil else {
            throw ProviderError(.notFound, message: "No such checkpoint: \(name) (expected a fine_tuned_model_checkpoint like ft:…:ckpt-step-N that exists now).", param: "fine_tuned_model_checkpoint", platformCode: "checkpoint_not_found")
        }
    }
}
