internal import Graders
internal import Simulator

extension JobRecord {
    /// The job object a client sees at `time`.
    func object(at time: Double) -> JobObject {
        let phase = timeline.phase(at: time)
        let validated = plan != nil && timeline.segments.count > 1 && time >= timeline.segments[1].start
            && phase != .validating
        var failure: JobObject.Failure?
        if case .failed(let error, _) = phase { failure = error }
        let succeeded = phase == .succeeded
        var trainedTokens: Int?
        if succeeded, let plan, plan.method != .reinforcement { trainedTokens = plan.cumulativeTrainedTokens.last }
        var usage: UsageMetrics?
        if request.method == .reinforcement { usage = usageMetrics(at: time) }
        return JobObject(
            id: id, createdAt: Int(createdAt), error: failure, fineTunedModel: succeeded ? fineTunedModel : nil,
            finishedAt: timeline.finishedAt(by: time).map { Int($0) },
            hyperparameters: validated ? resolvedHyperparametersJSON : requestedHyperparametersJSON,
            model: request.model, organizationID: organizationID, resultFiles: succeeded ? [resultFileID] : [],
            status: phase.status, trainedTokens: trainedTokens, trainingFile: request.trainingFile,
            validationFile: request.validationFile, integrations: request.integrations, seed: seed,
            estimatedFinish: timeline.estimatedFinish(at: time).map { Int($0.rounded(.up)) },
            method: validated ? resolvedMethodJSON : requestedMethodJSON, metadata: request.metadata,
            userProvidedSuffix: request.suffix, usageMetrics: usage, sharedWithOpenAI: sharedWithOpenAI, evalID: evalID)
    }

    /// What ``object(at:)`` reads of `time`: equal keys give equal objects, hence equal JSON.
    ///
    /// `object(at:)` uses `time` only through the segment in force (phase, `finished_at`,
    /// `estimated_finish`, and whether validation is over: a segment past the first starts at or
    /// after `segments[1].start`, since starts never decrease) and through τ (`usage_metrics`,
    /// RFT only). Everything else is fixed at creation or changes only with the timeline, which
    /// bumps ``revision``. So under a virtual clock every poll between clock moves hits; under a
    /// scaled clock polls hit outside running RFT segments (where τ grows with every reading).
    func viewKey(at time: Double) -> JobViewKey {
        JobViewKey(revision: revision, segment: timeline.segmentIndex(at: time),
                   tauBits: request.method == .reinforcement ? timeline.tau(at: time).bitPattern : 0)
    }

    /// `{batch_size, learning_rate_multiplier, n_epochs}` as requested (`"auto"` where absent).
    var requestedHyperparametersJSON: JSONValue {
        let sent = request.methodJSON[request.method.rawValue]?["hyperparameters"]
        func value(_ key: String) -> JSONValue { sent?[key] ?? "auto" }
        return ["batch_size": value("batch_size"), "learning_rate_multiplier": value("learning_rate_multiplier"), "n_epochs": value("n_epochs")]
    }

    /// The resolved hyperparameters (top-level shape).
    var resolvedHyperparametersJSON: JSONValue {
        guard let resolved = plan?.resolved else { return requestedHyperparametersJSON }
        return ["batch_size": .number(Double(resolved.batchSize)),
                "learning_rate_multiplier": .number(resolved.learningRateMultiplier),
                "n_epochs": .number(Double(resolved.nEpochs))]
    }

    /// The `method` object as requested, every hyperparameter of the method present (`"auto"`
    /// where absent, `"default"` for `reasoning_effort` as the spec's enum has no `"auto"`; keys ignored
    /// by lenient parsing left out), `response_format` null when unset (RFT).
    var requestedMethodJSON: JSONValue {
        guard case .object(var method) = request.methodJSON else { return request.methodJSON }
        var members: [String: JSONValue] = [:]
        if case .object(let inner)? = method[request.method.rawValue] { members = inner }
        let sent = members["hyperparameters"]
        var hyperparameters: [String: JSONValue] = [:]
        for key in PlatformHyperparameters.knownKeys(for: request.method) { hyperparameters[key] = sent?[key] ?? (key == "reasoning_effort" ? "default" : "auto") }
        members["hyperparameters"] = .object(hyperparameters)
        if request.method == .reinforcement, members["response_format"] == nil { members["response_format"] = .null }
        method[request.method.rawValue] = .object(members)
        return .object(method)
    }

    /// The `method` object with every hyperparameter resolved.
    var resolvedMethodJSON: JSONValue {
        guard let resolved = plan?.resolved, case .object(var method) = request.methodJSON else { return request.methodJSON }
        guard case .object(var hyperparameters) = resolvedHyperparametersJSON else { return request.methodJSON }
        if let reinforcement = resolved.reinforcement {
            hyperparameters["compute_multiplier"] = .number(reinforcement.computeMultiplier)
            hyperparameters["eval_interval"] = .number(Double(reinforcement.evalInterval))
            hyperparameters["eval_samples"] = .number(Double(reinforcement.evalSamples))
            hyperparameters["reasoning_effort"] = .string(reinforcement.reasoningEffort.rawValue)
        }
        if request.method == .dpo { hyperparameters["beta"] = .number(request.beta ?? 0.1) }
        var inner = method[request.method.rawValue] ?? .object([:])
        if case .object(var members) = inner {
            members["hyperparameters"] = .object(hyperparameters)
            if request.method == .reinforcement, members["response_format"] == nil { members["response_format"] = .null }
            inner = .object(members)
        }
        method[request.method.rawValue] = inner
        return .object(method)
    }

    /// RFT usage so far: training time and model-grader tokens.
    func usageMetrics(at time: Double) -> UsageMetrics {
        let tau = timeline.tau(at: time)
        let steps = plan?.stepsCompleted(at: tau) ?? 0
        let tokens = steps > 0 ? (plan?.cumulativeGraderTokens[steps - 1] ?? [:]) : [:]
        return UsageMetrics(trainingSeconds: tau, trainingHours: (tau / 36).rounded() / 100, stepsCompleted: steps, graderTokens: tokens)
    }

    /// The step a pause or the failure left the job at.
    func stepsCompleted(at time: Double) -> Int {
        plan?.stepsCompleted(at: timeline.tau(at: time)) ?? 0
    }
}
