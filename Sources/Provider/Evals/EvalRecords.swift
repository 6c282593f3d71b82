internal import Graders

/// A stored eval: its definition, owner and creation time.
struct EvalRecord: Sendable {
    var id: String
    var ownerKey: String
    var createdAt: Double
    var definition: EvalDefinition

    /// The eval object (`object: "eval"`).
    var object: EvalObject {
        EvalObject(id: id, createdAt: Int(createdAt), name: definition.name, metadata: definition.metadata,
                   dataSourceConfig: definition.dataSourceConfig, testingCriteria: definition.criteria.map(\.json))
    }
}

/// One graded row of a run, computed when the run is created and revealed when its time comes.
struct EvalOutputRecord: Sendable {
    /// One criterion's verdict on the row.
    struct Verdict: Sendable, Hashable {
        var criterionID: String
        var type: String
        var score: Double
        var passed: Bool
    }

    var id: String
    /// The row's position in the data source (`datasource_item_id`).
    var itemIndex: Int
    var item: JSONValue
    /// The messages the model was asked with.
    var input: [(role: String, content: String)]
    /// The answer, or `nil` when the row has none (a jsonl row without a sample, a model error).
    var outputText: String?
    /// Why there is no answer (`{code, message}` of the sample), if so.
    var error: EvalErrorObject?
    var model: String
    var usage: TokenUsage
    /// Grader-model tokens spent grading this row, by model.
    var graderUsage: [String: TokenUsage]
    var sampling: RunDataSource.Sampling
    var verdicts: [Verdict]
    /// Clock seconds the row took (answering and grading), before the run's parallelism.
    var seconds: Double

    /// Errored: no answer, or a grader could not grade it.
    var errored: Bool
    /// Passed every criterion.
    var passed: Bool { !errored && verdicts.allSatisfy(\.passed) }
}

/// A run: its rows graded up front, revealed along the clock (`queued`, `in_progress`, then
/// `completed`, or `canceled` when cancelled first).
struct EvalRunRecord: Sendable {
    var id: String
    var evalID: String
    var ownerKey: String
    var createdAt: Double
    var name: String
    var model: String
    var dataSource: JSONValue
    var metadata: [String: String]
    var outputs: [EvalOutputRecord]
    /// When the run leaves the queue.
    var startsAt: Double
    /// When each row is done (non-decreasing).
    var rowEnds: [Double]
    var canceledAt: Double?

    /// Seconds a new run waits before it starts.
    static let queueSeconds = 5.0
    /// Rows processed at once.
    static let parallelism = 8.0

    /// Schedules rows after the queue: each row's seconds, `parallelism` at a time.
    static func schedule(_ outputs: [EvalOutputRecord], startingAt start: Double) -> [Double] {
        var elapsed = 0.0
        return outputs.map { output in
            elapsed += output.seconds / parallelism
            return start + elapsed
        }
    }

    /// When the last row is done.
    var endsAt: Double { rowEnds.last ?? startsAt }

    /// The status at `time`.
    func status(at time: Double) -> String {
        if let canceledAt, canceledAt <= time, canceledAt < endsAt { return "canceled" }
        if time < startsAt { return "queued" }
        return time >= endsAt ? "completed" : "in_progress"
    }

    /// The rows done by `time` (a cancelled run keeps those done before it was cancelled).
    func visibleOutputs(at time: Double) -> ArraySlice<EvalOutputRecord> {
        let limit = min(time, canceledAt ?? time)
        var low = 0, high = rowEnds.count
        while low < high {
            let mid = (low + high) / 2
            if rowEnds[mid] <= limit { low = mid + 1 } else { high = mid }
        }
        return outputs[..<low]
    }

    /// The run object at `time`: status, counts and usage over the rows done by then.
    func object(at time: Double, criteria: [String]) -> EvalRunObject {
        let done = visibleOutputs(at: time)
        var counts = EvalRunObject.ResultCounts()
        var perCriterion = criteria.map { EvalRunObject.CriterionResult(testingCriteria: $0) }
        var usage: [String: EvalRunObject.ModelUsage] = [:]
        for output in done {
            counts.total += 1
            if output.errored { counts.errored += 1 } else if output.passed { counts.passed += 1 } else { counts.failed += 1 }
            for verdict in output.verdicts {
                guard let index = criteria.firstIndex(of: verdict.criterionID) else { continue }
                if verdict.passed { perCriterion[index].passed += 1 } else { perCriterion[index].failed += 1 }
            }
            if output.usage.totalTokens > 0 || output.outputText != nil && !output.model.isEmpty {
                usage[output.model, default: .init(modelName: output.model)].add(output.usage)
            }
            for (model, tokens) in output.graderUsage {
                usage[model, default: .init(modelName: model)].add(tokens)
            }
        }
        return EvalRunObject(
            id: id, evalID: evalID, createdAt: Int(createdAt), name: name, model: model, status: status(at: time),
            resultCounts: counts, perModelUsage: usage.keys.sorted().map { usage[$0]! }, perTestingCriteriaResults: perCriterion,
            dataSource: dataSource, metadata: metadata)
    }

    /// The output item of the row at `position` in `outputs` (created when the row was done).
    func item(at position: Int) -> EvalOutputItemObject {
        EvalOutputItemObject(record: outputs[position], runID: id, evalID: evalID, createdAt: Int(rowEnds[position]))
    }
}
