internal import Graders
internal import Simulator

extension JobRecord {
    /// Every event the job's timeline produces, oldest first (including those still in the
    /// future), each with its exact clock time. Ids depend only on position, and actions only
    /// change the future, so an event keeps its id once a client has seen it.
    func timelineEvents(detail: JobPlanDetail?) -> [(time: Double, event: EventObject)] {
        var events: [(Double, EventObject.Level, String, String, EventData)] = []
        func add(_ time: Double, _ message: String, level: EventObject.Level = .info, type: String = "message", data: EventData = .empty) {
            events.append((time, level, message, type, data))
        }
        add(createdAt, "Created fine-tuning job: \(id)")
        if let validation = request.validationFile {
            add(createdAt, "Validating training file: \(request.trainingFile) and validation file: \(validation)")
        } else {
            add(createdAt, "Validating training file: \(request.trainingFile)")
        }
        let segments = timeline.segments
        for index in 1..<segments.count {
            let (start, phase) = segments[index]
            let previous = segments[index - 1].phase
            switch phase {
            case .validating: break
            case .queued:
                add(start, previous == .validating ? "Files validated, moving job to queued state" : "Fine-tuning job resumed, moving job to queued state")
            case .running(let tauStart):
                if tauStart == 0 {
                    add(start, "Fine-tuning job started")
                } else {
                    add(start, "Fine-tuning job resumed from step \(plan?.stepsCompleted(at: tauStart) ?? 0)")
                }
                guard let plan, let detail, index + 1 < segments.count else { break }
                var tauEnd = tauStart + (segments[index + 1].start - start)
                if case .failed(_, let tau) = segments[index + 1].phase { tauEnd = min(tauEnd, tau) }
                // A run that ends the job ran every step: clock arithmetic at 10⁹ s must not drop the last one.
                if case .succeeded = segments[index + 1].phase { tauEnd = max(tauEnd, plan.totalTrainingSeconds) }
                var step = plan.stepsCompleted(at: tauStart) + 1
                while step <= plan.totalSteps, plan.stepEnds[step - 1] <= tauEnd {
                    let time = start + (plan.stepEnds[step - 1] - tauStart)
                    let event = detail.stepEvents[step - 1]
                    add(time, event.message, type: "metrics", data: event.data)
                    if plan.checkpoints.contains(where: { $0.step == step }) {
                        add(time, "Checkpoint created at step \(step) with Snapshot ID: \(fineTunedModel):ckpt-step-\(step)", data: .object(["step": .number(Double(step))]))
                    }
                    step += 1
                }
            case .paused(let tau):
                let step = plan?.stepsCompleted(at: tau) ?? 0
                add(start, "Fine-tuning job paused at step \(step); checkpoint created", data: .object(["step": .number(Double(step))]))
            case .succeeded:
                add(start, "New fine-tuned model created: \(fineTunedModel)")
                add(start, "The job has successfully completed")
            case .failed(let failure, _):
                add(start, previous == .validating ? "Validation of the files failed: \(failure.message)" : "Fine-tuning job failed: \(failure.message)", level: .error)
            case .cancelled:
                add(start, "Fine-tuning job cancelled", level: .warn)
            }
        }
        return events.enumerated().map { position, entry in
            let id = "ftevent-" + IdentifierFactory.token(id, UInt64(position + 1), length: 24)
            return (entry.0, EventObject(id: id, createdAt: Int(entry.0), level: entry.1, message: entry.2, type: entry.3, data: entry.4))
        }
    }

    /// The events visible at `time`, newest first.
    func events(at time: Double, detail: JobPlanDetail?) -> [EventObject] {
        timelineEvents(detail: detail).filter { $0.time <= time }.reversed().map(\.event)
    }

    /// The checkpoints that exist at `time`, newest first: RFT keeps the three validation
    /// checkpoints with the highest `valid_reward_mean`, SFT the last three epochs; every pause
    /// adds one.
    func checkpoints(at time: Double) -> [CheckpointObject] {
        guard let plan else { return [] }
        let done = plan.stepsCompleted(at: timeline.tau(at: time))
        var kept = plan.checkpoints.filter { $0.step <= done }
        if plan.method == .reinforcement {
            // Highest valid reward first; among equals the later step.
            kept.sort { ($0.rank ?? 0, $0.step) > ($1.rank ?? 0, $1.step) }
            kept = Array(kept.prefix(3))
        } else {
            kept = Array(kept.suffix(3))
        }
        var result: [(time: Double, object: CheckpointObject)] = kept.map { checkpoint in
            let created = timeline.time(reachingTau: plan.trainingSeconds(atStep: checkpoint.step)) ?? createdAt
            return (created, checkpointObject(step: checkpoint.step, metrics: checkpoint.metrics, created: created, salt: "step"))
        }
        for (pauseTime, snapshot) in pauseSnapshots where pauseTime <= time {
            var metrics = plan.checkpoints.last { $0.step <= snapshot.step }?.metrics ?? [:]
            metrics["step"] = Double(snapshot.step)
            result.append((pauseTime, checkpointObject(step: snapshot.step, metrics: metrics, created: pauseTime, salt: "pause-\(pauseTime)")))
        }
        return result.sorted { ($0.time, $0.object.stepNumber) > ($1.time, $1.object.stepNumber) }.map(\.object)
    }

    private func checkpointObject(step: Int, metrics: [String: Double], created: Double, salt: String) -> CheckpointObject {
        CheckpointObject(
            id: "ftckpt_" + IdentifierFactory.token("\(id)/\(salt)", UInt64(step), length: 24), createdAt: Int(created),
            fineTunedModelCheckpoint: "\(fineTunedModel):ckpt-step-\(step)", fineTuningJobID: id, stepNumber: step, metrics: metrics)
    }

    /// θ of a checkpoint model `…:ckpt-step-N` of this job, if it exists at `time`.
    func checkpointParameters(step: Int, at time: Double) -> [Double]? {
        guard let plan else { return nil }
        if let snapshot = pauseSnapshots.values.first(where: { $0.step == step }) { return snapshot.parameters }
        guard checkpoints(at: time).contains(where: { $0.stepNumber == step }),
              let checkpoint = plan.checkpoints.first(where: { $0.step == step }) else { return nil }
        return checkpoint.parameters
    }
}
