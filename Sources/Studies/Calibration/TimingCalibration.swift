internal import Foundation
public import Simulator
internal import Stochastics

/// The timing model fitted to a pilot's step seconds (docs/CALIBRATION.md): the fleet's sampling
/// throughput, the training throughput, the eval overhead and the per-iteration overhead, by GSL
/// nonlinear least squares over every timed step.
///
/// The model is `TimingModel`'s, evaluated at the tokens each pilot step reports: a step's
/// training tokens are its samples (`train_reasoning_tokens_count / _mean`) × `completion_tokens_mean`;
/// its validation tokens are `valid_reasoning_tokens_count` plus the training answers' length
/// (`completion_tokens_mean − reasoning_tokens_mean`) per validation sample (events report no
/// validation answer length); grading takes the pilot's own `train/valid_execution_latency_mean`
/// per grader, in waves of `TimingModel.Parameters.graderConcurrency` calls. The residuals, in
/// seconds, are each step's sampling, training, eval (at validation steps) and the rest of its
/// full iteration. Per-sequence decode speed, the sampling and training overheads stay at the
/// scenario's values: one job's steps all sample the same number of answers, so their tokens
/// cannot tell a per-sequence speed from a fleet throughput, nor a small overhead from a rate.
public struct TimingCalibration: Sendable {
    /// One fitted constant.
    public struct Estimate: Sendable, Hashable {
        /// The scenario key (`timing.sampling_tokens_per_second`).
        public var key: String
        /// The fitted value.
        public var value: Double
        /// Its standard error (NaN when the fit has no degrees of freedom).
        public var standardError: Double
        /// The scale of ``TimingCalibration/covariance``.
        public var scale: ScenarioCalibration.Scale
    }

    /// The fitted constants, in ``ScenarioCalibration/calibratableKeys`` order.
    public let estimates: [Estimate]
    /// Their covariance on their scales (p × p, row-major; NaN without degrees of freedom).
    public let covariance: [Double]
    /// The constants with the fitted values set (and the pilot's grader latencies).
    public let parameters: TimingModel.Parameters
    /// Mean seconds per grader call by grader type, read from the pilot.
    public let graderLatencies: [GraderKind: Double]
    /// Each timed step: the pilot's seconds and the fitted model's.
    public let steps: [(step: Int, pilot: PilotRecord.StepSeconds, model: PilotRecord.StepSeconds)]

