internal import Foundation
internal import Provider
internal import Simulator

extension ScenarioRunResult {
    /// The run's report: per-step metrics from the trace, checkpoints, settings and the bill.
    public var report: RunReport {
        var steps: [RunReport.Step] = []
        steps.reserveCapacity(trace.steps.count)
        for (index, entry) in trace.steps.enumerated() {
            let rft = entry.reinforcement, sft = entry.supervised, metrics = entry.metrics
            var step = RunReport.Step(
                step: entry.step,
                trainReward: rft?.trainMeanReward ?? sft?.trainMeanTokenAccuracy ?? 0,
                validReward: rft?.fullValidMeanReward ?? sft?.fullValidMeanTokenAccuracy ?? sft?.validMeanTokenAccuracy,
                validExpectedReward: metrics?.validPolicyExpectedReward,
                goldReward: metrics?.validGoldRewardMean ?? metrics?.trainGoldRewardMean,
                rewardStd: metrics?.rewardStd ?? 0, fracRewardZeroStd: metrics?.fracRewardZeroStd ?? 0,
                entropy: metrics?.entropy ?? 0, kl: metrics?.kl ?? 0,
                elapsedTrainingSeconds: entry.endTrainingSeconds,
                cumulativeCost: RunCosts.cumulative(trace: trace, scenario: scenario, step: index, dataSharing: scenario.dataSharing))
            if let rft {
                for grader in rft.scores.graders {
                    step.graderTrainRewards[grader.name] = grader.trainRewardMean
                    if let valid = grader.validRewardMean { step.graderValidRewards[grader.name] = valid }
                }
                step.samplingSeconds = rft.timing.step.sampling
                step.trainingSeconds = rft.timing.step.training
                step.evalSeconds = rft.timing.step.eval
                step.fullIterationSeconds = rft.timing.step.fullIteration
            } else {
                let previous = index > 0 ? trace.steps[index - 1].endTrainingSeconds : 0
                step.trainingSeconds = entry.endTrainingSeconds - previous
                step.fullIterationSeconds = step.trainingSeconds
            }
            steps.append(step)
        }
        let resolved = trace.resolved
        var hyperparameters: [(key: String, value: String)] = [
            ("n_epochs", "\(resolved.nEpochs)"), ("batch_size", "\(resolved.batchSize)"),
            ("learning_rate_multiplier", format(resolved.learningRateMultiplier)),
        ]
        if let reinforcement = resolved.reinforcement {
            hyperparameters += [
                ("compute_multiplier", format(reinforcement.computeMultiplier)), ("samples per prompt", "\(resolved.samplesPerPrompt)"),
                ("eval_interval", "\(reinforcement.evalInterval)"), ("eval_samples", "\(reinforcement.evalSamples)"),
                ("reasoning_effort", reinforcement.reasoningEffort.rawValue), ("algorithm", scenario.simulation.algorithm.rawValue),
            ]
        }
        hyperparameters += [("steps", "\(trace.steps.count)"), ("η (simulator)", format(resolved.learningRate)),
                            ("training / validation examples", "\(resolved.trainingExamples) / \(resolved.validationExamples)"),
                            ("seed", "\(job.seed)")]
        let graderNames = trace.graderNames.count > 1 ? trace.graderNames : []
        var report = RunReport(
            title: scenario.name, description: scenario.description, model: scenario.model, method: scenario.method.rawValue,
            graderNames: graderNames, hyperparameters: hyperparameters, steps: steps,
            checkpoints: checkpoints.sorted { $0.stepNumber < $1.stepNumber }.map {
                RunReport.Checkpoint(step: $0.stepNumber, model: $0.fineTunedModelCheckpoint,
                                     validReward: $0.metrics["valid_reward_mean"] ?? $0.metrics["full_valid_mean_token_accuracy"])
            },
            summary: summary, baseValidReward: trace.initialValidReward, baseGoldReward: trace.initialGoldReward)
        report.warnings = diagnostics.map(\.message)
        if let base = trace.initialPassAtK, let tuned = trace.finalPassAtK {
            report.passAtK = RunReport.PassAtK(ks: trace.passAtKValues, base: base, tuned: tuned)
        }
        return report
    }

    private func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(format: "%.4g", value)
    }
}
