import Graders
import Hummingbird
import Provider

/// `/v1/models`, `/v1/chat/completions` and `/v1/responses`: the catalogue, the tuned models,
/// their deletion, and every model's answers (whole, or streamed as server-sent events).
///
/// Model ids contain colons (`ft:o4-mini-2025-04-16:org-rftsim::AbCd1234:ckpt-step-10`); they
/// are one path segment, and a percent-encoded `%3A` is decoded.
struct ModelsController {
    let provider: Provider
    /// Largest JSON body accepted.
    let jsonLimit: Int

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.add(middleware: AuthMiddleware())
        routes.endpoint("models", [.get: list])
        routes.endpoint("models/{id}", [.get: retrieve, .delete: delete])
        routes.endpoint("chat/completions", [.post: chatCompletion])
        routes.endpoint("responses", [.post: createResponse])
        return routes
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        return JSONResponse.make(await provider.listModels(as: caller))
    }

    @Sendable func retrieve(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        return JSONResponse.make(try await provider.model(id: try context.pathParameter("id"), as: caller))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        return JSONResponse.make(try await provider.deleteModel(id: try context.pathParameter("id"), as: caller))
    }

    @Sendable func chatCompletion(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let body = try await JSONBody.value(of: request, limit: jsonLimit)
        if body["stream"] == .bool(true) {
            return EventStreamResponse.make(try await provider.chatCompletionStream(body, as: caller))
        }
        return JSONResponse.make(try await provider.chatCompletion(body, as: caller))
    }

    @Sendable func createResponse(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let body = try await JSONBody.value(of: request, limit: jsonLimit)
        if body["stream"] == .bool(true) {
            return EventStreamResponse.make(try await provider.createResponseStream(body, as: caller))
        }
        return JSONResponse.make(try await provider.createResponse(body, as: caller))
    }
}
