internal import Graders
internal import Simulator

/// The eval an RFT job creates (its `eval_id`), derived from the job as results files are:
/// one run per validation step reached, whose output items are the answers validation sampled at
/// that step (`eval_samples` per validation item) with the job's grader's scores, so a run's mean
/// score is that step's `valid_reward_mean`.
struct JobEval: Sendable {
    let record: JobRecord

    /// The job's eval, if it has one (RFT jobs do).
    init?(_ record: JobRecord) {
        guard record.evalID != nil, record.request.method == .reinforcement else { return nil }
        self.record = record
    }

    var id: String { record.evalID! }

    /// The criterion: the job's grader, with the default pass rule.
    var criterion: TestingCriterion? {
        guard let grader = record.request.grader else { return nil }
        let id = TestingCriterion.id(name: grader.name.isEmpty ? grader.kind.rawValue : grader.name, salt: "\(self.id)#0")
        var json = grader.json
        if case .object(var members) = json {
            members["id"] = .string(id)
            json = .object(members)
        }
        return TestingCriterion(id: id, grader: grader, passThreshold: nil, json: json)
    }

    /// The eval object: a custom data source whose item schema lists the validation lines' keys.
    var object: EvalObject {
        var properties: [String: JSONValue] = [:]
        if let responses = record.plan?.responses, case .object(let first)? = responses.lines.dropFirst(responses.trainingCount).first {
            for (key, value) in first { properties[key] = ["type": .string(Self.schemaType(of: value))] }
        }
        let itemSchema: JSONValue = ["type": "object", "properties": .object(properties)]
        let config: JSONValue = ["type": "custom", "schema": ["type": "object", "properties": ["item": itemSchema, "sample": EvalDefinition.sampleSchema],
                                                              "required": ["item", "sample"]]]
        return EvalObject(id: id, createdAt: Int(record.createdAt), name: "\(record.id) validation", metadata: ["fine_tuning_job_id": record.id],
                          dataSourceConfig: config, testingCriteria: criterion.map { [$0.json] } ?? [])
    }

    private static func schemaType(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The validation steps reached by `time`, oldest first.
    func steps(at time: Double) -> [Int] {
        guard let plan = record.plan else { return [] }
        let done = record.stepsCompleted(at: time)
        return plan.checkpoints.map(\.step).filter { $0 <= done }
    }

    /// The run id of validation step `step`.
    func runID(step: Int) -> String { "evalrun_" + IdentifierFactory.token("\(id)#run", UInt64(step), length: 32) }

    /// The run of validation step `step`, its output items built from the draws in `detail`.
    func run(step: Int, detail: JobPlanDetail?) -> EvalRunRecord? {
        guard let plan = record.plan, let validation = plan.responses.validation, let criterion else { return nil }
        let ended = record.timeline.time(reachingTau: plan.trainingSeconds(atStep: step)) ?? record.createdAt
        let runID = runID(step: step)
        let model = "\(record.fineTunedModel):ckpt-step-\(step)"
        let sampling = RunDataSource.Sampling(seed: record.seed)
        var outputs: [EvalOutputRecord] = []
        if let draws = detail?.validationDraws[step] {
            let lines = plan.responses.lines.dropFirst(plan.responses.trainingCount)
            for (item, line) in zip(0..<validation.table.itemCount, lines) {
                let messages: [(role: String, content: String)] = (line["messages"]?.arrayValue ?? []).map {
                    ($0["role"]?.stringValue ?? "user", InferenceRequest.text(of: $0["content"]))
                }
                var fields = line
                if case .object(var members) = fields {
                    members["messages"] = nil
                    fields = .object(members)
                }
                let candidates = validation.candidates(of: item)
                for (offset, candidate) in candidates.enumerated() {
                    let flat = validation.table.candidates(of: item).lowerBound + offset
                    for _ in 0..<(flat < draws.count ? draws[flat] : 0) {
                        let number = outputs.count + 1
                        let prompt = messages.reduce(0) { $0 + TokenEstimate.tokens(in: $1.content) }
                        outputs.append(EvalOutputRecord(
                            id: "outputitem_" + IdentifierFactory.token(runID, UInt64(number), length: 32), itemIndex: item, item: fields,
                            input: messages, outputText: candidate.text, error: nil, model: model,
                            usage: TokenUsage(promptTokens: prompt, completionTokens: TokenEstimate.tokens(in: candidate.text)),
                            graderUsage: candidate.result.modelGraderTokenUsagePerModel, sampling: sampling,
                            verdicts: [.init(criterionID: criterion.id, type: criterion.grader.kind.rawValue, score: candidate.result.reward,
                                             passed: criterion.passes(candidate.result))],
                            seconds: 0, errored: candidate.result.metadata.errors.any))
                    }
                }
            }
        }
        let source: JSONValue = [
            "type": "completions", "source": ["type": "file_id", "id": .string(record.request.validationFile ?? "")], "model": .string(model),
            "input_messages": ["type": "item_reference", "item_reference": "item.messages"],
            "sampling_params": ["seed": .number(Double(record.seed)), "temperature": 1, "top_p": 1],
        ]
        return EvalRunRecord(id: runID, evalID: id, ownerKey: record.ownerKey, createdAt: ended, name: "\(record.id) step \(step)", model: model,
                             dataSource: source, metadata: ["fine_tuning_job_id": record.id, "step": String(step)], outputs: outputs,
                             startsAt: ended, rowEnds: [Double](repeating: ended, count: outputs.count), canceledAt: nil)
    }
}
