import Hummingbird
import Provider

/// `/v1/evals`: evals, their runs (create, list, retrieve, cancel, delete) and runs' output items.
struct EvalsController {
    let provider: Provider
    /// Largest JSON body accepted.
    let jsonLimit: Int

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.add(middleware: AuthMiddleware())
        routes.endpoint("", [.get: list, .post: create])
        routes.endpoint("{eval_id}", [.get: retrieve, .post: update, .delete: delete])
        routes.endpoint("{eval_id}/runs", [.get: listRuns, .post: createRun])
        routes.endpoint("{eval_id}/runs/{run_id}", [.get: retrieveRun, .post: cancelRun, .delete: deleteRun])
        routes.endpoint("{eval_id}/runs/{run_id}/output_items", [.get: outputItems])
        routes.endpoint("{eval_id}/runs/{run_id}/output_items/{output_item_id}", [.get: outputItem])
        return routes
    }

    /// `order` (`asc`, the default, or `desc`).
    private static func ascending(_ query: QueryItems) throws -> Bool {
        query["order"] == nil ? true : try query.ascending("order", ascendingWord: "asc", descendingWord: "desc")
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let body = try await JSONBody.value(of: request, limit: jsonLimit)
        return JSONResponse.make(try await provider.createEval(body, as: caller))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let query = QueryItems(request)
        let page = try await provider.listEvals(after: query["after"], limit: try query.integer("limit"), ascending: try Self.ascending(query), as: caller)
        return JSONResponse.make(page)
    }

    @Sendable func retrieve(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        return JSONResponse.make(try await provider.eval(id: try context.pathParameter("eval_id"), as: caller))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let body = try await JSONBody.value(of: request, limit: jsonLimit)
        return JSONResponse.make(try await provider.updateEval(id: try context.pathParameter("eval_id"), body, as: caller))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        return JSONResponse.make(try await provider.deleteEval(id: try context.pathParameter("eval_id"), as: caller))
    }

    @Sendable func createRun(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let body = try await JSONBody.value(of: request, limit: jsonLimit)
        return JSONResponse.make(try await provider.createRun(evalID: try context.pathParameter("eval_id"), body, as: caller))
    }

    @Sendable func listRuns(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let query = QueryItems(request)
        let page = try await provider.listRuns(evalID: try context.pathParameter("eval_id"), after: query["after"], limit: try query.integer("limit"),
                                               ascending: try Self.ascending(query), status: query["status"], as: caller)
        return JSONResponse.make(page)
    }

    @Sendable func retrieveRun(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        return JSONResponse.make(try await provider.evalRun(evalID: try context.pathParameter("eval_id"), runID: try context.pathParameter("run_id"), as: caller))
    }

    @Sendable func cancelRun(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        return JSONResponse.make(try await provider.cancelEvalRun(evalID: try context.pathParameter("eval_id"), runID: try context.pathParameter("run_id"), as: caller))
    }

    @Sendable func deleteRun(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        return JSONResponse.make(try await provider.deleteEvalRun(evalID: try context.pathParameter("eval_id"), runID: try context.pathParameter("run_id"), as: caller))
    }

    @Sendable func outputItems(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let query = QueryItems(request)
        let page = try await provider.evalOutputItems(
            evalID: try context.pathParameter("eval_id"), runID: try context.pathParameter("run_id"), after: query["after"],
            limit: try query.integer("limit"), ascending: try Self.ascending(query), status: query["status"], as: caller)
        return JSONResponse.make(page)
    }

    @Sendable func outputItem(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        return JSONResponse.make(try await provider.evalOutputItem(
            evalID: try context.pathParameter("eval_id"), runID: try context.pathParameter("run_id"),
            itemID: try context.pathParameter("output_item_id"), as: caller))
    }
}
