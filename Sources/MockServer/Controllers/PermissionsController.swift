import Hummingbird
import Provider

/// `/v1/fine_tuning/checkpoints/{checkpoint}/permissions`: share a checkpoint with projects.
struct PermissionsController {
    let provider: Provider
    /// Largest JSON body accepted.
    let jsonLimit: Int

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.add(middleware: AuthMiddleware())
        routes.endpoint("{checkpoint}/permissions", [.get: list, .post: create])
        routes.endpoint("{checkpoint}/permissions/{permission}", [.delete: delete])
        return routes
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let body = try await JSONBody.value(of: request, limit: jsonLimit)
        let page = try await provider.createCheckpointPermissions(checkpoint: try context.pathParameter("checkpoint"), body: body, as: caller)
        return JSONResponse.make(page)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let query = QueryItems(request)
        let page = try await provider.listCheckpointPermissions(
            checkpoint: try context.pathParameter("checkpoint"), projectID: query["project_id"], after: query["after"],
            limit: try query.integer("limit"),
            ascending: try query.ascending("order", ascendingWord: "ascending", descendingWord: "descending"), as: caller)
        return JSONResponse.make(page)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let status = try await provider.deleteCheckpointPermission(checkpoint: try context.pathParameter("checkpoint"),
                                                                   permissionID: try context.pathParameter("permission"), as: caller)
        return JSONResponse.make(status)
    }
}
