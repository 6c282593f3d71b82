import Hummingbird
import Provider

/// `/v1/fine_tuning/alpha/graders`: run a grader on one sample, validate a grader.
struct GradersController {
    let provider: Provider
    /// Largest JSON body accepted.
    let jsonLimit: Int

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.add(middleware: AuthMiddleware())
        routes.endpoint("run", [.post: run])
        routes.endpoint("validate", [.post: validate])
        return routes
    }

    @Sendable func run(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        let body = try await JSONBody.value(of: request, limit: jsonLimit)
        // A client that gives up stops the grading: its python worker's process tree is killed.
        let provider = provider
        let result = try await ClientDisconnect.cancellingOnDisconnect(of: context.channel) {
            try await provider.runGrader(body, as: caller)
        }
        return try JSONResponse.make(result)
    }

    @Sendable func validate(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireCaller()
        let body = try await JSONBody.value(of: request, limit: jsonLimit)
        return JSONResponse.make(try await provider.validateGrader(body))
    }
}