    /// Fits the timed steps of `pilot`, starting from `initial`.
    ///
    /// - Throws: ``CalibrationError``: `tooFewSteps` when no step reports timing and the tokens it
    ///   sampled; `didNotConverge` when the solver fails or a fitted rate is not positive.
    public init(pilot: PilotRecord, initial: TimingModel.Parameters, graderConcurrency: Int? = nil) throws(CalibrationError) {
        struct Row {
            var step: Int
            var seconds: PilotRecord.StepSeconds
            var trainSamples: Int
            var trainTokens: Double
            var validSamples: Int
            var validTokens: Double
            var trainGrading: Double
            var validGrading: Double
        }
        let concurrency = Double(graderConcurrency ?? initial.graderConcurrency)
        var rows: [Row] = []
        for step in pilot.steps {
            guard let seconds = step.timing, let samples = step.trainSamples, samples > 0, let completion = step.completionTokensMean else { continue }
            let answer = max(0, completion - (step.reasoningTokensMean ?? completion))
            let validSamples = seconds.eval > 0 ? step.validSamples ?? 0 : 0
            let validTokens = validSamples > 0 ? (step.validReasoningTokens ?? 0) + Double(validSamples) * answer : 0
            let trainWaves = (Double(samples) / concurrency).rounded(.up), validWaves = (Double(validSamples) / concurrency).rounded(.up)
            rows.append(Row(
                step: step.step, seconds: seconds, trainSamples: samples, trainTokens: Double(samples) * completion,
                validSamples: validSamples, validTokens: validTokens,
                trainGrading: step.graderLatencies.reduce(0) { $0 + $1.train * trainWaves },
                validGrading: step.graderLatencies.reduce(0) { $0 + ($1.valid ?? $1.train * initial.validationGraderLatencyFactor) * validWaves }))
        }
        guard !rows.isEmpty else {
            throw CalibrationError(.tooFewSteps, "\(pilot.path) has no step with timing.step and token counts (usage.samples, completion_tokens_mean) to fit the timing model to"
                + (pilot.source == .resultsCSV ? "; a results CSV has no timing: give the job's metrics events, or --fit rewards" : ""))
        }
        let fitsEval = rows.contains { $0.validSamples > 0 }
        // θ: ln sampling throughput, ln training throughput, iteration overhead[, eval overhead].
        var start = [log(initial.aggregateDecodeTokensPerSecond), log(initial.trainingTokensPerSecond), initial.iterationOverheadSeconds]
        if fitsEval { start.append(initial.evalOverheadSeconds) }
        let residualCount = rows.count * 3 + rows.filter { $0.validSamples > 0 }.count
        func model(_ row: Row, _ theta: UnsafeBufferPointer<Double>) -> PilotRecord.StepSeconds {
            let aggregate = exp(theta[0]), training = exp(theta[1])
            let sampling = initial.samplingOverheadSeconds + row.trainTokens / Double(row.trainSamples) / initial.sequenceDecodeTokensPerSecond
                + row.trainTokens / aggregate + row.trainGrading
            let update = initial.trainingOverheadSeconds + row.trainTokens / training
            var eval = 0.0
            if row.validSamples > 0 {
                eval = (fitsEval ? theta[3] : initial.evalOverheadSeconds) + initial.samplingOverheadSeconds
                    + row.validTokens / Double(row.validSamples) / initial.sequenceDecodeTokensPerSecond + row.validTokens / aggregate + row.validGrading
            }
            return .init(sampling: sampling, training: update, eval: eval, fullIteration: sampling + update + eval + theta[2])
        }
        let fit: LeastSquaresFit
        do {
            fit = try NonlinearLeastSquares(maximumIterations: 200).minimize(initial: start, residualCount: max(residualCount, start.count)) { theta, residuals in
                var slot = 0
                for row in rows {
                    let predicted = model(row, theta)
                    residuals[slot] = row.seconds.sampling - predicted.sampling
                    residuals[slot + 1] = row.seconds.training - predicted.training
                    residuals[slot + 2] = (row.seconds.fullIteration - row.seconds.sampling - row.seconds.training - row.seconds.eval) - theta[2]
                    slot += 3
                    if row.validSamples > 0 {
                        residuals[slot] = row.seconds.eval - predicted.eval
                        slot += 1
                    }
                }
                // Fewer observations than parameters cannot happen (3 per row ≥ 3, and eval adds one of each).
                while slot < residuals.count { residuals[slot] = 0; slot += 1 }
            }
        } catch {
            throw CalibrationError(.didNotConverge, "the timing fit to \(pilot.path) did not converge: \(error)")
        }
        let theta = fit.parameters
        var parameters = initial
        parameters.aggregateDecodeTokensPerSecond = exp(theta[0])
        parameters.trainingTokensPerSecond = exp(theta[1])
        parameters.iterationOverheadSeconds = theta[2]
        if fitsEval { parameters.evalOverheadSeconds = theta[3] }
        guard theta.allSatisfy(\.isFinite), parameters.iterationOverheadSeconds > -1e-6, parameters.evalOverheadSeconds > -1e-6 else {
            throw CalibrationError(.didNotConverge, "the timing fit to \(pilot.path) gave a negative overhead (iteration \(parameters.iterationOverheadSeconds) s, eval \(parameters.evalOverheadSeconds) s): the pilot's seconds do not follow the timing model")
        }
        parameters.iterationOverheadSeconds = max(0, parameters.iterationOverheadSeconds)
        parameters.evalOverheadSeconds = max(0, parameters.evalOverheadSeconds)
        // Grader latencies as the pilot measured them, by type.
        var latencies: [GraderKind: (sum: Double, count: Double)] = [:]
        for step in pilot.steps {
            for grader in step.graderLatencies {
                guard let kind = GraderKind(rawValue: grader.type) else { continue }
                latencies[kind, default: (0, 0)].sum += grader.train
                latencies[kind, default: (0, 0)].count += 1
            }
        }
        graderLatencies = latencies.mapValues { $0.sum / $0.count }
        for (kind, seconds) in graderLatencies {
            switch kind {
            case .stringCheck: parameters.graderLatencySeconds.stringCheck = seconds
            case .textSimilarity: parameters.graderLatencySeconds.textSimilarity = seconds
            case .python: parameters.graderLatencySeconds.python = seconds
            case .scoreModel: parameters.graderLatencySeconds.scoreModel = seconds
            case .labelModel: parameters.graderLatencySeconds.labelModel = seconds
            }
        }
        self.parameters = parameters
        // Report in calibratableKeys order: sampling, training, eval, iteration.
        let p = theta.count
        let order = fitsEval ? [0, 1, 3, 2] : [0, 1, 2]
        let keys = ["timing.sampling_tokens_per_second", "timing.training_tokens_per_second", "timing.iteration_overhead_seconds",
                    "timing.eval_overhead_seconds"]
        let values = [parameters.aggregateDecodeTokensPerSecond, parameters.trainingTokensPerSecond, parameters.iterationOverheadSeconds,
                      parameters.evalOverheadSeconds]
        let scales: [ScenarioCalibration.Scale] = [.log, .log, .linear, .linear]
        estimates = order.map { i in
            // A log-scale standard error is relative; report it in the value's units (delta method).
            let se = fit.standardErrors[i] * (scales[i] == .log ? values[i] : 1)
            return Estimate(key: keys[i], value: values[i], standardError: se, scale: scales[i])
        }
        covariance = order.flatMap { i in order.map { j in fit.covariance[i * p + j] } }
        steps = rows.map { row in
            (row.step, row.seconds, theta.withUnsafeBufferPointer { model(row, $0) })
        }
    }
}
