import Hummingbird
import Provider

/// `/v1/fine_tuning/jobs`: create, list, retrieve, cancel, pause, resume, events, checkpoints.
struct JobsController {
    let provider: Provider
    /// Largest JSON body accepted.
    let jsonLimit: Int

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.add(middleware: AuthMiddleware())
        routes.endpoint("", [.get: list, .post: create])
        routes.endpoint("{id}", [.get: retrieve])
        routes.endpoint("{id}/cancel", [.post: cancel])
        routes.endpoint("{id}/pause", [.post: pause])
        routes.endpoint("{id}/resume", [.post: resume])
        routes.endpoint("{id}/events", [.get: events])
        routes.endpoint("{id}/checkpoints", [.get: checkpoints])
        return routes
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let body = try await JSONBody.value(of: request, limit: jsonLimit)
        return JSONResponse.make(try await provider.createJob(body, as: caller))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let query = QueryItems(request)
        let page = try await provider.listJobs(after: query["after"], limit: try query.integer("limit"),
                                               metadata: query.deepObject("metadata"), as: caller)
        return JSONResponse.make(page)
    }

    /// The hot path (SDK polling): one actor call, no body read, and the job's JSON reused while
    /// its visible state is unchanged.
    @Sendable func retrieve(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        return JSONResponse.make(jsonText: try await provider.jobJSONText(id: try context.pathParameter("id"), as: caller))
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        return JSONResponse.make(try await provider.cancelJob(id: try context.pathParameter("id"), as: caller))
    }

    @Sendable func pause(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        return JSONResponse.make(try await provider.pauseJob(id: try context.pathParameter("id"), as: caller))
    }

    @Sendable func resume(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        return JSONResponse.make(try await provider.resumeJob(id: try context.pathParameter("id"), as: caller))
    }

    @Sendable func events(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let query = QueryItems(request)
        let page = try await provider.jobEvents(id: try context.pathParameter("id"), after: query["after"],
                                                limit: try query.integer("limit"), as: caller)
        return JSONResponse.make(page)
    }

    @Sendable func checkpoints(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let query = QueryItems(request)
        let page = try await provider.jobCheckpoints(id: try context.pathParameter("id"), after: query["after"],
                                                     limit: try query.integer("limit"), as: caller)
        return JSONResponse.make(page)
    }
}
