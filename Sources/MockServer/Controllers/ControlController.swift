import Foundation
import Graders
import Hummingbird
import NIOCore
import Provider

/// `/_rftsim`: the control API tests use to steer the provider (no API key needed).
///
/// Bodies are read as JSON whatever their `Content-Type` (so `curl -d '{…}'` works), and
/// control requests are not faulted and not written to the request log.
///
/// | route | body | answer |
/// |---|---|---|
/// | `POST /_rftsim/reset` | `{"seed": N}` (optional) | `{"reset": true}`; request ids restart at `req_1`; other ids start over from seed N (default: `--seed`) |
/// | `GET /_rftsim/clock` | – | `{"mode", "now", "factor"}` |
/// | `POST /_rftsim/clock` | `{"mode": "virtual"\|"scaled"\|"instant", "factor": 60}` | the clock |
/// | `POST /_rftsim/clock/advance` | `{"seconds": 3600}` | the clock |
/// | `POST /_rftsim/jobs/{id}/outcome` | `{"fail_at_step": 3, …}` | the job |
/// | `GET /_rftsim/jobs/{id}/trace` | – | `{"initial_valid_reward", "final_valid_reward", "valid_reachable_ceiling"}`: the exact expected validation reward of the base (step 0) and tuned policy |
/// | `POST /_rftsim/faults` | a rule or an array of rules | the scheduled rules |
/// | `GET`/`DELETE /_rftsim/faults` | – | the scheduled rules (none after `DELETE`) |
/// | `GET /_rftsim/requests` | – | the request log, oldest first |
/// | `PUT /_rftsim/organization` | `{"verified", "data_sharing", "isolate_by_key", "strict_requests", "owner_role"}` (missing keys unchanged) | the settings |
/// | `GET`/`PUT /_rftsim/price-sheet` | `{"name": "launch-2025"\|"current-2026"}` | `{"name", "available"}` |
/// | `GET /_rftsim/billing` | – (a bearer key narrows it to that key's jobs under isolation) | the billing report |
/// | `GET /_rftsim/state` | – | everything the provider holds; `?format=journal`: the state journal (`--state`) |
/// | `POST /_rftsim/state` | a journal from `?format=journal` | `{"replayed": N}`: the state replaced by the journal's |
/// | `GET /_rftsim/sandbox` | – | `{"python_graders", "sandbox_problem", "tree_limits", "tree_limits_detail"}`: how python graders run here (bubblewrap or unsafe-none, why they would be refused) and what bounds a worker's process tree (`cgroup v2`, `cgroup v1` or `rlimits`) |
struct ControlController {
    let provider: Provider
    let controls: ServerControls
    /// Largest JSON body accepted.
    let jsonLimit: Int
    /// The token every control request must carry (``ControlTokenMiddleware``), if any.
    var controlToken: String?
    /// The server's configuration, for an import's replay (its body limits and upload directory).
    var configuration = ServerConfiguration()

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        if let controlToken { routes.add(middleware: ControlTokenMiddleware(token: controlToken)) }
        routes.endpoint("reset", [.post: reset])
        routes.endpoint("clock", [.get: clock, .post: setClock])
        routes.endpoint("clock/advance", [.post: advanceClock])
        routes.endpoint("jobs/{id}/outcome", [.post: setOutcome])
        routes.endpoint("jobs/{id}/trace", [.get: trace])
        routes.endpoint("faults", [.get: faults, .post: addFaults, .delete: clearFaults])
        routes.endpoint("requests", [.get: requests])
        routes.endpoint("organization", [.get: organization, .put: setOrganization])
        routes.endpoint("billing", [.get: billing])
        routes.endpoint("price-sheet", [.get: priceSheet, .put: setPriceSheet])
        routes.endpoint("state", [.get: state, .post: importState])
        routes.endpoint("sandbox", [.get: sandbox])
        return routes
    }

    @Sendable func reset(_ request: Request, context: AppRequestContext) async throws -> Response {
        // The body is optional: {"seed": N} starts the ids over from seed N.
        let bytes = try await JSONBody.bytes(of: request, limit: jsonLimit, strictContentType: false)
        var seed: UInt64?
        if bytes.readableBytes > 0 {
            guard case .object(let body) = try JSONBody.parse(bytes) else {
                throw ProviderError.invalid("The body must be a JSON object such as {\"seed\": 7}, or empty.")
            }
            try Self.rejectUnknown(body, allowed: ["seed"])
            switch body["seed"] {
            case nil, .null?: break
            case .number(let value)? where value >= 0 && value == value.rounded() && value < 9_007_199_254_740_992:
                seed = UInt64(value)
            case let other?:
                throw ProviderError.invalid("seed must be a whole number from 0 to 2^53 − 1, got \(other.jsonText).", param: "seed",
                                            platformCode: "invalid_type")
            }
        }
        await provider.reset(idSeed: seed)
        controls.reset()
        return JSONResponse.make(["object": "rftsim.reset", "reset": true] as JSONValue)
    }

    @Sendable func clock(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(await provider.clockStatus())
    }

    @Sendable func setClock(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await object(of: request, allowed: ["mode", "factor"])
        guard let modeValue = body["mode"] else {
            throw ProviderError.invalid("Missing required parameter: 'mode' (virtual, scaled or instant).", param: "mode",
                                        platformCode: "missing_required_parameter")
        }
        guard case .string(let mode) = modeValue else {
            throw ProviderError.invalid("Invalid type for 'mode': expected a string, got \(modeValue.kindName).", param: "mode", platformCode: "invalid_type")
        }
        let factor = try number(body, "factor")
        let clockMode = try ClockMode(parsing: mode, factor: factor)
        return try JSONResponse.make(await provider.setClock(clockMode))
    }

    @Sendable func advanceClock(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await object(of: request, allowed: ["seconds"])
        guard let seconds = try number(body, "seconds") else {
            throw ProviderError.invalid("Missing required parameter: 'seconds'.", param: "seconds", platformCode: "missing_required_parameter")
        }
        return try JSONResponse.make(try await provider.advanceClock(seconds: seconds))
    }

    @Sendable func trace(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = Caller(apiKey: AuthMiddleware.apiKey(in: request) ?? "")
        let trace = try await provider.jobTrace(id: try context.pathParameter("id"), passAtK: [], as: caller)
        let answer: JSONValue = [
            "object": "rftsim.job_trace", "initial_valid_reward": trace.initialValidReward.map(JSONValue.number) ?? .null,
            "final_valid_reward": trace.finalValidReward.map(JSONValue.number) ?? .null,
            "valid_reachable_ceiling": trace.validReachableCeiling.map(JSONValue.number) ?? .null,
        ]
        return JSONResponse.make(answer)
    }

    @Sendable func setOutcome(_ request: Request, context: AppRequestContext) async throws -> Response {
        let outcome = try JobOutcome(json: try await JSONBody.value(of: request, limit: jsonLimit, strictContentType: false))
        return JSONResponse.make(try await provider.setOutcome(outcome, forJob: try context.pathParameter("id")))
    }

    @Sendable func faults(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(ControlList(data: controls.faults.scheduled))
    }

    /// The keys a fault rule may have (a typo such as `retryAfter` is an error, not ignored).
    static let faultKeys: Set = ["route", "status", "count", "retry_after", "delay", "drop", "message"]

    @Sendable func addFaults(_ request: Request, context: AppRequestContext) async throws -> Response {
        let buffer = try await JSONBody.bytes(of: request, limit: jsonLimit, strictContentType: false)
        let value = try JSONBody.parse(buffer)
        let rules: [FaultRule]
        switch value {
        case .object(let members):
            try Self.rejectUnknown(members, allowed: Self.faultKeys)
            rules = [try decode(FaultRule.self, from: value)]
        case .array(let elements):
            rules = try elements.map { element in
                guard case .object(let members) = element else {
                    throw ProviderError.invalid("Each fault rule must be an object, got \(element.kindName).")
                }
                try Self.rejectUnknown(members, allowed: Self.faultKeys)
                return try decode(FaultRule.self, from: element)
            }
        default:
            throw ProviderError.invalid("The body must be a fault rule object or an array of them, got \(value.kindName).")
        }
        for rule in rules { try controls.faults.add(rule) }
        return try JSONResponse.make(ControlList(data: controls.faults.scheduled))
    }

    @Sendable func clearFaults(_ request: Request, context: AppRequestContext) async throws -> Response {
        controls.faults.clear()
        return try JSONResponse.make(ControlList(data: [FaultRule]()))
    }

    @Sendable func requests(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(ControlList(data: controls.requestLog.entries))
    }

    @Sendable func organization(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(await provider.organizationSettings())
    }

    @Sendable func setOrganization(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await object(of: request, allowed: ["verified", "data_sharing", "isolate_by_key", "strict_requests", "owner_role"])
        var settings = await provider.organizationSettings()
        if let value = try bool(body, "verified") { settings.verified = value }
        if let value = try bool(body, "data_sharing") { settings.dataSharing = value }
        if let value = try bool(body, "isolate_by_key") { settings.isolateByKey = value }
        if let value = try bool(body, "strict_requests") { settings.strictRequests = value }
        if let value = try bool(body, "owner_role") { settings.ownerRole = value }
        return try JSONResponse.make(await provider.setOrganization(settings))
    }

    @Sendable func billing(_ request: Request, context: AppRequestContext) async throws -> Response {
        let caller = AuthMiddleware.apiKey(in: request).map(Caller.init(apiKey:))
        return try JSONResponse.make(await provider.billing(as: caller))
    }

    @Sendable func priceSheet(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.make(Self.priceSheetAnswer(await provider.priceSheetName()))
    }

    @Sendable func setPriceSheet(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await object(of: request, allowed: ["name"])
        guard case .string(let name)? = body["name"] else {
            throw ProviderError.invalid("Missing required parameter: 'name' (\(PriceSheet.builtinNames.joined(separator: ", "))).", param: "name",
                                        platformCode: "missing_required_parameter")
        }
        return JSONResponse.make(Self.priceSheetAnswer(try await provider.setPriceSheet(named: name)))
    }

    /// `GET /_rftsim/sandbox`: how python graders are confined here, probed now.
    @Sendable func sandbox(_ request: Request, context: AppRequestContext) async throws -> Response {
        let mode = PythonSandbox.defaultMode
        let problem = mode == .bubblewrap ? await PythonSandbox.availabilityProblem() : nil
        let tree = PythonSandbox.treeLimits()
        return JSONResponse.make([
            "object": "rftsim.sandbox", "python_graders": .string(mode.rawValue), "sandbox_problem": problem.map(JSONValue.string) ?? .null,
            "tree_limits": .string(mode == .bubblewrap ? tree.limits.rawValue : "none"),
            "tree_limits_detail": .string(mode == .bubblewrap ? tree.detail : "python graders run unsandboxed (--unsafe-python-graders)"),
        ] as JSONValue)
    }

    static func priceSheetAnswer(_ name: String) -> JSONValue {
        ["object": "rftsim.price_sheet", "name": .string(name), "available": .array(PriceSheet.builtinNames.map(JSONValue.string))]
    }

    @Sendable func state(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard QueryItems(request)["format"] == "journal" else {
            return try JSONResponse.make(await controls.stateDump(of: provider))
        }
        let journal = try requireJournal()
        let data = try journal.contents()
        return Response(status: .ok, headers: [.contentType: "application/x-ndjson"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `POST /_rftsim/state`: replaces the state with a journal exported by `GET /_rftsim/state?format=journal`.
    @Sendable func importState(_ request: Request, context: AppRequestContext) async throws -> Response {
        let journal = try requireJournal()
        let limit = await provider.configuration.maximumStorageBytesPerOrganization
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw JSONBody.tooLarge(limit: limit, what: "a state journal")
        }
        let entries: [StateJournal.Entry]
        do {
            entries = try StateJournal.entries(in: Data(body.readableBytesView))
        } catch {
            throw ProviderError.invalid("The body must be a journal from GET /_rftsim/state?format=journal: \(error)")
        }
        await provider.reset()
        controls.reset()
        try journal.replace(with: entries)
        let replayed: Int
        do {
            replayed = try await replayJournal(journal, into: provider, configuration: configuration)
        } catch {
            // Nothing half-imported: the state and the journal start over empty.
            await provider.reset()
            try journal.replace(with: [])
            throw ProviderError.invalid("The journal could not be replayed, so nothing was imported: \(error)")
        }
        return JSONResponse.make(["object": "rftsim.state_import", "replayed": .number(Double(replayed))] as JSONValue)
    }

    private func requireJournal() throws -> StateJournal {
        guard let journal = controls.journal else {
            throw ProviderError(.conflict, message: "This server keeps no state journal: start it with --state DIR to export or import its state.",
                                platformCode: "no_state_directory")
        }
        return journal
    }

    // MARK: Body helpers

    /// The body as a JSON object with only `allowed` keys.
    private func object(of request: Request, allowed: Set<String>) async throws -> [String: JSONValue] {
        let value = try await JSONBody.value(of: request, limit: jsonLimit, strictContentType: false)
        guard case .object(let members) = value else {
            throw ProviderError.invalid("The body must be a JSON object, got \(value.kindName).")
        }
        try Self.rejectUnknown(members, allowed: allowed)
        return members
    }

    private static func rejectUnknown(_ members: [String: JSONValue], allowed: Set<String>) throws(ProviderError) {
        if let unknown = members.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw .invalid("Unrecognized request argument supplied: \(unknown) (allowed: \(allowed.sorted().joined(separator: ", ")))",
                           param: unknown)
        }
    }

    private func number(_ body: [String: JSONValue], _ key: String) throws(ProviderError) -> Double? {
        switch body[key] {
        case nil, .null?: return nil
        case .number(let value)?: return value
        case let other?: throw .invalid("Invalid type for '\(key)': expected a number, got \(other.kindName).", param: key, platformCode: "invalid_type")
        }
    }

    private func bool(_ body: [String: JSONValue], _ key: String) throws(ProviderError) -> Bool? {
        switch body[key] {
        case nil, .null?: return nil
        case .bool(let value)?: return value
        case let other?: throw .invalid("Invalid type for '\(key)': expected a boolean, got \(other.kindName).", param: key, platformCode: "invalid_type")
        }
    }

    /// Decodes `T` from a parsed value (re-encoded: the control bodies are tiny).
    private func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        do {
            return try JSONResponse.decoder.decode(T.self, from: Data(value.jsonText.utf8))
        } catch let error as DecodingError {
            throw JSONBody.describe(error)
        }
    }
}
