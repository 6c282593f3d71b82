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
        return try JSONResponse.make(try await provider.runGrader(body, as: caller))
    }

    @Sendable func validate(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireCaller()
        let body = try await JSONBody.value(of: request, limit: jsonLimit)
        return JSONResponse.make(try await provider.validateGrader(body))
    }
}
