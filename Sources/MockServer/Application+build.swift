import Foundation
public import Hummingbird
import HummingbirdCore
import NIOCore
public import Provider

/// Builds the HTTP server over `provider`.
///
/// The provider holds the platform's state; the server holds only what belongs to HTTP (request
/// ids, the fault schedule, the request log: ``ServerControls``), and every `/v1` route maps onto
/// one provider call. `rftsim serve` runs it with `runService()`; tests run it with
/// `app.test(.router)` or `.live`.
///
/// ```swift
/// let app = await buildApplication(provider: Provider(), configuration: ServerConfiguration(port: 0)) { port in
///     print("listening on \(port)")
/// }
/// try await app.runService()
/// ```
///
/// - Parameters:
///   - provider: The provider every route calls.
///   - configuration: Address and body limits.
///   - controls: Request ids, faults and the request log (pass one to read them afterwards).
///   - onServerRunning: Called with the bound port once the server accepts connections.
/// - Returns: The application, ready to run.
public func buildApplication(
    provider: Provider,
    configuration: ServerConfiguration = ServerConfiguration(),
    controls: ServerControls = ServerControls(),
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) async -> some ApplicationProtocol {
    let router = await buildRouter(provider: provider, configuration: configuration, controls: controls)
    let http1 = HTTP1Channel.Configuration(idleTimeout: .seconds(configuration.idleTimeoutSeconds))
    // Below the idle timeout, which would otherwise close a silent body without an answer.
    let bodyReadTimeout = TimeAmount.seconds(max(1, min(configuration.bodyReadTimeoutSeconds, configuration.idleTimeoutSeconds - 1)))
    let server = HTTPServerBuilder { responder in
        GuardedHTTP1Channel(base: HTTP1Channel(responder: responder, configuration: http1), bodyReadTimeout: bodyReadTimeout)
    }
    return Application(
        responder: HeadResponder(base: router.buildResponder()),
        server: server,
        configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port),
                                                serverName: "rftsim"),
        onServerRunning: { channel in
            await onServerRunning(channel.localAddress?.port ?? configuration.port)
        }
    )
}

/// The router: the platform's `/v1` routes (bearer key required), the `/_rftsim` control API,
/// and the middlewares every request passes (request id, error mapping, request log, faults).
///
/// - Parameters:
///   - provider: The provider every route calls.
///   - configuration: Body limits.
///   - controls: Request ids, faults and the request log (a reset through the control API
///     clears them).
/// - Returns: A router for ``AppRequestContext``.
public func buildRouter(provider: Provider, configuration: ServerConfiguration = ServerConfiguration(),
                        controls: ServerControls = ServerControls()) async -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    let jsonLimit = configuration.maximumJSONBytes
    // Middlewares wrap only the routes added after them: the control API gets ids and error
    // bodies but no faults (a `* *` rule must not block `DELETE /_rftsim/faults`).
    let uploadLimit = await provider.configuration.maximumFileBytes + configuration.multipartOverheadBytes
    router.add(middleware: RequestLogMiddleware(provider: provider, controls: controls))
    if let journal = controls.journal {
        router.add(middleware: JournalMiddleware(journal: journal, provider: provider, bodyLimit: uploadLimit))
    }
    router.addRoutes(ControlController(provider: provider, controls: controls, jsonLimit: jsonLimit,
                                       controlToken: configuration.controlToken, configuration: configuration).endpoints, atPath: "/_rftsim")
    router.add(middleware: FaultMiddleware(faults: controls.faults))

    let uploadDirectory = URL(fileURLWithPath: configuration.uploadDirectory ?? ServerConfiguration.defaultUploadDirectory, isDirectory: true)
    router.addRoutes(FilesController(provider: provider, uploadLimit: uploadLimit, uploadDirectory: uploadDirectory).endpoints,
                     atPath: "/v1/files")
    router.addRoutes(JobsController(provider: provider, jsonLimit: jsonLimit).endpoints, atPath: "/v1/fine_tuning/jobs")
    router.addRoutes(GradersController(provider: provider, jsonLimit: jsonLimit).endpoints, atPath: "/v1/fine_tuning/alpha/graders")
    router.addRoutes(PermissionsController(provider: provider, jsonLimit: jsonLimit).endpoints, atPath: "/v1/fine_tuning/checkpoints")
    router.addRoutes(ModelsController(provider: provider, jsonLimit: jsonLimit).endpoints, atPath: "/v1")
    router.addRoutes(EvalsController(provider: provider, jsonLimit: jsonLimit).endpoints, atPath: "/v1/evals")
    return router
}

/// The line `rftsim serve` prints once it accepts connections.
///
/// - Returns: e.g. `rftsim serve: listening on http://127.0.0.1:54321 (clock virtual)`.
public func readyLine(host: String, port: Int, clock: ClockMode) -> String {
    let shownHost = host.contains(":") ? "[\(host)]" : host
    var mode = clock.name
    if let factor = clock.factor {
        mode += ":" + (factor == factor.rounded() && abs(factor) < 1e15 ? String(Int(factor)) : String(factor))
    }
    return "rftsim serve: listening on http://\(shownHost):\(port) (clock \(mode))"
}
